// The live indicators against known data in a real database: cases and survey responses inserted
// for the seeded plan year (2026), figures worked out by hand below.
import { db } from "~/db/client.server";
import { createSession } from "~/domain/auth/session.server";
import { loader as dashboardLoader } from "~/routes/comite._index";
import { evaluateIndicators } from "~/domain/committee/indicator-values.server";
import { caseBreakdowns, periodCaseCounts } from "~/domain/committee/case-figures.server";
import type { EvaluatedIndicator } from "~/domain/committee/indicator-types";
import { seedDemo } from "../../prisma/seed";

const NOW = new Date("2026-11-30T15:00:00Z");
let institutionId: string;
let planId: string;
let offices: Record<string, string>;

/** Noon on a 2026 day in Santiago (UTC−3 all year for these dates is close enough at noon). */
const at = (day: string) => new Date(`${day}T15:00:00Z`);

type CaseRow = {
  day: string;
  kind: "RECLAMO" | "CONSULTA" | "SUGERENCIA";
  channel: "WEB" | "PRESENCIAL";
  office?: "CENTRAL" | "ANDACOLLO";
  status: "CERRADA" | "RESPONDIDA" | "EN_TRAMITE" | "DERIVADA";
  due: string;
  responded?: string;
  days?: number;
  outcome?: "RESOLVED" | "NOT_RESOLVED";
};

// S1: 4 received, 2 resolved; reclamos decided 3 (one on time, one late, one overdue unanswered);
// answered 3 with 5, 25 and 2 business days. S2: 3 received, 1 resolved; one reclamo still within
// term and one derived case (neither decided); answered 1 with 10 business days.
const CASES: CaseRow[] = [
  { day: "2026-01-12", kind: "RECLAMO", channel: "WEB", office: "CENTRAL", status: "CERRADA", due: "2026-01-26", responded: "2026-01-19", days: 5, outcome: "RESOLVED" },
  { day: "2026-01-13", kind: "RECLAMO", channel: "WEB", office: "CENTRAL", status: "CERRADA", due: "2026-01-27", responded: "2026-02-17", days: 25, outcome: "NOT_RESOLVED" },
  { day: "2026-02-02", kind: "CONSULTA", channel: "PRESENCIAL", office: "ANDACOLLO", status: "RESPONDIDA", due: "2026-02-16", responded: "2026-02-04", days: 2, outcome: "RESOLVED" },
  { day: "2026-03-02", kind: "RECLAMO", channel: "PRESENCIAL", office: "ANDACOLLO", status: "EN_TRAMITE", due: "2026-03-16" },
  { day: "2026-11-25", kind: "RECLAMO", channel: "WEB", status: "EN_TRAMITE", due: "2026-12-09" },
  { day: "2026-08-03", kind: "SUGERENCIA", channel: "WEB", status: "DERIVADA", due: "2026-08-17" },
  { day: "2026-09-07", kind: "CONSULTA", channel: "WEB", office: "CENTRAL", status: "CERRADA", due: "2026-09-21", responded: "2026-09-21", days: 10, outcome: "RESOLVED" },
];

// Main scores: February 7 6 5 3 (2 positive of 4), October 7 7 (2 of 2).
const RESPONSES: Array<{ day: string; score: number; channel: "WEB" | "PRESENCIAL" }> = [
  { day: "2026-02-10", score: 7, channel: "WEB" },
  { day: "2026-02-11", score: 6, channel: "WEB" },
  { day: "2026-02-12", score: 5, channel: "PRESENCIAL" },
  { day: "2026-02-13", score: 3, channel: "PRESENCIAL" },
  { day: "2026-10-05", score: 7, channel: "WEB" },
  { day: "2026-10-06", score: 7, channel: "WEB" },
];

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026" });
  const plan = await db.plan.findFirstOrThrow({ where: { year: 2026 }, select: { id: true, institutionId: true } });
  institutionId = plan.institutionId;
  planId = plan.id;
  offices = Object.fromEntries((await db.office.findMany({ select: { id: true, code: true } })).map((o) => [o.code, o.id]));
  await db.case.createMany({
    data: CASES.map((c, i) => ({
      institutionId,
      folio: `TEST-2026-${String(i + 1).padStart(6, "0")}`,
      kind: c.kind,
      channel: c.channel,
      status: c.status,
      subject: "Caso de prueba",
      description: "Descripción",
      officeId: c.office ? offices[c.office] : null,
      accessCodeHash: "x",
      submittedAt: at(c.day),
      receivedAt: at(c.day),
      dueAt: at(c.due),
      targetDays: 10,
      respondedAt: c.responded ? at(c.responded) : null,
      responseBusinessDays: c.days ?? null,
      outcome: c.outcome ?? null,
    })),
  });
  const template = await db.surveyTemplate.findFirstOrThrow({ where: { key: "default", version: 1 }, select: { id: true } });
  await db.surveyResponse.createMany({
    data: RESPONSES.map((r) => ({
      institutionId,
      templateId: template.id,
      channel: r.channel,
      mainScore: r.score,
      answers: { overall: r.score },
      createdAt: at(r.day),
    })),
  });
});

async function indicators(filters = {}) {
  const list = await evaluateIndicators({ institutionId, year: 2026, now: NOW, filters });
  expect(list).not.toBeNull();
  return new Map(list!.map((i) => [i.code, i]));
}

const period = (i: EvaluatedIndicator, code: string) => i.periods.find((p) => p.period.code === code)!;

describe("live indicators of the seeded plan", () => {
  it("resolution rate: resolved ÷ received, per semester and for the year", async () => {
    const r = (await indicators()).get("RESOLUCION")!;
    expect(r.unit).toBe("percent");
    expect(period(r, "2026-S1")).toMatchObject({ value: 50, numerator: 2, denominator: 4, n: 4, met: false });
    expect(period(r, "2026-S2")).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    expect(r.year).toMatchObject({ value: 42.9, numerator: 3, denominator: 7 });
    expect(period(r, "2026-S1").interval).not.toBeNull();
  });

  it("reclamos on time: only reclamos whose deadline outcome is known count", async () => {
    const r = (await indicators()).get("RECLAMOS_EN_PLAZO")!;
    expect(period(r, "2026-S1")).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    // The only S2 reclamo is still within its term: no value, not 0 %.
    expect(period(r, "2026-S2")).toMatchObject({ value: null, met: null });
    expect(r.year).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
  });

  it("mean business days to answer, lower is better", async () => {
    const r = (await indicators()).get("DIAS_RESPUESTA")!;
    expect(r.unit).toBe("days");
    expect(period(r, "2026-S1")).toMatchObject({ value: 10.7, n: 3, met: false });
    expect(period(r, "2026-S2")).toMatchObject({ value: 10, n: 1, met: true });
    expect(r.year).toMatchObject({ value: 10.5, n: 4 });
  });

  it("ISU from the survey responses of each semester", async () => {
    const r = (await indicators()).get("ISU")!;
    expect(period(r, "2026-S1")).toMatchObject({ value: 50, numerator: 2, n: 4 });
    expect(period(r, "2026-S2")).toMatchObject({ value: 100, numerator: 2, n: 2, met: true });
    expect(r.year).toMatchObject({ value: 66.7, numerator: 4, n: 6 });
  });

  it("PCPA from the activities, and manual figures from the committee's measurements", async () => {
    const list = await indicators();
    const pcpa = list.get("PCPA")!;
    const activities = await db.planActivity.findMany({ where: { planId }, select: { executedAt: true } });
    const executed = activities.filter((a) => a.executedAt && a.executedAt <= NOW).length;
    expect(pcpa.year).toMatchObject({ numerator: executed, denominator: activities.length });
    expect(pcpa.year.value).toBe(Math.round((executed / activities.length) * 10000) / 100);
    // The seed's manual figures for the year so far: 34 of 85 officials trained, 40 % against 80 %.
    expect(list.get("CAPACITACION")!.year).toMatchObject({ value: 40, numerator: 34, denominator: 85, met: false });
    expect(list.get("CAPACITACION")!.year.measurement?.interpretation).toMatch(/^Durante el primer semestre/);
  });

  it("filters narrow the live figures (channel, office)", async () => {
    const web = await indicators({ channel: "WEB" });
    expect(web.get("RESOLUCION")!.year).toMatchObject({ numerator: 2, denominator: 5 });
    expect(web.get("ISU")!.year).toMatchObject({ numerator: 4, n: 4 });
    const andacollo = await indicators({ officeId: offices.ANDACOLLO });
    expect(andacollo.get("RESOLUCION")!.year).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it("a year without a plan has no indicators", async () => {
    expect(await evaluateIndicators({ institutionId, year: 2019, now: NOW })).toBeNull();
  });
});

describe("case counts", () => {
  it("gives the 90th percentile of business days per period (continuous)", async () => {
    const counts = await periodCaseCounts({ institutionId, year: 2026, now: NOW });
    // S1 answered in 2, 5 and 25 days: 5 + 0.8 × 20 = 21. The year adds 10: 10 + 0.7 × 15 = 20.5.
    expect(counts.get("SEMESTER", 1).p90Days).toBeCloseTo(21, 6);
    expect(counts.get("YEAR", 1).p90Days).toBeCloseTo(20.5, 6);
    expect(counts.get("MONTH", 1)).toMatchObject({ received: 2, answered: 2, daysSum: 30 });
    expect(counts.get("QUARTER", 4)).toMatchObject({ received: 1, decided: 0 });
    expect(counts.get("MONTH", 12)).toMatchObject({ received: 0, p90Days: null });
  });

  it("counts per channel, office and kind over a range", async () => {
    const b = await caseBreakdowns({ institutionId, from: "2026-01-01", to: "2026-12-31", now: NOW });
    expect(b.channel.map((g) => [g.key, g.received, g.resolved])).toEqual([
      ["WEB", 5, 2],
      ["PRESENCIAL", 2, 1],
    ]);
    const byOffice = new Map(b.office.map((g) => [g.key, g.received]));
    expect(byOffice.get(offices.CENTRAL!)).toBe(3);
    expect(byOffice.get(offices.ANDACOLLO!)).toBe(2);
    expect(byOffice.get(null)).toBe(2);
    expect(b.kind.find((g) => g.key === "RECLAMO")).toMatchObject({ received: 4, reclamosDecided: 3, reclamosOnTime: 1 });
  });
});

describe("the /comite loader", () => {
  const call = async (email: string, query: string) => {
    const user = await db.user.findFirstOrThrow({ where: { email }, select: { id: true } });
    const { setCookie } = await createSession({ userId: user.id });
    const request = new Request(`http://localhost/comite${query}`, { headers: { Cookie: setCookie.split(";")[0]! } });
    try {
      return (await dashboardLoader({ request, params: {}, context: {} })) as Response;
    } catch (error) {
      if (error instanceof Response) return error;
      throw error;
    }
  };

  it("shows the committee the year's figures, filtered through the URL", async () => {
    const res = await call("comite@oirs.example", "?anio=2026");
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.dashboard.totals.received).toBe(7);
    expect(data.dashboard.trend).toHaveLength(12);
    expect(data.dashboard.trend[0]).toMatchObject({ month: "2026-01", received: 2 });
    expect(data.dashboard.breakdowns.channel.map((r: { key: string }) => r.key)).toEqual(["WEB", "PRESENCIAL"]);
    expect(data.canOpenCases).toBe(false);
    const web = await (await call("comite@oirs.example", "?anio=2026&canal=web")).json();
    expect(web.filters).toMatchObject({ year: 2026, channel: "WEB" });
    expect(web.dashboard.totals.received).toBe(5);
  });

  it("explains a bad filter with a 400 and shows the rest", async () => {
    const res = await call("comite@oirs.example", "?anio=20x6&canal=FAX&oficina=1");
    expect(res.status).toBe(400);
    const data = await res.json();
    expect(data.errors).toEqual(["anio", "canal", "oficina"]);
    expect(data.filters.channel).toBeUndefined();
  });

  it("lets OIRS officers open the overdue cases, and refuses area officials", async () => {
    const officer = await (await call("oirs@oirs.example", "?anio=2026")).json();
    expect(officer.canOpenCases).toBe(true);
    expect(officer.dashboard.overdue.total).toBeGreaterThanOrEqual(1);
    expect(officer.dashboard.overdue.rows[0]).toMatchObject({ folio: "TEST-2026-000004" });
    expect(officer.dashboard.overdue.rows[0].overdueBusinessDays).toBeGreaterThan(100);
    expect((await call("area@oirs.example", "")).status).toBe(403);
  });
});
