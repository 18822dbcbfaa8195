// The public transparency page against a real database: known cases and survey responses are
// inserted, then the monthly figures are read back raw (getRawTransparencyMonths), published
// (getTransparencyReport, with suppression) and through the page's and the CSV's loaders — with
// Santiago month boundaries, another institution's cases (never counted), cases still within their
// deadline (not yet decided), derived cases, and bad years (400, localised).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { Prisma, type CaseKind, type CaseStatus, type Channel } from "~/generated/prisma/client";
import { clearTransparencyCache, getRawTransparencyMonths, getTransparencyReport, monthlyCasesSql } from "~/domain/transparency/monthly.server";
import { settleRollupRefresh } from "~/domain/surveys/results.server";
import { loader as pageLoader } from "~/routes/transparencia";
import { loader as csvLoader } from "~/routes/transparencia[.]csv";
import { seedDemo } from "../../prisma/seed";

// Sunday 15 March 2026, 10:00 in Santiago (UTC−3).
const NOW = new Date("2026-03-15T13:00:00Z");
type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
const call = (handler: unknown, request: Request) => (handler as Loader)({ request, params: {}, context: {} });
const get = (path: string, lang = "es") => new Request(`http://localhost${path}`, { headers: { "Accept-Language": lang } });

/** "2025-03-31 23:30" in Santiago → the instant (UTC−3 until 6 April 2025, UTC−4 until 7 September, UTC−3 after). */
function santiago(local: string): Date {
  const [day, time = "12:00"] = local.split(" ");
  const offset = day! >= "2025-04-06" && day! < "2025-09-07" ? "-04:00" : "-03:00";
  return new Date(`${day}T${time}:00${offset}`);
}

let institutionId: string;
let otherInstitutionId: string;
let templateId: string;
let seq = 0;

type Spec = {
  at: string;
  kind?: CaseKind;
  channel?: Channel;
  status?: CaseStatus;
  /** Local due date-time (default: 10 days after reception). */
  due?: string;
  /** Local answer date-time and business days it took. */
  answered?: { at: string; days: number };
  institution?: string;
};

async function makeCases(count: number, spec: Spec) {
  const receivedAt = santiago(spec.at);
  const dueAt = spec.due ? santiago(spec.due) : new Date(receivedAt.getTime() + 14 * 86_400_000);
  await db.case.createMany({
    data: Array.from({ length: count }, () => {
      seq += 1;
      return {
        institutionId: spec.institution ?? institutionId,
        folio: `TR-${String(seq).padStart(6, "0")}`,
        kind: spec.kind ?? "RECLAMO",
        channel: spec.channel ?? "WEB",
        status: spec.status ?? (spec.answered ? "RESPONDIDA" : "EN_TRAMITE"),
        subject: "Asunto privado que nunca se publica",
        description: "Texto libre que nunca se publica.",
        citizenName: "Persona Privada",
        accessCodeHash: `hash-${seq}`,
        submittedAt: receivedAt,
        receivedAt,
        dueAt,
        targetDays: 10,
        respondedAt: spec.answered ? santiago(spec.answered.at) : null,
        responseBusinessDays: spec.answered?.days ?? null,
      };
    }),
  });
}

async function makeResponses(scores: number[], at: string, institution = institutionId, template = templateId) {
  await db.surveyResponse.createMany({
    data: scores.map((score) => ({ institutionId: institution, templateId: template, channel: "PRESENCIAL" as const, mainScore: score, answers: { overall: score }, createdAt: santiago(at) })),
  });
}

beforeAll(async () => {
  const summary = await seedDemo(db, { password: "x-password-2026", now: NOW });
  institutionId = summary.institutionId;
  templateId = (await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, key: "default", version: 1 } })).id;
  const other = await db.institution.create({ data: { name: "Otro Servicio", shortName: "OTRO" } });
  otherInstitutionId = other.id;
  const otherTemplate = await db.surveyTemplate.create({ data: { institutionId: other.id, key: "default", version: 1, title: { es: "x", en: "x" }, questions: [] } });

  // January 2025: 17 cases.
  // 12 RECLAMO by web answered on time (6 in 5 business days, 6 in 7)…
  await makeCases(6, { at: "2025-01-06 10:00", due: "2025-01-20 23:59", answered: { at: "2025-01-13 10:00", days: 5 } });
  await makeCases(6, { at: "2025-01-06 10:00", due: "2025-01-20 23:59", answered: { at: "2025-01-15 10:00", days: 7 } });
  // …3 CONSULTA at the counter answered late (15 business days)…
  await makeCases(3, { at: "2025-01-08 10:00", kind: "CONSULTA", channel: "PRESENCIAL", due: "2025-01-22 23:59", answered: { at: "2025-01-29 10:00", days: 15 } });
  // …1 SUGERENCIA by web never answered, overdue (decided, late)…
  await makeCases(1, { at: "2025-01-09 10:00", kind: "SUGERENCIA", due: "2025-02-06 23:59" });
  // …1 RECLAMO by email derived to another body (received, but no deadline outcome).
  await makeCases(1, { at: "2025-01-10 10:00", channel: "EMAIL", status: "DERIVADA" });
  // Another institution's cases in January: never counted.
  await makeCases(30, { at: "2025-01-10 10:00", kind: "FELICITACION", channel: "CARTA", institution: other.id });

  // February 2025: 9 cases, one of them at 23:30 on the 28th in Santiago (already 1 March in UTC).
  await makeCases(8, { at: "2025-02-10 10:00", answered: { at: "2025-02-12 10:00", days: 2 } });
  await makeCases(1, { at: "2025-02-28 23:30", answered: { at: "2025-03-04 10:00", days: 2 } });

  // March 2025: 20 cases, 10 by kiosk (FELICITACION) and 10 by phone (SOLICITUD), one of them at
  // 23:30 on 31 March (1 April in UTC); none answered, all overdue.
  await makeCases(10, { at: "2025-03-12 10:00", kind: "FELICITACION", channel: "KIOSK", due: "2025-03-26 23:59" });
  await makeCases(9, { at: "2025-03-12 10:00", kind: "SOLICITUD", channel: "TELEFONO", due: "2025-03-26 23:59" });
  await makeCases(1, { at: "2025-03-31 23:30", kind: "SOLICITUD", channel: "TELEFONO", due: "2025-04-14 23:59" });

  // 2024: one case (the year selector starts there).
  await makeCases(1, { at: "2024-11-05 10:00" });

  // March 2026 (the current month at NOW): 10 answered on time, 12 still within their deadline.
  await makeCases(10, { at: "2026-03-02 10:00", due: "2026-03-16 23:59", answered: { at: "2026-03-10 10:00", days: 6 } });
  await makeCases(12, { at: "2026-03-09 10:00", due: "2026-03-23 23:59" });

  // Survey responses: January 2025, 10 (8 at 6–7 → ISU 80 %); February, 9 (withheld); another
  // institution's in January (never counted).
  await makeResponses([7, 7, 7, 6, 6, 6, 6, 7, 4, 2], "2025-01-20 10:00");
  await makeResponses([7, 7, 7, 7, 7, 7, 7, 7, 7], "2025-02-20 10:00");
  await makeResponses([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "2025-01-20 10:00", other.id, otherTemplate.id);
});

afterAll(async () => {
  await settleRollupRefresh();
});

describe("raw monthly figures", () => {
  it("count each month's cases by Santiago month, kind and channel, with the shared definitions", async () => {
    const months = await getRawTransparencyMonths({ institutionId, year: 2025, now: NOW });
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`));
    const [jan, feb, mar, apr] = months;
    expect(jan).toEqual({
      month: "2025-01",
      received: 17,
      byKind: { RECLAMO: 13, CONSULTA: 3, SUGERENCIA: 1 },
      byChannel: { WEB: 13, PRESENCIAL: 3, EMAIL: 1 },
      // 12 + 3 answered + 1 overdue; the derived case is left out.
      decided: 16,
      onTime: 12,
      answered: 15,
      // (6×5 + 6×7 + 3×15) ÷ 15
      meanDays: 7.8,
      surveyN: 10,
      isu: 80,
    });
    expect(feb).toMatchObject({ received: 9, byKind: { RECLAMO: 9 }, byChannel: { WEB: 9 }, decided: 9, onTime: 9, answered: 9, meanDays: 2, surveyN: 9, isu: 100 });
    expect(mar).toMatchObject({ received: 20, byKind: { FELICITACION: 10, SOLICITUD: 10 }, byChannel: { KIOSK: 10, TELEFONO: 10 }, decided: 20, onTime: 0, answered: 0, meanDays: null });
    expect(apr).toMatchObject({ received: 0, byKind: {}, byChannel: {}, decided: 0, answered: 0, meanDays: null, surveyN: 0, isu: null });
    expect(months.slice(3).every((m) => m.received === 0 && m.surveyN === 0)).toBe(true);
  });

  it("leaves cases still within their deadline out of the on-time denominator, and stops at the current month", async () => {
    const months = await getRawTransparencyMonths({ institutionId, year: 2026, now: NOW });
    expect(months.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(months[2]).toMatchObject({ received: 22, decided: 10, onTime: 10, answered: 10, meanDays: 6 });
  });

  it("reads the year's range through an index on institutionId and receivedAt", async () => {
    // With a handful of rows the planner may prefer a sequential scan; with it off, the statement
    // must still be answerable from an index bounded by institution and reception instant.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN ${monthlyCasesSql(institutionId, 2025, NOW)}`);
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index Cond: \(\("institutionId" = .*\) AND \("receivedAt" >= .*\) AND \("receivedAt" < /);
    expect(text).not.toMatch(/Seq Scan/);
  });
});

describe("published figures", () => {
  it("withhold small counts, their complements, and ratios on fewer than 10", async () => {
    const report = await getTransparencyReport({ institutionId, year: 2025, now: NOW, cache: false });
    expect(report.year).toBe(2025);
    expect(report.years).toEqual([2026, 2025, 2024]);
    const [jan, feb, mar] = report.months;
    const W = { value: null, suppressed: true };
    const c = (value: number) => ({ value, suppressed: false });
    // January: 17 shown; CONSULTA 3 and SUGERENCIA 1 withheld (sum 4), so RECLAMO 13 too.
    expect(jan!.received).toEqual(c(17));
    expect(jan!.byKind).toEqual({ CONSULTA: W, RECLAMO: W, SUGERENCIA: W, FELICITACION: c(0), SOLICITUD: c(0) });
    expect(jan!.byChannel).toEqual({ WEB: W, KIOSK: c(0), PRESENCIAL: W, TELEFONO: c(0), EMAIL: W, CARTA: c(0), REDES: c(0), API: c(0) });
    expect(jan!.onTime).toEqual({ value: 75, n: 16, suppressed: false });
    expect(jan!.meanDays).toEqual({ value: 7.8, n: 15, suppressed: false });
    expect(jan!.isu).toEqual({ value: 80, n: 10, suppressed: false });
    // February: 9 cases and 9 responses: everything withheld but the zeros.
    expect(feb!.received).toEqual(W);
    expect(feb!.byKind.RECLAMO).toEqual(W);
    expect(feb!.byKind.CONSULTA).toEqual(c(0));
    expect(feb!.byChannel.WEB).toEqual(W);
    for (const ratio of [feb!.onTime, feb!.meanDays, feb!.isu]) expect(ratio).toEqual({ value: null, n: null, suppressed: true });
    // March: exactly 10 and 10: shown; nobody answered: 0 %, no mean.
    expect(mar!.byKind).toMatchObject({ FELICITACION: c(10), SOLICITUD: c(10) });
    expect(mar!.byChannel).toMatchObject({ KIOSK: c(10), TELEFONO: c(10) });
    expect(mar!.onTime).toEqual({ value: 0, n: 20, suppressed: false });
    expect(mar!.meanDays).toEqual({ value: null, n: 0, suppressed: false });
    expect(mar!.isu).toEqual({ value: null, n: 0, suppressed: false });
  });

  it("are cached for a few minutes and recomputed after clearing", async () => {
    clearTransparencyCache();
    const first = await getTransparencyReport({ institutionId, year: 2024, now: NOW });
    expect(first.months[10]!.received).toEqual({ value: null, suppressed: true }); // 1 case in November 2024
    await makeCases(9, { at: "2024-11-06 10:00" });
    expect((await getTransparencyReport({ institutionId, year: 2024, now: NOW })).months[10]!.received).toEqual({ value: null, suppressed: true });
    clearTransparencyCache();
    expect((await getTransparencyReport({ institutionId, year: 2024, now: NOW })).months[10]!.received).toEqual({ value: 10, suppressed: false });
  });
});

describe("the page and the CSV", () => {
  beforeEach(() => clearTransparencyCache());

  it("the page sends only published figures, never raw counts or text", async () => {
    const res = await call(pageLoader, get("/transparencia?anio=2025"));
    expect(res.status).toBe(200);
    const body = await res.text();
    const data = JSON.parse(body);
    expect(data.report.year).toBe(2025);
    expect(data.error).toBeNull();
    expect(data.report.months[0].byKind.RECLAMO).toEqual({ value: null, suppressed: true });
    expect(data.report.months[0].received).toEqual({ value: 17, suppressed: false });
    expect(body).not.toMatch(/privad|Persona|OTRO|Otro Servicio/i);
  });

  it.each([
    ["?anio=abc", "invalid"],
    ["?anio=1999", "outOfRange"],
    ["?anio=2999", "outOfRange"],
  ])("the page answers 400 for %s and shows the current year", async (query, error) => {
    const res = await call(pageLoader, get(`/transparencia${query}`));
    expect(res.status).toBe(400);
    const data = await res.json();
    expect(data.error).toBe(error);
    expect(data.report.year).toBe(data.currentYear);
  });

  it("the CSV has the header, one row per month × measure × category, and the same suppression", async () => {
    const res = await call(csvLoader, get("/transparencia.csv?anio=2025"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="oirs-transparencia-2025.csv"');
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("month,measure,breakdown,category,value,n,suppressed");
    expect(lines).toHaveLength(1 + 12 * 17 + 1);
    expect(lines).toContain("2025-01,cases_received,total,ALL,17,,false");
    expect(lines).toContain("2025-01,cases_received,kind,RECLAMO,,,true");
    expect(lines).toContain("2025-01,cases_received,kind,FELICITACION,0,,false");
    expect(lines).toContain("2025-01,answered_on_time_pct,total,ALL,75,16,false");
    expect(lines).toContain("2025-01,mean_business_days_to_answer,total,ALL,7.8,15,false");
    expect(lines).toContain("2025-01,isu_pct,total,ALL,80,10,false");
    expect(lines).toContain("2025-02,cases_received,total,ALL,,,true");
    expect(lines).toContain("2025-02,isu_pct,total,ALL,,,true");
    expect(lines).toContain("2025-03,cases_received,channel,KIOSK,10,,false");
    expect(lines).toContain("2025-03,answered_on_time_pct,total,ALL,0,20,false");
    expect(lines).toContain("2025-04,cases_received,total,ALL,0,,false");
    expect(lines).toContain("2025-04,isu_pct,total,ALL,,0,false");
  });

  it.each([
    ["?anio=20x5", "es", /cuatro cifras/],
    ["?anio=1900", "es", /Solo hay cifras de los años 2000 a \d{4}/],
    ["?anio=20x5", "en", /four digits/],
    ["?anio=3000", "en", /only for the years 2000 to \d{4}/],
  ])("the CSV answers 400 for %s (%s) with a sentence", async (query, lang, message) => {
    const res = await call(csvLoader, get(`/transparencia.csv${query}`, lang));
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(message);
  });

  it("counts nothing of the other institution", async () => {
    const months = await getRawTransparencyMonths({ institutionId: otherInstitutionId, year: 2025, now: NOW });
    expect(months[0]).toMatchObject({ received: 30, byKind: { FELICITACION: 30 }, byChannel: { CARTA: 30 }, surveyN: 12, isu: 0 });
  });
});
