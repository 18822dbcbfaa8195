// The improvement plan pages against a real database with the demo seed: editing an activity and
// its schedule, evidence files and links, plan changes (30 June window), difficulties and slack,
// indicator measurements, and who may do what.
import { db } from "~/db/client.server";
import { createSession } from "~/domain/auth/session.server";
import { listPlanChanges, createPlanFactor } from "~/domain/plan/records.server";
import { getPlanPage } from "~/domain/plan/plan.server";
import { action as activityAction, loader as activityLoader } from "~/routes/comite.plan.actividades.$id";
import { action as newActivityAction } from "~/routes/comite.plan.actividades.nueva";
import { action as changesAction, loader as changesLoader } from "~/routes/comite.plan.cambios";
import { action as factorsAction } from "~/routes/comite.plan.dificultades";
import { action as indicatorAction, loader as indicatorLoader } from "~/routes/comite.plan.indicadores.$id";
import { loader as planLoader, action as planAction } from "~/routes/comite.plan._index";
import { loader as evidenceLoader } from "~/routes/comite.plan_.evidencias.$evidenceId";
import { seedDemo } from "../../prisma/seed";

const YEAR = 2026;
let committee: { id: string; name: string };
let officer: { id: string };
let areaUser: { id: string };
let institutionId: string;
const cookies = new Map<string, string>();

async function cookieFor(userId: string): Promise<string> {
  if (!cookies.has(userId)) cookies.set(userId, (await createSession({ userId })).setCookie.split(";")[0]!);
  return cookies.get(userId)!;
}

async function postForm(userId: string, url: string, fields: Record<string, string | string[]> | FormData) {
  let body: URLSearchParams | FormData;
  if (fields instanceof FormData) body = fields;
  else {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  }
  return new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: await cookieFor(userId) }, body });
}

async function get(userId: string, url: string) {
  return new Request(`http://localhost${url}`, { headers: { Cookie: await cookieFor(userId) } });
}

/** Runs a loader or action; a thrown Response is returned instead. */
async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const ctx = { context: {} };

async function activityByNumber(number: number) {
  const plan = await db.plan.findFirstOrThrow({ where: { institutionId, year: YEAR }, select: { id: true } });
  return db.planActivity.findFirstOrThrow({ where: { planId: plan.id, number }, include: { schedule: { orderBy: { position: "asc" } }, tramites: true } });
}

function activityFields(a: Awaited<ReturnType<typeof activityByNumber>>, change: Record<string, string | string[]> = {}) {
  return {
    intent: "activity",
    year: String(YEAR),
    number: String(a.number),
    title: a.title,
    description: a.description,
    responsibleAreaId: a.responsibleAreaId ?? "",
    participants: a.participants,
    targetPopulation: a.targetPopulation,
    targetPopulationSize: a.targetPopulationSize === null ? "" : String(a.targetPopulationSize),
    targetPopulationUnit: a.targetPopulationUnit,
    executionTerm: a.executionTerm,
    priority: a.priority,
    reportingPeriod: a.reportingPeriod,
    verificationMeans: a.verificationMeans.join("\n"),
    budget: a.budget,
    ...change,
  };
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: new Date("2026-08-15T14:00:00Z") });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, institutionId: true } });
  const c = await user("comite@oirs.example");
  committee = c;
  institutionId = c.institutionId;
  officer = await user("oirs@oirs.example");
  areaUser = await user("area@oirs.example");
});

describe("the plan page", () => {
  it("shows the seeded plan of the latest year with its activities and PCPA", async () => {
    const data = await (await run(async () => planLoader({ request: await get(committee.id, "/comite/plan"), params: {}, ...ctx }))).json();
    expect(data.canManage).toBe(true);
    expect(data.page.year).toBe(YEAR);
    expect(data.page.specificObjectives).toHaveLength(3);
    expect(data.page.activities.map((a: { number: number }) => a.number)).toEqual([1, 2, 3, 4, 5]);
    expect(data.page.pcpa.programmed).toBe(5);
    // A year without a plan is a 404, never a 500.
    expect((await run(async () => planLoader({ request: await get(committee.id, "/comite/plan?anio=2019"), params: {}, ...ctx }))).status).toBe(404);
  });

  it("edits the objectives; an empty general objective is refused beside the field", async () => {
    const bad = await run(async () => planAction({ request: await postForm(committee.id, "/comite/plan?index", { year: String(YEAR), title: "Plan", generalObjective: "", specificObjectives: "Uno" }), params: {}, ...ctx }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ generalObjective: ["validation.required"] });
    const ok = await run(async () =>
      planAction({ request: await postForm(committee.id, "/comite/plan?index", { year: String(YEAR), title: "Plan 2026", generalObjective: "Mejorar.", specificObjectives: "Uno\n\nDos\n" }), params: {}, ...ctx }),
    );
    expect(ok.status).toBe(302);
    const plan = await db.plan.findFirstOrThrow({ where: { institutionId, year: YEAR } });
    expect(plan).toMatchObject({ title: "Plan 2026", generalObjective: "Mejorar.", specificObjectives: ["Uno", "Dos"] });
    expect(await db.auditLog.count({ where: { action: "plan.update", entityId: plan.id, actorId: committee.id } })).toBe(1);
  });
});

describe("activities and their schedule", () => {
  it("a committee member edits an activity (trámites, deadline, execution date), audited", async () => {
    const a = await activityByNumber(3);
    const tramite = await db.tramite.findFirstOrThrow({ where: { institutionId }, select: { id: true } });
    const response = await run(async () =>
      activityAction({
        request: await postForm(committee.id, `/comite/plan/actividades/${a.id}`, activityFields(a, { participants: "Gestión de Personas y Mutual", deadline: "2026-12-15", executedAt: "2026-11-30", tramiteIds: [tramite.id] })),
        params: { id: a.id },
        ...ctx,
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/plan/actividades/${a.id}?saved=activity#details`);
    const after = await activityByNumber(3);
    expect(after.participants).toBe("Gestión de Personas y Mutual");
    expect(after.deadline?.toISOString()).toBe("2026-12-15T00:00:00.000Z");
    expect(after.executedAt?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(after.tramites.map((t) => t.id)).toEqual([tramite.id]);
    expect(await db.auditLog.count({ where: { action: "planActivity.update", entityId: a.id } })).toBe(1);
    const page = await getPlanPage({ institutionId, year: YEAR });
    expect(page!.activities.find((x) => x.number === 3)!.executedAt).toBe("2026-11-30");
  });

  it("refuses a number already used and a foreign area with field errors, not a 500", async () => {
    const a = await activityByNumber(3);
    const response = await run(async () =>
      activityAction({ request: await postForm(committee.id, `/comite/plan/actividades/${a.id}`, activityFields(a, { number: "1", responsibleAreaId: "00000000-0000-4000-8000-000000000000" })), params: { id: a.id }, ...ctx }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.form).toBe("activity");
    expect(body.result.error).toMatchObject({ number: ["plan:errors.numberTaken"], responsibleAreaId: ["validation.notFound"] });
  });

  it("creates an activity at the next number", async () => {
    const response = await run(async () =>
      newActivityAction({
        request: await postForm(committee.id, `/comite/plan/actividades/nueva`, { year: String(YEAR), number: "6", title: "Carta de derechos", description: "Publicar la carta.", priority: "BAJA", reportingPeriod: "YEAR" }),
        params: {},
        ...ctx,
      }),
    );
    expect(response.status).toBe(302);
    expect((await activityByNumber(6)).title).toBe("Carta de derechos");
  });

  it("adds, updates and removes sub-actions; done needs a date", async () => {
    const a = await activityByNumber(3);
    const late = a.schedule.find((s) => s.title === "Capacitación/ Taller Uso del nuevo modelo de atención")!;
    expect(late.status).toBe("PLANNED");
    const url = `/comite/plan/actividades/${a.id}`;

    const noDate = await run(async () =>
      activityAction({ request: await postForm(committee.id, url, { intent: "schedule-save", itemId: late.id, title: late.title, months: ["10"], status: "DONE" }), params: { id: a.id }, ...ctx }),
    );
    expect(noDate.status).toBe(400);
    const body = await noDate.json();
    expect(body.form).toBe(`schedule-${late.id}`);
    expect(body.result.error).toMatchObject({ statusDate: ["plan:errors.doneDate"] });

    const done = await run(async () =>
      activityAction({
        request: await postForm(committee.id, url, { intent: "schedule-save", itemId: late.id, title: late.title, months: ["10", "9"], status: "DONE", statusDate: "2026-10-20" }),
        params: { id: a.id },
        ...ctx,
      }),
    );
    expect(done.status).toBe(302);
    const updated = await db.planScheduleItem.findUniqueOrThrow({ where: { id: late.id } });
    expect(updated).toMatchObject({ status: "DONE", months: [9, 10] });
    expect(updated.statusDate?.toISOString()).toBe("2026-10-20T00:00:00.000Z");

    const added = await run(async () =>
      activityAction({ request: await postForm(committee.id, url, { intent: "schedule-save", title: "Taller de lenguaje claro", months: "11", status: "PLANNED" }), params: { id: a.id }, ...ctx }),
    );
    expect(added.status).toBe(302);
    const items = await db.planScheduleItem.findMany({ where: { activityId: a.id }, orderBy: { position: "asc" } });
    const last = items[items.length - 1]!;
    expect(last).toMatchObject({ title: "Taller de lenguaje claro", months: [11], status: "PLANNED", position: a.schedule.length + 1 });

    const removed = await run(async () => activityAction({ request: await postForm(committee.id, url, { intent: "schedule-remove", id: last.id }), params: { id: a.id }, ...ctx }));
    expect(removed.status).toBe(302);
    expect(await db.planScheduleItem.count({ where: { id: last.id } })).toBe(0);

    // The page shows it as text with its date.
    const data = await (await run(async () => activityLoader({ request: await get(officer.id, url), params: { id: a.id }, ...ctx }))).json();
    expect(data.canManage).toBe(false);
    expect(data.activity.schedule.find((s: { id: string }) => s.id === late.id)).toMatchObject({ status: "DONE", statusDate: "2026-10-20", late: false });
  });
});

describe("evidence", () => {
  const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"));

  it("uploads a PDF, lists it, and lets anyone with plan:view download it", async () => {
    const a = await activityByNumber(1);
    const form = new FormData();
    form.set("intent", "evidence-file");
    form.set("description", "Acta de socialización del modelo");
    form.set("format", "Acta en PDF");
    form.set("file", new File([pdf], "acta socialización.pdf", { type: "application/pdf" }));
    const response = await run(async () => activityAction({ request: await postForm(committee.id, `/comite/plan/actividades/${a.id}`, form), params: { id: a.id }, ...ctx }));
    expect(response.status).toBe(302);
    const row = await db.evidence.findFirstOrThrow({ where: { activityId: a.id, description: "Acta de socialización del modelo" } });
    expect(row).toMatchObject({ format: "Acta en PDF", fileName: "acta socialización.pdf", mimeType: "application/pdf", size: pdf.length, uploadedById: committee.id, url: null });

    const download = await run(async () => evidenceLoader({ request: await get(officer.id, `/comite/plan/evidencias/${row.id}`), params: { evidenceId: row.id }, ...ctx }));
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toContain("attachment;");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    // Without plan:view: 403.
    expect((await run(async () => evidenceLoader({ request: await get(areaUser.id, `/comite/plan/evidencias/${row.id}`), params: { evidenceId: row.id }, ...ctx }))).status).toBe(403);
    expect((await run(async () => evidenceLoader({ request: await get(officer.id, `/comite/plan/evidencias/nope`), params: { evidenceId: "nope" }, ...ctx }))).status).toBe(404);
  });

  it("refuses a file whose bytes are not an allowed type, and a missing file, beside the field", async () => {
    const a = await activityByNumber(1);
    const before = await db.evidence.count();
    for (const [file, key] of [
      [new File([new TextEncoder().encode("MZ not really a pdf")], "informe.pdf"), "plan:errors.file.badType"],
      [null, "plan:errors.file.missing"],
    ] as const) {
      const form = new FormData();
      form.set("intent", "evidence-file");
      form.set("description", "Informe");
      form.set("format", "PDF");
      if (file) form.set("file", file);
      const response = await run(async () => activityAction({ request: await postForm(committee.id, `/comite/plan/actividades/${a.id}`, form), params: { id: a.id }, ...ctx }));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.form).toBe("evidence-file");
      expect(body.result.error).toMatchObject({ file: [key] });
    }
    expect(await db.evidence.count()).toBe(before);
  });

  it("adds a link with description and format, and removes it", async () => {
    const a = await activityByNumber(5);
    const url = `/comite/plan/actividades/${a.id}`;
    const bad = await run(async () => activityAction({ request: await postForm(committee.id, url, { intent: "evidence-link", description: "Formulario", format: "Web", url: "javascript:alert(1)" }), params: { id: a.id }, ...ctx }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).result.error).toMatchObject({ url: ["validation.url"] });
    const ok = await run(async () =>
      activityAction({ request: await postForm(committee.id, url, { intent: "evidence-link", description: "Formulario Google de la encuesta", format: "Página web", url: "https://forms.example.cl/encuesta" }), params: { id: a.id }, ...ctx }),
    );
    expect(ok.status).toBe(302);
    const row = await db.evidence.findFirstOrThrow({ where: { activityId: a.id, url: "https://forms.example.cl/encuesta" } });
    expect(row).toMatchObject({ format: "Página web", storageKey: null });
    const removed = await run(async () => activityAction({ request: await postForm(committee.id, url, { intent: "evidence-remove", id: row.id }), params: { id: a.id }, ...ctx }));
    expect(removed.status).toBe(302);
    expect(await db.evidence.count({ where: { id: row.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { entityId: row.id, action: { in: ["evidence.create", "evidence.delete"] } } })).toBe(2);
  });
});

describe("changes to the plan", () => {
  it("flags a change approved after 30 June as outside the window", async () => {
    const response = await run(async () =>
      changesAction({
        request: await postForm(committee.id, "/comite/plan/cambios", {
          year: String(YEAR),
          component: "INDICATOR",
          description: "Se ajusta la meta del indicador de capacitación de 80 % a 70 %.",
          justification: "Licencias médicas prolongadas en el equipo de Gestión de Personas.",
          approvedAt: "2026-07-15",
          actaReference: "Acta N° 6/2026",
        }),
        params: {},
        ...ctx,
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/plan/cambios?anio=${YEAR}&saved=outside`);
    const changes = await listPlanChanges({ institutionId, year: YEAR });
    expect(changes.map((c) => [c.approvedAt, c.outsideWindow])).toEqual([
      ["2026-06-15", false],
      ["2026-07-15", true],
    ]);
    const data = await (await run(async () => changesLoader({ request: await get(officer.id, "/comite/plan/cambios"), params: {}, ...ctx }))).json();
    expect(data.windowEnd).toBe("2026-06-30");
    expect(data.changes).toHaveLength(2);
  });

  it("refuses a change without justification or with an impossible date", async () => {
    const response = await run(async () =>
      changesAction({ request: await postForm(committee.id, "/comite/plan/cambios", { year: String(YEAR), component: "DEADLINE", description: "x", justification: "", approvedAt: "2026-02-31" }), params: {}, ...ctx }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ justification: ["validation.required"], approvedAt: ["plan:errors.date"] });
  });
});

describe("difficulties and slack", () => {
  it("refuses one without any internal or external factor, with a clear message", async () => {
    const before = await db.planFactor.count();
    const response = await run(async () =>
      factorsAction({ request: await postForm(committee.id, "/comite/plan/dificultades", { year: String(YEAR), kind: "DIFFICULTY", description: "Retraso en la licitación del tótem.", affectedComponents: "Actividad 5" }), params: {}, ...ctx }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual({ internalFactors: ["plan:errors.factorRequired"] });
    expect(await db.planFactor.count()).toBe(before);
    await expect(createPlanFactor({ institutionId, actorId: committee.id, input: { year: YEAR, kind: "SLACK", description: "x", affectedComponents: "y" } })).rejects.toThrow(/at least one/);
  });

  it("records a slack with an external factor only", async () => {
    const response = await run(async () =>
      factorsAction({
        request: await postForm(committee.id, "/comite/plan/dificultades", { year: String(YEAR), kind: "SLACK", description: "La Mutual dictó los talleres sin costo.", externalFactors: "Convenio con la Mutual de Seguridad.", affectedComponents: "Actividad 3" }),
        params: {},
        ...ctx,
      }),
    );
    expect(response.status).toBe(302);
    expect(await db.planFactor.findFirst({ where: { kind: "SLACK" } })).toMatchObject({ internalFactors: "", externalFactors: "Convenio con la Mutual de Seguridad." });
  });
});

describe("indicator measurements", () => {
  const indicator = (code: string) => db.indicator.findFirstOrThrow({ where: { code, plan: { institutionId, year: YEAR } } });

  it("records numerator and denominator of a MANUAL indicator with who entered them and when", async () => {
    const ind = await indicator("CAPACITACION");
    expect(ind.source).toBe("MANUAL");
    const url = `/comite/plan/indicadores/${ind.id}`;
    const missing = await run(async () => indicatorAction({ request: await postForm(committee.id, url, { period: "2026-Y", numerator: "60" }), params: { id: ind.id }, ...ctx }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ denominator: ["validation.required"] });
    const zero = await run(async () => indicatorAction({ request: await postForm(committee.id, url, { period: "2026-Y", numerator: "0", denominator: "0" }), params: { id: ind.id }, ...ctx }));
    expect((await zero.json()).error).toMatchObject({ denominator: ["plan:errors.denominatorZero"] });
    const wrongPeriod = await run(async () => indicatorAction({ request: await postForm(committee.id, url, { period: "2026-S2", numerator: "1", denominator: "2" }), params: { id: ind.id }, ...ctx }));
    expect((await wrongPeriod.json()).error).toMatchObject({ period: ["validation.choice"] });

    const before = new Date();
    const ok = await run(async () =>
      indicatorAction({
        request: await postForm(committee.id, url, { period: "2026-Y", numerator: "68", denominator: "85", interpretation: "80 % de participación.", gaps: "Andacollo.", recommendations: "Modalidad híbrida." }),
        params: { id: ind.id },
        ...ctx,
      }),
    );
    expect(ok.status).toBe(302);
    const row = await db.indicatorMeasurement.findFirstOrThrow({ where: { indicatorId: ind.id, periodStart: new Date("2026-01-01T00:00:00Z"), periodEnd: new Date("2026-12-31T00:00:00Z") } });
    expect(Number(row.numerator)).toBe(68);
    expect(Number(row.denominator)).toBe(85);
    expect(row.enteredById).toBe(committee.id);
    expect(row.enteredAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    const data = await (await run(async () => indicatorLoader({ request: await get(officer.id, url), params: { id: ind.id }, ...ctx }))).json();
    const year = data.indicator.measurements.find((m: { periodCode: string }) => m.periodCode === "2026-Y");
    expect(year).toMatchObject({ numerator: 68, denominator: 85, value: 80, enteredBy: committee.name, interpretation: "80 % de participación." });
    expect(data.canManage).toBe(false);
  });

  it("records the interpretation of a LIVE indicator without storing figures", async () => {
    const ind = await indicator("ISU");
    const ok = await run(async () =>
      indicatorAction({ request: await postForm(committee.id, `/comite/plan/indicadores/${ind.id}`, { period: "2026-S1", numerator: "999", denominator: "1000", interpretation: "Sobre la meta." }), params: { id: ind.id }, ...ctx }),
    );
    expect(ok.status).toBe(302);
    const row = await db.indicatorMeasurement.findFirstOrThrow({ where: { indicatorId: ind.id } });
    expect(row).toMatchObject({ numerator: null, denominator: null, interpretation: "Sobre la meta.", enteredById: committee.id });
  });
});

describe("permissions", () => {
  it("an OIRS officer reads every plan page but any POST is 403", async () => {
    const a = await activityByNumber(2);
    const ind = await db.indicator.findFirstOrThrow({ where: { code: "CAPACITACION" } });
    expect((await run(async () => planLoader({ request: await get(officer.id, "/comite/plan"), params: {}, ...ctx }))).status).toBe(200);
    const posts: Array<[string, () => Promise<unknown>]> = [
      ["activity", async () => activityAction({ request: await postForm(officer.id, `/comite/plan/actividades/${a.id}`, activityFields(a)), params: { id: a.id }, ...ctx })],
      ["change", async () => changesAction({ request: await postForm(officer.id, "/comite/plan/cambios", { year: String(YEAR) }), params: {}, ...ctx })],
      ["factor", async () => factorsAction({ request: await postForm(officer.id, "/comite/plan/dificultades", { year: String(YEAR) }), params: {}, ...ctx })],
      ["measurement", async () => indicatorAction({ request: await postForm(officer.id, `/comite/plan/indicadores/${ind.id}`, { period: "2026-Y" }), params: { id: ind.id }, ...ctx })],
      ["objectives", async () => planAction({ request: await postForm(officer.id, "/comite/plan?index", { year: String(YEAR) }), params: {}, ...ctx })],
      ["new activity", async () => newActivityAction({ request: await postForm(officer.id, "/comite/plan/actividades/nueva", { year: String(YEAR) }), params: {}, ...ctx })],
    ];
    for (const [name, post] of posts) expect((await run(post)).status, name).toBe(403);
  });

  it("an area official cannot even read the plan", async () => {
    expect((await run(async () => planLoader({ request: await get(areaUser.id, "/comite/plan"), params: {}, ...ctx }))).status).toBe(403);
  });
});
