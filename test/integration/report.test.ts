// The implementation report against a real database with the demo seed (plan 2026): its four
// parts built from the plan's records, the .docx in Spanish and English (read back from
// word/document.xml), and the two routes' answers to a bad year, a year without a plan and a
// reader without the permission.
import JSZip from "jszip";
import { db } from "~/db/client.server";
import { createSession } from "~/domain/auth/session.server";
import { getImplementationReport } from "~/domain/committee/report.server";
import { DOCX_MIME_TYPE, renderImplementationReportDocx } from "~/domain/committee/report-docx.server";
import { addEvidenceLink } from "~/domain/plan/evidence.server";
import { recordMeasurement } from "~/domain/plan/indicators.server";
import { createPlanChange, createPlanFactor } from "~/domain/plan/records.server";
import reportEn from "~/i18n/locales/en/report.json";
import reportEs from "~/i18n/locales/es/report.json";
import { loader as reportLoader } from "~/routes/comite.informe";
import { loader as docxLoader } from "~/routes/comite.informe[.]docx";
import { seedDemo } from "../../prisma/seed";

const YEAR = 2026;
const NOW = new Date("2026-08-15T14:00:00Z");
let institutionId: string;
let committee: { id: string };
let areaUser: { id: string };
const cookies = new Map<string, string>();

async function get(userId: string, url: string, lng = "es") {
  if (!cookies.has(userId)) cookies.set(userId, (await createSession({ userId })).setCookie.split(";")[0]!);
  return new Request(`http://localhost${url}`, { headers: { Cookie: cookies.get(userId)!, "Accept-Language": lng } });
}

/** Runs a loader; a thrown Response is returned instead. */
async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const ctx = { context: {}, params: {} };

/** The text of every paragraph with a heading style, by style ("Heading1", "Heading2", …). */
async function docxHeadings(buffer: Buffer): Promise<Record<string, string[]>> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file("word/document.xml")!.async("string");
  const out: Record<string, string[]> = {};
  for (const p of xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []) {
    const style = /<w:pStyle w:val="(Heading\d)"\/>/.exec(p)?.[1];
    if (!style) continue;
    const text = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    (out[style] ??= []).push(text.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }
  return out;
}

async function documentXml(buffer: Buffer): Promise<string> {
  return (await JSZip.loadAsync(buffer)).file("word/document.xml")!.async("string");
}

const PARTS = (r: typeof reportEs) => [r.parts.activities, r.parts.indicators, r.parts.factors, r.parts.changes];

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: NOW });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, institutionId: true } });
  const c = await user("comite@oirs.example");
  committee = c;
  institutionId = c.institutionId;
  areaUser = await user("area@oirs.example");

  // Records the seed does not have: evidence (a link and a stored file), a slack, a late change,
  // the committee's analysis of two indicators, and ten survey responses in March (7 positive).
  const activity1 = await db.planActivity.findFirstOrThrow({ where: { plan: { institutionId, year: YEAR }, number: 1 }, select: { id: true } });
  const link = await addEvidenceLink({
    institutionId,
    actorId: committee.id,
    activityId: activity1.id,
    input: { description: "Documento del modelo de atención publicado", format: "Página web", url: "https://www.example.cl/modelo-atencion" },
  });
  expect(link.kind).toBe("saved");
  await db.evidence.create({
    data: { activityId: activity1.id, description: "Acta de validación del modelo", format: "PDF", fileName: "acta-modelo.pdf", mimeType: "application/pdf", size: 1234, storageKey: "aa/bb/report-test" },
  });
  await createPlanFactor({
    institutionId,
    actorId: committee.id,
    input: { year: YEAR, kind: "SLACK", description: "Alta disposición de los directores de establecimientos.", internalFactors: undefined, externalFactors: "Apoyo de la Dirección de Educación Pública.", affectedComponents: "Actividad 3" },
  });
  const late = await createPlanChange({
    institutionId,
    actorId: committee.id,
    input: { year: YEAR, component: "ACTIVITY", description: "Se agrega un taller de lenguaje claro.", justification: "Brecha detectada en las respuestas a reclamos.", approvedAt: "2026-07-10", actaReference: "Acta N° 6/2026" },
  });
  expect(late?.outsideWindow).toBe(true);
  const indicator = (code: string) => db.indicator.findFirstOrThrow({ where: { plan: { institutionId, year: YEAR }, code }, select: { id: true } });
  const isu = await indicator("ISU");
  expect(
    await recordMeasurement({
      institutionId,
      actorId: committee.id,
      indicatorId: isu.id,
      now: NOW,
      input: { period: "2026-S1", interpretation: "El ISU del primer semestre quedó bajo la meta.", gaps: "Pocas respuestas en la Oficina Andacollo.", recommendations: "Instalar el tótem en Andacollo." },
    }),
  ).toMatchObject({ kind: "saved" });
  const training = await indicator("CAPACITACION");
  expect(
    await recordMeasurement({
      institutionId,
      actorId: committee.id,
      indicatorId: training.id,
      now: NOW,
      input: { period: "2026-Y", numerator: 68, denominator: 85, interpretation: "68 de 85 funcionarios capacitados.", gaps: "", recommendations: "" },
    }),
  ).toMatchObject({ kind: "saved" });
  const template = await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, key: "default", version: 1 }, select: { id: true } });
  const scores = [7, 7, 6, 6, 7, 6, 7, 3, 2, 5];
  await db.surveyResponse.createMany({
    data: scores.map((score, i) => ({ institutionId, templateId: template.id, channel: "WEB" as const, mainScore: score, answers: { overall: score }, createdAt: new Date(Date.UTC(2026, 2, 10 + i, 15)) })),
  });
});

describe("getImplementationReport", () => {
  it("builds the header, objectives and PCPA of the seeded plan", async () => {
    const report = (await getImplementationReport({ institutionId, year: YEAR, now: NOW }))!;
    const plan = await db.plan.findFirstOrThrow({ where: { institutionId, year: YEAR }, select: { title: true, generalObjective: true, institution: { select: { name: true } } } });
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.institution.name).toBe(plan.institution.name);
    expect(report.plan).toMatchObject({ year: YEAR, title: plan.title, generalObjective: plan.generalObjective });
    expect(report.plan.specificObjectives).toHaveLength(3);
    const executed = await db.planActivity.count({ where: { plan: { institutionId, year: YEAR }, executedAt: { not: null, lte: NOW } } });
    expect(report.pcpa).toEqual({ programmed: 5, executed, value: Math.round((executed / 5) * 10000) / 100 });
    // The whole report survives JSON (it goes through loaders and to the email worker).
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    // Without a year: the latest plan; a year without a plan: null.
    expect((await getImplementationReport({ institutionId, year: null, now: NOW }))?.plan.year).toBe(YEAR);
    expect(await getImplementationReport({ institutionId, year: 2019, now: NOW })).toBeNull();
  });

  it("part 1: every activity with its area, deadline, execution, schedule and evidence", async () => {
    const report = (await getImplementationReport({ institutionId, year: YEAR, now: NOW }))!;
    expect(report.activities.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    for (const a of report.activities) {
      const row = await db.planActivity.findUniqueOrThrow({
        where: { id: a.id },
        select: { title: true, deadline: true, executedAt: true, responsibleArea: { select: { name: true } }, schedule: { select: { status: true } } },
      });
      expect(a.title).toBe(row.title);
      expect(a.responsibleArea).toBe(row.responsibleArea!.name);
      expect(a.deadline).toBe(row.deadline!.toISOString().slice(0, 10));
      expect(a.executedAt).toBe(row.executedAt ? row.executedAt.toISOString().slice(0, 10) : null);
      expect(a.scheduleSummary.total).toBe(row.schedule.length);
      expect(a.scheduleSummary.done).toBe(row.schedule.filter((s) => s.status === "DONE").length);
      expect(a.scheduleSummary.done + a.scheduleSummary.inProgress + a.scheduleSummary.planned).toBe(a.schedule.length);
      // A done sub-action carries its date; a late one is one whose months have all passed.
      for (const s of a.schedule) {
        if (s.status === "DONE") expect(s.statusDate).toMatch(/^2026-\d\d-\d\d$/);
        expect(s.late).toBe(s.status !== "DONE" && s.months.length > 0 && Math.max(...s.months) < 8);
      }
    }
    const first = report.activities[0]!;
    expect(first.evidence).toEqual([
      expect.objectContaining({ description: "Documento del modelo de atención publicado", format: "Página web", kind: "link", url: "https://www.example.cl/modelo-atencion", fileName: null }),
      expect.objectContaining({ description: "Acta de validación del modelo", format: "PDF", kind: "file", fileName: "acta-modelo.pdf", url: null }),
    ]);
    expect(first.evidence[1]).not.toHaveProperty("storageKey");
    expect(report.activities.slice(1).every((a) => a.evidence.length === 0)).toBe(true);
    expect(first.committedMeans.length).toBeGreaterThan(0);
  });

  it("part 2: each indicator's values, target, compliance, n and interval, and the committee's analysis", async () => {
    const report = (await getImplementationReport({ institutionId, year: YEAR, now: NOW }))!;
    const codes = (await db.indicator.findMany({ where: { plan: { institutionId, year: YEAR } }, orderBy: { position: "asc" }, select: { code: true } })).map((i) => i.code);
    expect(report.indicators.map((i) => i.code)).toEqual(codes);
    const byCode = new Map(report.indicators.map((i) => [i.code, i]));

    const isu = byCode.get("ISU")!;
    expect(isu.target).toBe(80);
    expect(isu.periods.map((p) => p.period.code)).toEqual(["2026-S1", "2026-S2"]);
    const s1 = isu.periods[0]!;
    expect(s1).toMatchObject({ value: 70, n: 10, met: false });
    expect(s1.interval![0]).toBeCloseTo(39.7, 0);
    expect(s1.interval![1]).toBeCloseTo(89.2, 0);
    expect(s1.measurement).toMatchObject({ interpretation: "El ISU del primer semestre quedó bajo la meta.", gaps: "Pocas respuestas en la Oficina Andacollo.", recommendations: "Instalar el tótem en Andacollo." });
    expect(isu.year).toMatchObject({ value: 70, n: 10, met: false });

    const training = byCode.get("CAPACITACION")!;
    expect(training.year).toMatchObject({ value: 80, numerator: 68, denominator: 85, met: true, interval: null });
    expect(training.year.measurement?.interpretation).toBe("68 de 85 funcionarios capacitados.");

    const pcpa = byCode.get("PCPA")!;
    expect(pcpa.year.value).toBe(report.pcpa.value);

    const met = report.indicators.filter((i) => i.year.met === true).length;
    const notMet = report.indicators.filter((i) => i.year.met === false).length;
    expect(report.indicatorSummary).toEqual({ total: codes.length, met, notMet, pending: codes.length - met - notMet });
    expect(met).toBeGreaterThanOrEqual(1);
    expect(notMet).toBeGreaterThanOrEqual(1);
  });

  it("part 3 and 4: difficulties before slack; changes with the 30 June flag", async () => {
    const report = (await getImplementationReport({ institutionId, year: YEAR, now: NOW }))!;
    expect(report.factors.map((f) => f.kind)).toEqual(["DIFFICULTY", "SLACK"]);
    expect(report.factors[0]).toMatchObject({ description: expect.stringContaining("Oficina OIRS"), internalFactors: expect.any(String), externalFactors: expect.any(String) });
    expect(report.factors[1]).toMatchObject({ internalFactors: "", externalFactors: "Apoyo de la Dirección de Educación Pública.", affectedComponents: "Actividad 3" });
    expect(report.changeWindowEnd).toBe("2026-06-30");
    expect(report.changes.map((c) => [c.approvedAt, c.outsideWindow, c.component])).toEqual([
      ["2026-06-15", false, "DEADLINE"],
      ["2026-07-10", true, "ACTIVITY"],
    ]);
    expect(report.changes[1]).toMatchObject({ justification: "Brecha detectada en las respuestas a reclamos.", actaReference: "Acta N° 6/2026" });
  });
});

describe("renderImplementationReportDocx", () => {
  it.each([
    ["es", reportEs, "informe-implementacion-2026.docx"],
    ["en", reportEn, "implementation-report-2026.docx"],
  ] as const)("writes a Word document in %s with the title and the four parts as real headings", async (lng, strings, fileName) => {
    const file = (await renderImplementationReportDocx({ institutionId, year: YEAR, lng, now: NOW }))!;
    expect(file.fileName).toBe(fileName);
    expect(file.buffer.subarray(0, 2).toString("latin1")).toBe("PK");
    const headings = await docxHeadings(file.buffer);
    expect(headings.Heading1).toEqual([strings.titleYear.replace("{{year}}", "2026")]);
    expect(headings.Heading2).toEqual(expect.arrayContaining(PARTS(strings)));
    // One heading per activity and per indicator, and one per difficulty or slack.
    expect(headings.Heading3).toEqual(expect.arrayContaining([strings.activities.heading.replace("{{number}}", "1").replace("{{title}}", "Elaboración del Modelo de Atención")]));
    const indicators = await db.indicator.count({ where: { plan: { institutionId, year: YEAR } } });
    expect(headings.Heading3!.length).toBe(5 + indicators + 2);
    const xml = await documentXml(file.buffer);
    for (const text of ["acta-modelo.pdf", "Instalar el tótem en Andacollo.", "Acta N° 6/2026", "Apoyo de la Dirección de Educación Pública."]) expect(xml).toContain(text);
    expect(xml).toContain(strings.changes.outside.replace("{{date}}", lng === "es" ? "30 de junio de 2026" : "30 June 2026"));
    expect(xml).toContain('w:hyperlink');
  });

  it("gives null for a year without a plan", async () => {
    expect(await renderImplementationReportDocx({ institutionId, year: 2019, lng: "es", now: NOW })).toBeNull();
  });
});

describe("the report routes", () => {
  it("the page loads the report for a committee member, with a localised title", async () => {
    const response = await run(async () => reportLoader({ request: await get(committee.id, "/comite/informe?anio=2026"), ...ctx }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.metaTitle).toBe("Informe de implementación 2026 · Comité de calidad · OIRS");
    expect(data.report.plan.year).toBe(YEAR);
    expect(data.report.activities).toHaveLength(5);
    const en = await (await run(async () => reportLoader({ request: await get(committee.id, "/comite/informe", "en"), ...ctx }))).json();
    expect(en.metaTitle).toBe("Implementation report 2026 · Quality committee · OIRS");
  });

  it("answers a bad year 400 and a year without a plan 404, never a 500; forbids readers without plan:view", async () => {
    for (const bad of ["abc", "26", "1999", "2026-01"]) {
      const response = await run(async () => reportLoader({ request: await get(committee.id, `/comite/informe?anio=${bad}`), ...ctx }));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ reason: "badYear" });
    }
    const missing = await run(async () => reportLoader({ request: await get(committee.id, "/comite/informe?anio=2019"), ...ctx }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ reason: "noPlan", year: 2019 });
    expect((await run(async () => reportLoader({ request: await get(areaUser.id, "/comite/informe"), ...ctx }))).status).toBe(403);
    expect((await run(async () => docxLoader({ request: await get(areaUser.id, "/comite/informe.docx"), ...ctx }))).status).toBe(403);
  });

  it("the .docx route sends the file as an attachment, and explains a bad year or a missing plan", async () => {
    const response = await run(async () => docxLoader({ request: await get(committee.id, "/comite/informe.docx?anio=2026"), ...ctx }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(DOCX_MIME_TYPE);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="informe-implementacion-2026.docx"; filename*=UTF-8''informe-implementacion-2026.docx`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("Content-Length"))).toBe(bytes.length);
    expect((await docxHeadings(bytes)).Heading2).toEqual(expect.arrayContaining(PARTS(reportEs)));

    const bad = await run(async () => docxLoader({ request: await get(committee.id, "/comite/informe.docx?anio=dos-mil"), ...ctx }));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await bad.text()).toContain(reportEs.errors.badYear);
    const missing = await run(async () => docxLoader({ request: await get(committee.id, "/comite/informe.docx?anio=2019", "en"), ...ctx }));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(reportEn.errors.noPlan.replace("{{year}}", "2019"));
  });
});
