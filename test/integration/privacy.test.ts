// Personal data against a real database (PGlite, or PostgreSQL with DATABASE_URL) with the demo
// seed: the retention job anonymises exactly the cases closed long enough (not open ones, not
// recent ones, not answered-but-open ones), keeps their statistics, deletes their files, erases
// free text in the timeline, survey responses and outbox, writes the ANONYMIZED event, is
// idempotent and works in batches; and the staff tool (/gestion/datos-personales) searches,
// exports, corrects and anonymises through its routes, refuses area officials and the committee
// (403), answers bad input with 4xx and localised messages, and writes the audit log.
import fs from "node:fs";
import path from "node:path";
import { db } from "~/db/client.server";
import type { CaseStatus, Prisma } from "~/generated/prisma/client";
import { createSession } from "~/domain/auth/session.server";
import { filePath, storeFile } from "~/domain/cases/file-store.server";
import { CaseActionError } from "~/domain/cases/action-errors";
import { reopenCase } from "~/domain/cases/actions.server";
import { runRetention } from "~/domain/privacy/anonymise.server";
import { ANONYMISED_TEXT } from "~/domain/privacy/personal-data";
import { resources } from "~/i18n/resources";
import { action, loader } from "~/routes/gestion.datos-personales";
import { action as exportAction, loader as exportLoader } from "~/routes/gestion.datos-personales_.exportar";
import { seedDemo } from "../../prisma/seed";

// Attachments go to a folder of this test file's own (read lazily by the file store).
const filesRoot = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/oirs-privacy-test-${process.pid}-${Date.now()}`;
  process.env.FILES_DIR = dir;
  return dir;
});

// Wednesday 2 December 2026, 12:00 in Santiago.
const NOW = new Date("2026-12-02T15:00:00Z");
const monthsAgo = (months: number, days = 0) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() - days);
  return d;
};
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

let institutionId: string;
let officeId: string;
let areaId: string;
let tramiteId: string;
let templateId: string;
let users: Record<"admin" | "oirs" | "area" | "comite", { id: string; name: string }>;
let folioCounter = 0;

type CaseOptions = {
  status: CaseStatus;
  closedAt?: Date | null;
  respondedAt?: Date;
  receivedAt?: Date;
  rut?: string | null;
  email?: string | null;
  name?: string;
  subject?: string;
  description?: string;
  replyChannel?: "EMAIL" | "POSTAL" | "PRESENCIAL" | null;
  anonymizedAt?: Date | null;
};

async function makeCase(o: CaseOptions) {
  folioCounter++;
  const folio = `PRIV-2026-${String(folioCounter).padStart(6, "0")}`;
  const receivedAt = o.receivedAt ?? (o.closedAt ? new Date(o.closedAt.getTime() - 10 * 86_400_000) : monthsAgo(0, 5));
  return db.case.create({
    data: {
      institutionId,
      folio,
      kind: "RECLAMO",
      channel: "WEB",
      status: o.status,
      subject: o.subject ?? `Reclamo de ${o.name ?? "Ana Pérez"}`,
      description: o.description ?? "Mi vecino Juan Soto, RUT 9.876.543-3, me dijo que la remuneración llegó tarde.",
      tramiteId,
      officeId,
      areaId,
      citizenName: o.name ?? "Ana Pérez",
      citizenRut: o.rut === undefined ? "12345678-5" : o.rut,
      citizenEmail: o.email === undefined ? "ana.perez@example.cl" : o.email,
      citizenPhone: "+56 9 1234 5678",
      citizenAddress: "Calle Los Aromos 123",
      citizenCommune: "Coquimbo",
      citizenRegion: "CL-CO",
      citizenGender: "FEMENINO",
      citizenAgeRange: "30_44",
      replyChannel: o.replyChannel === undefined ? "EMAIL" : o.replyChannel,
      accessCodeHash: "x",
      submittedAt: receivedAt,
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + 14 * 86_400_000),
      targetDays: 10,
      respondedAt: o.respondedAt ?? (o.closedAt ? new Date(o.closedAt.getTime() - 86_400_000) : null),
      responseBusinessDays: o.closedAt || o.respondedAt ? 6 : null,
      closedAt: o.closedAt ?? null,
      outcome: o.status === "CERRADA" ? "RESOLVED" : null,
      derivedTo: o.status === "DERIVADA" ? "Superintendencia de Educación" : null,
      anonymizedAt: o.anonymizedAt ?? null,
    },
    select: { id: true, folio: true },
  });
}

/** A case with everything that holds free text or files: events, an attachment, a survey response, emails. */
async function makeRichCase(o: CaseOptions) {
  const c = await makeCase(o);
  const at = (days: number) => new Date(NOW.getTime() - (2000 - days) * 86_400_000);
  const event = (type: Prisma.CaseEventCreateManyInput["type"], extra: Partial<Prisma.CaseEventCreateManyInput>) =>
    db.caseEvent.create({ data: { caseId: c.id, type, public: false, actorLabel: "system", createdAt: at(folioCounter), ...extra }, select: { id: true } });
  await event("RECEIVED", { public: true, data: { channel: "WEB" } });
  await event("NOTE", { message: "Llamé a Ana al +56 9 1234 5678", actorId: users.oirs.id });
  await event("INFO_RECEIVED", { public: true, data: { answer: "Mi RUT es 12.345.678-5", via: "tracking" } });
  const reply = await event("REPLIED", { public: true, message: "Estimada Ana Pérez: su remuneración fue pagada.", data: { delivery: "EMAIL", responseBusinessDays: 6 } });
  await event("CLOSED", { public: true, data: { outcome: "RESOLVED", note: "Ana quedó conforme", from: "RESPONDIDA" } });
  const stored = await storeFile(new Uint8Array(PDF), at(folioCounter));
  await db.attachment.create({ data: { caseId: c.id, fileName: "carta-ana-perez.pdf", mimeType: "application/pdf", size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey } });
  await db.surveyResponse.create({
    data: {
      institutionId,
      templateId,
      caseId: c.id,
      channel: "WEB",
      caseKind: "RECLAMO",
      officeId,
      mainScore: 6,
      answers: { overall: 6, resolved: "yes", comment: "Gracias, soy Ana Pérez" },
      comment: "Gracias, soy Ana Pérez",
    },
  });
  const payload = { kind: "case-reply", to: "ana.perez@example.cl", subject: "Respuesta a su reclamo", text: "Estimada Ana", html: "<p>Estimada Ana</p>" };
  await db.outbox.create({ data: { institutionId, type: "email", dedupeKey: `case-received:${c.id}`, payload: { ...payload, kind: "case-received", text: null, html: null }, status: "SENT" } });
  await db.outbox.create({ data: { institutionId, type: "email", dedupeKey: `case-reply:${reply.id}`, payload, status: "PENDING" } });
  return { ...c, storageKey: stored.storageKey, replyEventId: reply.id };
}

const snapshot = (id: string) =>
  db.case.findUniqueOrThrow({
    where: { id },
    select: {
      subject: true,
      description: true,
      citizenName: true,
      citizenRut: true,
      citizenEmail: true,
      citizenPhone: true,
      citizenAddress: true,
      citizenCommune: true,
      citizenRegion: true,
      citizenGender: true,
      citizenAgeRange: true,
      anonymizedAt: true,
      kind: true,
      channel: true,
      status: true,
      outcome: true,
      receivedAt: true,
      respondedAt: true,
      closedAt: true,
      responseBusinessDays: true,
      officeId: true,
      areaId: true,
      tramiteId: true,
      replyChannel: true,
      derivedTo: true,
    },
  });

const anonymisedEvents = (caseId: string) => db.caseEvent.findMany({ where: { caseId, type: "ANONYMIZED" } });

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: NOW });
  const institution = await db.institution.findFirstOrThrow({ select: { id: true } });
  institutionId = institution.id;
  officeId = (await db.office.findFirstOrThrow({ where: { code: "CENTRAL" } })).id;
  areaId = (await db.area.findFirstOrThrow({ where: { code: "PERSONAS" } })).id;
  tramiteId = (await db.tramite.findFirstOrThrow({ where: { institutionId } })).id;
  templateId = (await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, isDefault: true } })).id;
  const byEmail = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true } });
  users = {
    admin: await byEmail("admin@oirs.example"),
    oirs: await byEmail("oirs@oirs.example"),
    area: await byEmail("area@oirs.example"),
    comite: await byEmail("comite@oirs.example"),
  };
});

afterAll(() => {
  fs.rmSync(filesRoot, { recursive: true, force: true });
});

describe("the retention job", () => {
  it("anonymises exactly the cases closed (or answered and never closed) more than retentionMonths ago, keeping their statistics", async () => {
    const due = await makeRichCase({ status: "CERRADA", closedAt: monthsAgo(61) });
    const derived = await makeCase({ status: "DERIVADA", closedAt: monthsAgo(72) });
    const recent = await makeCase({ status: "DESISTIDA", closedAt: monthsAgo(59) });
    const open = await makeCase({ status: "EN_TRAMITE", receivedAt: monthsAgo(84) });
    const answered = await makeCase({ status: "RESPONDIDA", receivedAt: monthsAgo(60), respondedAt: monthsAgo(59) });
    const answeredLongAgo = await makeCase({ status: "RESPONDIDA", receivedAt: monthsAgo(84), respondedAt: monthsAgo(83) });
    const before = await snapshot(due.id);
    expect(fs.existsSync(filePath(due.storageKey))).toBe(true);
    const searchHits = async (word: string) =>
      (await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Case" WHERE "id" = ${due.id}::uuid AND "search" @@ plainto_tsquery('spanish', ${word})`).length;
    expect(await searchHits("remuneración")).toBe(1);

    const first = await runRetention({ now: NOW });
    expect(first).toEqual({ anonymised: 3, files: 1, failed: 0, more: false, skipped: false });

    // The citizen's data and every free text are gone; the statistics stay.
    const after = await snapshot(due.id);
    expect(after).toEqual({
      ...before,
      subject: ANONYMISED_TEXT,
      description: ANONYMISED_TEXT,
      citizenName: null,
      citizenRut: null,
      citizenEmail: null,
      citizenPhone: null,
      citizenAddress: null,
      citizenCommune: null,
      citizenRegion: null,
      citizenGender: null,
      citizenAgeRange: null,
      anonymizedAt: NOW,
    });
    expect(await searchHits("remuneración")).toBe(0);
    expect(await searchHits("Ana")).toBe(0);

    // The attachment: file deleted from disk, row removed.
    expect(fs.existsSync(filePath(due.storageKey))).toBe(false);
    expect(await db.attachment.count({ where: { caseId: due.id } })).toBe(0);

    // The timeline: messages and free-text data replaced, the rest of the data kept.
    const events = await db.caseEvent.findMany({ where: { caseId: due.id }, orderBy: { createdAt: "asc" }, select: { type: true, message: true, data: true, public: true } });
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType.NOTE!.message).toBe(ANONYMISED_TEXT);
    expect(byType.REPLIED).toMatchObject({ message: ANONYMISED_TEXT, data: { delivery: "EMAIL", responseBusinessDays: 6 } });
    expect(byType.INFO_RECEIVED!.data).toEqual({ answer: ANONYMISED_TEXT, via: "tracking" });
    expect(byType.CLOSED!.data).toEqual({ outcome: "RESOLVED", note: ANONYMISED_TEXT, from: "RESPONDIDA" });
    expect(byType.RECEIVED).toMatchObject({ message: null, data: { channel: "WEB" } });
    expect(JSON.stringify(events)).not.toMatch(/Ana|12\.345|1234 5678/);
    // One ANONYMIZED event, public (the tracking page says so), by the system.
    const marks = await anonymisedEvents(due.id);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ public: true, actorId: null, actorLabel: "system", data: { source: "retention", retentionMonths: 60 }, createdAt: NOW });

    // The linked survey response: comment and text answers replaced, scores kept.
    const response = await db.surveyResponse.findFirstOrThrow({ where: { caseId: due.id } });
    expect(response).toMatchObject({ mainScore: 6, comment: ANONYMISED_TEXT, answers: { overall: 6, resolved: "yes", comment: ANONYMISED_TEXT } });

    // The citizen's emails: recipient and body erased; the one still waiting will never be sent.
    const mails = await db.outbox.findMany({ where: { OR: [{ dedupeKey: `case-received:${due.id}` }, { dedupeKey: `case-reply:${due.replyEventId}` }] }, orderBy: { dedupeKey: "asc" } });
    expect(mails.map((m) => [m.dedupeKey!.split(":")[0], m.status, m.payload])).toEqual([
      ["case-received", "SENT", { kind: "case-received", to: ANONYMISED_TEXT, subject: ANONYMISED_TEXT, text: null, html: null }],
      ["case-reply", "FAILED", { kind: "case-reply", to: ANONYMISED_TEXT, subject: ANONYMISED_TEXT, text: null, html: null }],
    ]);

    // The derived case and the case answered long ago (never closed) too; the others untouched.
    expect((await snapshot(derived.id)).anonymizedAt).toEqual(NOW);
    expect(await snapshot(answeredLongAgo.id)).toMatchObject({ anonymizedAt: NOW, status: "RESPONDIDA", citizenName: null, citizenEmail: null });
    for (const untouched of [recent, open, answered]) {
      const s = await snapshot(untouched.id);
      expect(s).toMatchObject({ anonymizedAt: null, citizenName: "Ana Pérez", citizenRut: "12345678-5" });
      expect(await anonymisedEvents(untouched.id)).toHaveLength(0);
    }

    // An audit row for the run.
    const log = await db.auditLog.findFirstOrThrow({ where: { institutionId, action: "personalData.retention" } });
    expect(log).toMatchObject({ actorId: null, entity: "Case", data: { retentionMonths: 60, anonymised: 3, files: 1, failed: 0 } });

    // Idempotent: a second run finds nothing and writes nothing.
    expect(await runRetention({ now: NOW })).toEqual({ anonymised: 0, files: 0, failed: 0, more: false, skipped: false });
    expect(await anonymisedEvents(due.id)).toHaveLength(1);
    expect(await db.auditLog.count({ where: { action: "personalData.retention" } })).toBe(1);

    // An anonymised case cannot be reopened: there is nobody left to answer.
    const officer = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" }, select: { id: true, institutionId: true, role: true, areaId: true, name: true } });
    const refused = await reopenCase({ caseId: due.id, actor: officer, reason: "La persona insiste." }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaseActionError);
    expect(refused).toMatchObject({ code: "ANONYMISED", httpStatus: 409 });
    expect(await snapshot(due.id)).toMatchObject({ status: "CERRADA", anonymizedAt: NOW });
  });

  it("follows the institution's retentionMonths", async () => {
    const c = await makeCase({ status: "CERRADA", closedAt: monthsAgo(13) });
    expect((await runRetention({ now: NOW })).anonymised).toBe(0);
    await db.institution.update({ where: { id: institutionId }, data: { retentionMonths: 12 } });
    try {
      const run = await runRetention({ now: NOW });
      // The first test's case closed 59 months ago and the one answered 59 months ago are due now as well.
      expect(run.anonymised).toBe(3);
      expect((await snapshot(c.id)).anonymizedAt).toEqual(NOW);
      expect((await anonymisedEvents(c.id))[0]!.data).toEqual({ source: "retention", retentionMonths: 12 });
    } finally {
      await db.institution.update({ where: { id: institutionId }, data: { retentionMonths: 60 } });
    }
  });

  it("works in batches, oldest closure first, and concurrent runs anonymise each case once", async () => {
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await makeCase({ status: "CERRADA", closedAt: monthsAgo(70 + i) }));
    const first = await runRetention({ now: NOW, batchSize: 2 });
    expect(first).toMatchObject({ anonymised: 2, more: true });
    // The two oldest closures went first.
    expect((await snapshot(cases[4]!.id)).anonymizedAt).toEqual(NOW);
    expect((await snapshot(cases[3]!.id)).anonymizedAt).toEqual(NOW);
    expect((await snapshot(cases[0]!.id)).anonymizedAt).toBeNull();

    const [a, b] = await Promise.all([runRetention({ now: NOW, batchSize: 2 }), runRetention({ now: NOW, batchSize: 2 })]);
    const rest = await runRetention({ now: NOW, batchSize: 2 });
    expect(a.anonymised + b.anonymised + rest.anonymised).toBe(3);
    for (const c of cases) expect(await anonymisedEvents(c.id)).toHaveLength(1);
    expect((await runRetention({ now: NOW, batchSize: 2 })).more).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The staff tool, through its routes.

const cookies = new Map<string, string>();
const ctx = { context: {}, params: {} };
const IP = "203.0.113.7";

async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, (await createSession({ userId })).setCookie.split(";")[0]!);
  return cookies.get(userId)!;
}

async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

async function request(userId: string, url: string, fields?: Record<string, string | string[]>, lng = "es") {
  const headers = { Cookie: await cookieFor(userId), "Accept-Language": lng, "x-oirs-remote-address": IP };
  if (!fields) return new Request(`http://localhost${url}`, { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return new Request(`http://localhost${url}`, { method: "POST", headers, body });
}

const PAGE = "/gestion/datos-personales";
const post = async (userId: string, fields: Record<string, string | string[]>) => run(async () => action({ request: await request(userId, PAGE, fields), ...ctx }));
const postExport = async (userId: string, fields: Record<string, string | string[]>, lng = "es") =>
  run(async () => exportAction({ request: await request(userId, `${PAGE}/exportar`, fields, lng), ...ctx }));

type Found = { query: { kind: string; value: string }; cases: Array<{ id: string; folio: string; status: string; closed: boolean; citizenEmail: string | null }> };
type Data = { intent: string; result?: { error?: Record<string, string[]> }; found?: Found; search?: { q: string; reason: string }; review?: { caseIds: string[] }; notice?: Record<string, unknown> };
const body = async (response: Response) => (await response.json()) as Data;

/** A message key exists in Spanish and English (what the page shows). */
function localised(key: string) {
  const [nsKey] = key.split("|");
  const [ns, rest] = nsKey!.includes(":") ? nsKey!.split(":") : ["common", nsKey!];
  for (const lng of ["es", "en"] as const) {
    let value: unknown = (resources[lng] as Record<string, unknown>)[ns!];
    for (const part of rest!.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
    expect(typeof value, `${lng} ${key}`).toBe("string");
  }
}

describe("the staff tool", () => {
  const RUT = "15.555.555-6";
  const NORMAL = "15555555-6";
  const EMAIL = "Marta.Rojas@Example.CL";
  let closed: Awaited<ReturnType<typeof makeRichCase>>;
  let openCase: { id: string; folio: string };
  let other: { id: string; folio: string };

  beforeAll(async () => {
    closed = await makeRichCase({ status: "CERRADA", closedAt: monthsAgo(2), rut: NORMAL, email: "marta.rojas@example.cl", name: "Marta Rojas" });
    openCase = await makeCase({ status: "EN_TRAMITE", rut: NORMAL, email: "marta.rojas@example.cl", name: "Marta Rojas" });
    other = await makeCase({ status: "CERRADA", closedAt: monthsAgo(2), rut: "12345678-5", email: "otra@example.cl", name: "Otra Persona" });
  });

  it("is for OIRS officers and administrators only: 403 for area officials and the committee", async () => {
    for (const user of [users.area, users.comite]) {
      expect((await run(async () => loader({ request: await request(user.id, PAGE), ...ctx }))).status).toBe(403);
      expect((await post(user.id, { intent: "search", q: RUT, reason: "x" })).status).toBe(403);
      expect((await postExport(user.id, { q: RUT, reason: "x" })).status).toBe(403);
    }
    for (const user of [users.oirs, users.admin]) {
      expect((await run(async () => loader({ request: await request(user.id, PAGE), ...ctx }))).status).toBe(200);
    }
    // Signed out: to the sign-in page.
    const anonymous = await run(async () => loader({ request: new Request(`http://localhost${PAGE}`), ...ctx }));
    expect(anonymous.status).toBe(302);
    expect(await db.auditLog.count({ where: { action: { startsWith: "personalData." }, actorId: { in: [users.area.id, users.comite.id] } } })).toBe(0);
    // The export answers POST only.
    expect((await exportLoader()).status).toBe(405);
  });

  it("searches by RUT or email, and explains a bad search (400, localised)", async () => {
    const byRut = await post(users.oirs.id, { intent: "search", q: RUT, reason: "Solicitud de acceso N° 14" });
    expect(byRut.status).toBe(200);
    const data = await body(byRut);
    expect(data.search).toEqual({ q: NORMAL, reason: "Solicitud de acceso N° 14" });
    expect(data.found!.query).toEqual({ kind: "rut", value: NORMAL });
    expect(data.found!.cases.map((c) => [c.folio, c.closed]).sort()).toEqual([
      [closed.folio, true],
      [openCase.folio, false],
    ]);
    expect(byRut.headers.get("Cache-Control")).toBe("private, no-store");

    const byEmail = await body(await post(users.admin.id, { intent: "search", q: EMAIL, reason: "Solicitud de acceso N° 15" }));
    expect(byEmail.found!.query).toEqual({ kind: "email", value: "marta.rojas@example.cl" });
    expect(byEmail.found!.cases).toHaveLength(2);

    const log = await db.auditLog.findFirstOrThrow({ where: { action: "personalData.search", actorId: users.oirs.id }, orderBy: { createdAt: "desc" } });
    expect(log).toMatchObject({ institutionId, entity: "Case", ip: IP, data: { by: "rut", query: NORMAL, reason: "Solicitud de acceso N° 14", count: 2 } });
    expect(((log.data as { folios: string[] }).folios ?? []).sort()).toEqual([closed.folio, openCase.folio].sort());

    const badRut = await post(users.oirs.id, { intent: "search", q: "15.555.555-2", reason: "" });
    expect(badRut.status).toBe(400);
    const errors = (await body(badRut)).result!.error!;
    expect(errors).toEqual({ q: ["personaldata:errors.query"], reason: ["validation.required"] });
    localised("personaldata:errors.query");
    localised("validation.required");
    const badEmail = await body(await post(users.oirs.id, { intent: "search", q: "marta@", reason: "x" }));
    expect(badEmail.result!.error).toEqual({ q: ["validation.email"] });
    // An unknown intent, or a later step without a valid search: 400.
    expect((await post(users.oirs.id, { intent: "nothing" })).status).toBe(400);
    expect((await post(users.oirs.id, { intent: "rectify", q: "no", reason: "x" })).status).toBe(400);
  });

  it("exports everything stored about the person as JSON (access), and refuses a bad export", async () => {
    const response = await postExport(users.oirs.id, { q: NORMAL, reason: "Solicitud de acceso N° 14" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="datos-personales-15555555-6-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = (await response.json()) as {
      caseCount: number;
      controller: { name: string };
      cases: Array<{ folio: string; personalData: Record<string, unknown>; description: string; attachments: unknown[]; timeline: Array<{ type: string; message: string | null; answer: string | null }>; surveyResponses: Array<{ comment: string }> }>;
    };
    expect(doc.caseCount).toBe(2);
    expect(doc.controller.name).toBeTruthy();
    const c = doc.cases.find((x) => x.folio === closed.folio)!;
    expect(c.personalData).toMatchObject({ name: "Marta Rojas", rut: NORMAL, email: "marta.rojas@example.cl", phone: "+56 9 1234 5678", commune: "Coquimbo", gender: "FEMENINO" });
    expect(c.description).toContain("remuneración");
    expect(c.attachments).toHaveLength(1);
    expect(c.surveyResponses.map((r) => r.comment)).toEqual(["Gracias, soy Ana Pérez"]);
    // Public events only: the reply and the citizen's answer, never the internal note.
    expect(c.timeline.map((e) => e.type)).toEqual(["RECEIVED", "INFO_RECEIVED", "REPLIED", "CLOSED"]);
    expect(c.timeline.find((e) => e.type === "INFO_RECEIVED")!.answer).toBe("Mi RUT es 12.345.678-5");
    expect(JSON.stringify(doc)).not.toContain("Llamé a Ana");

    const log = await db.auditLog.findFirstOrThrow({ where: { action: "personalData.export" } });
    expect(log).toMatchObject({ actorId: users.oirs.id, ip: IP, data: { by: "rut", query: NORMAL, reason: "Solicitud de acceso N° 14", count: 2 } });

    const bad = await postExport(users.oirs.id, { q: NORMAL });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe(resources.es.personaldata.errors.exportInvalid);
    const badEn = await postExport(users.oirs.id, { q: "nope", reason: "x" }, "en");
    expect(badEn.status).toBe(400);
    expect(await badEn.text()).toBe(resources.en.personaldata.errors.exportInvalid);
  });

  it("corrects a case's contact data (rectification), with the intake form's rules", async () => {
    const search = { q: NORMAL, reason: "Solicitud de rectificación N° 3" };
    const base = { ...search, intent: "rectify", caseId: closed.id, name: "Marta Rojas", phone: "+56 9 1234 5678", address: "Calle Los Aromos 123" };

    const badEmail = await post(users.oirs.id, { ...base, email: "no-es-un-correo" });
    expect(badEmail.status).toBe(400);
    const badData = await body(badEmail);
    expect(badData.result!.error).toEqual({ email: ["validation.email"] });
    expect(badData.found!.cases).toHaveLength(2); // the results stay on the page
    // The case answers by email: the email cannot go.
    const noEmail = await body(await post(users.oirs.id, { ...base, email: "" }));
    expect(noEmail.result!.error).toEqual({ email: ["cases:validation.emailForReply"] });
    localised("cases:validation.emailForReply");
    // Nothing changed.
    const same = await body(await post(users.oirs.id, { ...base, email: "marta.rojas@example.cl" }));
    expect(same.result!.error).toEqual({ "": ["personaldata:errors.unchanged"] });
    // Another person's case: not found.
    expect((await post(users.oirs.id, { ...base, caseId: other.id, email: "x@example.cl" })).status).toBe(404);
    expect(await db.caseEvent.count({ where: { type: "RECTIFIED" } })).toBe(0);

    const ok = await post(users.oirs.id, { ...base, email: "Marta.Nueva@Example.cl" });
    expect(ok.status).toBe(200);
    const okData = await body(ok);
    expect(okData.notice).toEqual({ kind: "rectified", folio: closed.folio, stillListed: true });
    expect(okData.found!.cases.find((c) => c.id === closed.id)!.citizenEmail).toBe("marta.nueva@example.cl");
    expect((await db.case.findUniqueOrThrow({ where: { id: closed.id } })).citizenEmail).toBe("marta.nueva@example.cl");
    const event = await db.caseEvent.findFirstOrThrow({ where: { caseId: closed.id, type: "RECTIFIED" } });
    expect(event).toMatchObject({ public: false, actorId: users.oirs.id, data: { fields: ["email"] } });
    expect(JSON.stringify(event.data)).not.toContain("marta");
    const log = await db.auditLog.findFirstOrThrow({ where: { action: "personalData.rectify" } });
    expect(log).toMatchObject({ actorId: users.oirs.id, entityId: closed.id, ip: IP, data: { by: "rut", query: NORMAL, reason: "Solicitud de rectificación N° 3", folio: closed.folio, fields: ["email"] } });
  });

  it("anonymises closed cases on request (deletion), after a confirmation step, and refuses open ones", async () => {
    const search = { q: NORMAL, reason: "Solicitud de supresión N° 7" };
    // Nothing selected.
    const none = await post(users.oirs.id, { ...search, intent: "review" });
    expect(none.status).toBe(400);
    expect((await body(none)).result!.error).toEqual({ caseIds: ["personaldata:errors.noneSelected"] });
    localised("personaldata:errors.noneSelected");
    // An open case: refused with the folio (409), at the review and at the final step alike.
    const openReview = await post(users.oirs.id, { ...search, intent: "review", caseIds: [closed.id, openCase.id] });
    expect(openReview.status).toBe(409);
    expect((await body(openReview)).result!.error).toEqual({ caseIds: [`personaldata:errors.open|${JSON.stringify({ folios: openCase.folio })}`] });
    localised("personaldata:errors.open");
    const openFinal = await post(users.oirs.id, { ...search, intent: "anonymise", caseIds: [closed.id, openCase.id], erasureReason: "Pedido del titular" });
    expect(openFinal.status).toBe(409);
    expect((await snapshot(closed.id)).anonymizedAt).toBeNull();
    // Another person's case: not found, nothing written.
    expect((await post(users.oirs.id, { ...search, intent: "anonymise", caseIds: [other.id], erasureReason: "x" })).status).toBe(404);

    // The review lists the selection.
    const review = await post(users.oirs.id, { ...search, intent: "review", caseIds: closed.id });
    expect(review.status).toBe(200);
    expect((await body(review)).review!.caseIds).toEqual([closed.id]);
    // Confirming needs a reason.
    const noReason = await post(users.oirs.id, { ...search, intent: "anonymise", caseIds: closed.id, erasureReason: "" });
    expect(noReason.status).toBe(400);
    const noReasonData = await body(noReason);
    expect(noReasonData.result!.error).toEqual({ erasureReason: ["validation.required"] });
    expect(noReasonData.review!.caseIds).toEqual([closed.id]);
    expect((await snapshot(closed.id)).anonymizedAt).toBeNull();

    const done = await post(users.oirs.id, { ...search, intent: "anonymise", caseIds: closed.id, erasureReason: "Supresión pedida por la titular en la oficina" });
    expect(done.status).toBe(200);
    const doneData = await body(done);
    expect(doneData.notice).toEqual({ kind: "anonymised", folios: [closed.folio] });
    // The anonymised case no longer matches the RUT; the open one is still listed.
    expect(doneData.found!.cases.map((c) => c.folio)).toEqual([openCase.folio]);

    const after = await snapshot(closed.id);
    expect(after).toMatchObject({ citizenRut: null, citizenName: null, citizenEmail: null, description: ANONYMISED_TEXT, status: "CERRADA", outcome: "RESOLVED" });
    expect(after.anonymizedAt).not.toBeNull();
    expect(fs.existsSync(filePath(closed.storageKey))).toBe(false);
    const mark = (await anonymisedEvents(closed.id))[0]!;
    expect(mark).toMatchObject({ public: true, actorId: users.oirs.id, actorLabel: users.oirs.name, data: { source: "request" } });
    const log = await db.auditLog.findFirstOrThrow({ where: { action: "personalData.anonymise" } });
    expect(log).toMatchObject({
      actorId: users.oirs.id,
      ip: IP,
      data: { by: "rut", query: NORMAL, reason: "Solicitud de supresión N° 7", erasureReason: "Supresión pedida por la titular en la oficina", folios: [closed.folio], caseIds: [closed.id], files: 1 },
    });
    // Once anonymised, it cannot be targeted again (it is no longer the person's).
    expect((await post(users.oirs.id, { ...search, intent: "anonymise", caseIds: closed.id, erasureReason: "otra vez" })).status).toBe(404);
    expect(await anonymisedEvents(closed.id)).toHaveLength(1);
    // The retention job leaves it alone too.
    await runRetention({ now: new Date(NOW.getTime() + 10 * 365 * 86_400_000) });
    expect(await anonymisedEvents(closed.id)).toHaveLength(1);
  });

  it("writes one audit row per answer that showed or changed the person's data", async () => {
    const rows = await db.auditLog.groupBy({ by: ["action"], where: { action: { in: ["personalData.search", "personalData.export", "personalData.rectify", "personalData.anonymise"] } }, _count: true });
    const counts = Object.fromEntries(rows.map((r) => [r.action, r._count]));
    expect(counts["personalData.export"]).toBe(1);
    expect(counts["personalData.rectify"]).toBe(1);
    expect(counts["personalData.anonymise"]).toBe(1);
    expect(counts["personalData.search"]).toBeGreaterThanOrEqual(6);
    const all = await db.auditLog.findMany({ where: { action: { startsWith: "personalData." }, actorId: { not: null } } });
    for (const row of all) {
      expect(row.ip).toBe(IP);
      expect((row.data as { reason?: string }).reason).toBeTruthy();
    }
    expect(path.isAbsolute(filesRoot)).toBe(true);
  });
});
