// Handling cases against a real database: every action's happy path and its one timeline event,
// refusals that write nothing, area visibility, the legal clock (pause/resume, extension, desist),
// replies with their response time and email, the citizen's answer with the access code, and two
// officers replying at the same time.
import { db } from "~/db/client.server";
import { CaseActionError } from "~/domain/cases/action-errors";
import {
  addNote,
  assignCase,
  closeCase,
  deriveCase,
  desistCase,
  extendDeadline,
  recordCitizenInfo,
  reopenCase,
  replyToCase,
  requestInfo,
  startWork,
  type StaffActor,
} from "~/domain/cases/actions.server";
import { composeReply, getCaseForStaff, openAttachmentForStaff, recordPersonalDataView } from "~/domain/cases/case-page.server";
import { findCaseForCitizen } from "~/domain/cases/citizen-view.server";
import { createCase, type CreatedCase } from "~/domain/cases/create-case.server";
import { listReplyTemplatesFor } from "~/domain/cases/reply-templates.server";
import { NewCaseSchema } from "~/domain/cases/schemas";
import { dueDate, createCalendar } from "~/domain/sla/calendar";
import { seedDemo } from "../../prisma/seed";

const WEB = { channel: "WEB" as const, actorLabel: "citizen" };
const cal = createCalendar(); // no institution holidays fall in March 2026
const at = (iso: string) => new Date(iso);
// Monday 2 March 2026, 10:00 in Santiago (UTC-3).
const MON = at("2026-03-02T13:00:00Z");

let admin: StaffActor;
let oirs: StaffActor;
let area: StaffActor; // AREA_OFFICIAL of PERSONAS
let ti: StaffActor; // AREA_OFFICIAL of TI (created here)
let committee: StaffActor;

async function staff(email: string): Promise<StaffActor> {
  return db.user.findUniqueOrThrow({ where: { email }, select: { id: true, institutionId: true, role: true, areaId: true, name: true } });
}

async function newCase(overrides: Record<string, unknown> = {}, now = MON): Promise<CreatedCase> {
  const input = NewCaseSchema.parse({
    kind: "RECLAMO",
    subject: "Descuento en mi sueldo",
    description: "Me descontaron un día de sueldo sin explicación.",
    name: "María Pérez",
    email: "maria@example.cl",
    replyChannel: "EMAIL",
    ...overrides,
  });
  return createCase({ input, source: WEB, now });
}

async function row(id: string) {
  return db.case.findUniqueOrThrow({ where: { id } });
}

async function events(id: string) {
  return db.caseEvent.findMany({ where: { caseId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Runs `fn` and checks it wrote exactly one event, which it returns. */
async function oneEvent<T>(caseId: string, fn: () => Promise<T>) {
  const before = await events(caseId);
  const value = await fn();
  const after = await events(caseId);
  expect(after.length).toBe(before.length + 1);
  const ids = new Set(before.map((e) => e.id));
  return { value, event: after.find((e) => !ids.has(e.id))! };
}

/** Expects `fn` to fail with `code` and to change nothing: case row, events, outbox. */
async function refused(caseId: string, code: CaseActionError["code"], fn: () => Promise<unknown>) {
  const [caseBefore, eventsBefore, outboxBefore] = await Promise.all([row(caseId), db.caseEvent.count({ where: { caseId } }), db.outbox.count()]);
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaseActionError);
  expect((error as CaseActionError).code).toBe(code);
  expect(await row(caseId)).toEqual(caseBefore);
  expect(await db.caseEvent.count({ where: { caseId } })).toBe(eventsBefore);
  expect(await db.outbox.count()).toBe(outboxBefore);
  return error as CaseActionError;
}

async function outboxFor(kind: string, eventId: string) {
  const mail = await db.outbox.findUnique({ where: { dedupeKey: `${kind}:${eventId}` } });
  return mail ? { ...mail, payload: mail.payload as { to: string; subject: string; text: string; kind: string } } : null;
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: at("2026-03-01T12:00:00Z") });
  admin = await staff("admin@oirs.example");
  oirs = await staff("oirs@oirs.example");
  area = await staff("area@oirs.example");
  committee = await staff("comite@oirs.example");
  const tiArea = await db.area.findFirstOrThrow({ where: { code: "TI" } });
  const created = await db.user.create({
    data: { institutionId: admin.institutionId, email: "ti@oirs.example", name: "Tomás Ibarra", passwordHash: "x", role: "AREA_OFFICIAL", areaId: tiArea.id },
  });
  ti = await staff(created.email);
});

describe("assigning", () => {
  it("assigns an area's official, then reassigns only with a reason", async () => {
    const c = await newCase();
    expect((await row(c.id)).status).toBe("INGRESADA");

    const assigned = await oneEvent(c.id, () => assignCase({ caseId: c.id, actor: oirs, assigneeId: area.id, now: at("2026-03-02T14:00:00Z") }));
    expect(assigned.value.status).toBe("ASIGNADA");
    expect(assigned.event).toMatchObject({ type: "ASSIGNED", public: true, actorId: oirs.id, actorLabel: oirs.name });
    expect(await row(c.id)).toMatchObject({ status: "ASIGNADA", assigneeId: area.id, areaId: area.areaId });

    const noReason = await refused(c.id, "INVALID", () => assignCase({ caseId: c.id, actor: oirs, assigneeId: oirs.id }));
    expect(noReason.fieldErrors.reason).toEqual(["casework:validation.reasonForReassign"]);

    const reassigned = await oneEvent(c.id, () => assignCase({ caseId: c.id, actor: oirs, assigneeId: oirs.id, reason: "Rodrigo está con licencia" }));
    expect(reassigned.event).toMatchObject({ type: "REASSIGNED", public: false });
    expect(reassigned.event.data).toMatchObject({ reason: "Rodrigo está con licencia", fromAssigneeId: area.id, assigneeId: oirs.id });
    expect(await row(c.id)).toMatchObject({ status: "ASIGNADA", assigneeId: oirs.id });
  });

  it("refuses an official of another area, an unknown area, and a no-op", async () => {
    const c = await newCase();
    const wrongArea = await refused(c.id, "INVALID", () => assignCase({ caseId: c.id, actor: oirs, assigneeId: ti.id }));
    expect(wrongArea.fieldErrors.assigneeId).toEqual(["casework:validation.assigneeNotInArea"]);
    await refused(c.id, "INVALID", () => assignCase({ caseId: c.id, actor: oirs, areaId: "00000000-0000-4000-8000-000000000000" }));
    await refused(c.id, "INVALID", () => assignCase({ caseId: c.id, actor: oirs, areaId: area.areaId! }));
    await refused(c.id, "INVALID", () => assignCase({ caseId: c.id, actor: oirs }));
  });

  it("moves a case to another area, keeping EN_TRAMITE, and the new area's official can then act", async () => {
    const c = await newCase();
    await assignCase({ caseId: c.id, actor: oirs, assigneeId: area.id });
    const started = await oneEvent(c.id, () => startWork({ caseId: c.id, actor: area }));
    expect(started.event).toMatchObject({ type: "STATUS_CHANGED", public: true });
    expect((await row(c.id)).status).toBe("EN_TRAMITE");

    const tiArea = ti.areaId!;
    await assignCase({ caseId: c.id, actor: area, areaId: tiArea, assigneeId: ti.id, reason: "Es un problema de la plataforma" });
    expect(await row(c.id)).toMatchObject({ status: "EN_TRAMITE", areaId: tiArea, assigneeId: ti.id });
    // The previous area's official no longer sees it; the new one does.
    await refused(c.id, "NOT_FOUND", () => addNote({ caseId: c.id, actor: area, text: "¿Sigue ahí?" }));
    await addNote({ caseId: c.id, actor: ti, text: "Revisando" });
  });
});

describe("visibility and permissions", () => {
  it("answers NOT_FOUND to an area official for another area's case, and writes nothing", async () => {
    const c = await newCase({ subject: "Transporte escolar", description: "El bus no pasó." }); // routed to DIRECCION
    expect((await row(c.id)).areaId).not.toBe(area.areaId);
    await refused(c.id, "NOT_FOUND", () => addNote({ caseId: c.id, actor: area, text: "x" }));
    await refused(c.id, "NOT_FOUND", () => replyToCase({ caseId: c.id, actor: area, text: "x" }));
    await refused(c.id, "NOT_FOUND", () => assignCase({ caseId: c.id, actor: area, assigneeId: area.id }));
    expect(await getCaseForStaff({ caseId: c.id, user: area })).toBeNull();
    expect(await recordPersonalDataView({ caseId: c.id, user: area })).toBe(false);
    // The same official can act on their own area's case.
    const own = await newCase();
    await addNote({ caseId: own.id, actor: area, text: "Lo veo yo" });
  });

  it("refuses roles that do not handle cases, and accepts API tokens", async () => {
    const c = await newCase();
    await refused(c.id, "FORBIDDEN", () => addNote({ caseId: c.id, actor: committee, text: "x" }));
    const { event } = await oneEvent(c.id, () =>
      addNote({ folio: c.folio.toLowerCase(), actor: { apiToken: { id: "t", name: "mesa-ayuda", institutionId: admin.institutionId } }, text: "Desde la mesa de ayuda" }),
    );
    expect(event).toMatchObject({ type: "NOTE", public: false, actorId: null, actorLabel: "api:mesa-ayuda", message: "Desde la mesa de ayuda" });
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    await expect(addNote({ caseId: "not-a-uuid", actor: oirs, text: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addNote({ caseId: "00000000-0000-4000-8000-000000000000", actor: oirs, text: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("notes", () => {
  it("are internal in any status and never reach the citizen", async () => {
    const c = await newCase();
    const { event } = await oneEvent(c.id, () => addNote({ caseId: c.id, actor: oirs, text: "Nota interna: llamó molesto" }));
    expect(event).toMatchObject({ type: "NOTE", public: false, message: "Nota interna: llamó molesto" });
    const view = await findCaseForCitizen({ folio: c.folio, accessCode: c.accessCode });
    expect(JSON.stringify(view)).not.toContain("Nota interna");
    await refused(c.id, "INVALID", () => addNote({ caseId: c.id, actor: oirs, text: "   " }));
  });
});

describe("asking the citizen for information", () => {
  it("pauses the clock, emails the question, and the citizen's answer resumes it and moves the deadline", async () => {
    const c = await newCase();
    const original = (await row(c.id)).dueAt;
    expect(original).toEqual(dueDate(cal, MON, 10));

    // Tuesday 3 March.
    const asked = await oneEvent(c.id, () => requestInfo({ caseId: c.id, actor: oirs, message: "Envíe su liquidación de febrero.", now: at("2026-03-03T15:00:00Z") }));
    expect(asked.value).toMatchObject({ status: "ESPERA_CIUDADANO", delivery: "EMAIL", emailed: true });
    expect(asked.event).toMatchObject({ type: "INFO_REQUESTED", public: true, message: "Envíe su liquidación de febrero." });
    expect(await row(c.id)).toMatchObject({ status: "ESPERA_CIUDADANO", pausedAt: at("2026-03-03T15:00:00Z") });
    const mail = await outboxFor("case-info-request", asked.event.id);
    expect(mail?.payload.to).toBe("maria@example.cl");
    expect(mail?.payload.subject).toContain(c.folio);
    expect(mail?.payload.text).toContain("Envíe su liquidación de febrero.");

    // A reply is not possible while waiting.
    await refused(c.id, "ILLEGAL_TRANSITION", () => replyToCase({ caseId: c.id, actor: oirs, text: "x" }));
    // A wrong access code finds nothing.
    await refused(c.id, "NOT_FOUND", () => recordCitizenInfo({ citizen: { folio: c.folio, accessCode: "AAAAA-AAAAA" }, text: "x" }));

    // The citizen answers on Monday 9 March: Wed 4, Thu 5, Fri 6 and Mon 9 were paused → 4 business days.
    const answered = await oneEvent(c.id, () =>
      recordCitizenInfo({ citizen: { folio: c.folio, accessCode: c.accessCode.toLowerCase() }, text: "Adjunto la liquidación.", now: at("2026-03-09T14:00:00Z") }),
    );
    expect(answered.value.pausedDays).toBe(4);
    expect(answered.event).toMatchObject({ type: "INFO_RECEIVED", public: true, actorId: null, actorLabel: "citizen", message: null });
    expect(answered.event.data).toMatchObject({ answer: "Adjunto la liquidación.", via: "tracking" });
    const after = await row(c.id);
    expect(after).toMatchObject({ status: "EN_TRAMITE", pausedAt: null, pausedBusinessDays: 4 });
    expect(after.dueAt).toEqual(dueDate(cal, MON, 14));
    // The citizen's answer is not echoed on the tracking page.
    const view = await findCaseForCitizen({ folio: c.folio, accessCode: c.accessCode });
    expect(JSON.stringify(view)).not.toContain("Adjunto la liquidación");
  });

  it("records a postal citizen's request as pending delivery, and an officer records the answer", async () => {
    const c = await newCase({ email: undefined, address: "Calle Larga 123, Coquimbo", replyChannel: "POSTAL" });
    const outbox = await db.outbox.count();
    const asked = await oneEvent(c.id, () => requestInfo({ caseId: c.id, actor: oirs, message: "Indique su RUT.", now: at("2026-03-03T15:00:00Z") }));
    expect(asked.value).toMatchObject({ delivery: "POSTAL", emailed: false });
    expect(asked.event.data).toMatchObject({ delivery: "POSTAL", pendingDelivery: true });
    expect(await db.outbox.count()).toBe(outbox);

    const answered = await oneEvent(c.id, () => recordCitizenInfo({ caseId: c.id, actor: oirs, text: "Llamó: RUT 12.345.678-5", now: at("2026-03-04T15:00:00Z") }));
    expect(answered.event).toMatchObject({ type: "INFO_RECEIVED", actorId: oirs.id });
    expect(answered.event.data).toMatchObject({ via: "staff", pausedDays: 1 });
    expect((await row(c.id)).dueAt).toEqual(dueDate(cal, MON, 11));
  });

  it("allows declaring the request desisted only after the citizen's 5 business days", async () => {
    const c = await newCase();
    await requestInfo({ caseId: c.id, actor: oirs, message: "¿Qué día ocurrió?", now: at("2026-03-03T15:00:00Z") });
    // 5 business days after Tue 3 March: Wed 4 … Tue 10 March, until 23:59 local.
    await refused(c.id, "DESIST_NOT_ALLOWED", () => desistCase({ caseId: c.id, actor: oirs, now: at("2026-03-11T02:59:00Z") }));
    const desisted = await oneEvent(c.id, () => desistCase({ caseId: c.id, actor: oirs, now: at("2026-03-11T12:00:00Z") }));
    expect(desisted.event).toMatchObject({ type: "DESISTED", public: true });
    expect(await row(c.id)).toMatchObject({ status: "DESISTIDA", closedAt: at("2026-03-11T12:00:00Z") });
    // Desisting is only for cases waiting for the citizen.
    const other = await newCase();
    await refused(other.id, "ILLEGAL_TRANSITION", () => desistCase({ caseId: other.id, actor: oirs, now: at("2026-04-30T12:00:00Z") }));
  });
});

describe("extending the deadline", () => {
  it("allows one extension of at most half the term, before it expires, and tells the citizen", async () => {
    const c = await newCase();
    const tooLong = await refused(c.id, "EXTENSION_NOT_ALLOWED", () => extendDeadline({ caseId: c.id, actor: oirs, days: 6, reason: "Falta información", now: at("2026-03-05T13:00:00Z") }));
    expect(tooLong.reason).toBe("TOO_LONG");
    expect(tooLong.fieldErrors.days).toEqual(['casework:errors.extension.TOO_LONG|{"max":5}']);

    const extended = await oneEvent(c.id, () => extendDeadline({ caseId: c.id, actor: oirs, days: "5", reason: "Consultamos a otra unidad.", now: at("2026-03-05T13:00:00Z") }));
    expect(extended.event).toMatchObject({ type: "EXTENDED", public: true, message: "Consultamos a otra unidad." });
    expect(extended.value.dueAt).toEqual(dueDate(cal, MON, 15));
    expect(await row(c.id)).toMatchObject({ extendedDays: 5, extendedAt: at("2026-03-05T13:00:00Z"), dueAt: dueDate(cal, MON, 15) });
    const mail = await outboxFor("case-extended", extended.event.id);
    expect(mail?.payload.subject).toContain(c.folio);
    expect(mail?.payload.text).toContain("Consultamos a otra unidad.");

    const again = await refused(c.id, "EXTENSION_NOT_ALLOWED", () => extendDeadline({ caseId: c.id, actor: oirs, days: 1, reason: "Otra vez", now: at("2026-03-06T13:00:00Z") }));
    expect(again.reason).toBe("ALREADY_EXTENDED");
  });

  it("refuses an extension after the deadline", async () => {
    const c = await newCase();
    // Due at the end of Monday 16 March; Tuesday 17 is too late.
    const late = await refused(c.id, "EXTENSION_NOT_ALLOWED", () => extendDeadline({ caseId: c.id, actor: oirs, days: 2, reason: "Tarde", now: at("2026-03-17T13:00:00Z") }));
    expect(late.reason).toBe("EXPIRED");
    await extendDeadline({ caseId: c.id, actor: oirs, days: 2, reason: "A tiempo", now: at("2026-03-16T20:00:00Z") });
  });
});

describe("deriving", () => {
  it("closes the case as DERIVADA, tells the citizen at once, and refuses further changes", async () => {
    const c = await newCase();
    const derived = await oneEvent(c.id, () =>
      deriveCase({ caseId: c.id, actor: oirs, institution: "Superintendencia de Educación", reason: "Corresponde a su fiscalización.", now: at("2026-03-03T13:00:00Z") }),
    );
    expect(derived.event).toMatchObject({ type: "DERIVED", public: true, message: "Corresponde a su fiscalización." });
    expect(await row(c.id)).toMatchObject({ status: "DERIVADA", derivedTo: "Superintendencia de Educación", closedAt: at("2026-03-03T13:00:00Z") });
    const mail = await outboxFor("case-derived", derived.event.id);
    expect(mail?.payload.subject).toContain(c.folio);
    expect(mail?.payload.text).toContain("Superintendencia de Educación");
    const view = await findCaseForCitizen({ folio: c.folio, accessCode: c.accessCode });
    expect(view).toMatchObject({ status: "DERIVADA", derivedTo: "Superintendencia de Educación" });

    await refused(c.id, "ILLEGAL_TRANSITION", () => replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta" }));
    await refused(c.id, "ILLEGAL_TRANSITION", () => reopenCase({ caseId: c.id, actor: oirs, reason: "x" }));
    await refused(c.id, "ILLEGAL_TRANSITION", () => assignCase({ caseId: c.id, actor: oirs, assigneeId: oirs.id, reason: "x" }));
  });
});

describe("replying, closing and reopening", () => {
  it("records the response time in business days, fills placeholders, emails the answer and shows it to the citizen", async () => {
    const c = await newCase();
    await requestInfo({ caseId: c.id, actor: oirs, message: "¿Mes?", now: at("2026-03-03T15:00:00Z") });
    await recordCitizenInfo({ caseId: c.id, actor: oirs, text: "Febrero", now: at("2026-03-05T15:00:00Z") }); // Wed 4, Thu 5 paused
    // Answered Thursday 12 March: 3,4,5,6,9,10,11,12 = 8 business days since reception, minus 2 paused.
    const replied = await oneEvent(c.id, () =>
      replyToCase({ caseId: c.id, actor: oirs, text: "Estimada {{nombre}}: sobre el folio {{folio}}… {{desconocido}}", now: at("2026-03-12T15:00:00Z") }),
    );
    expect(replied.value).toMatchObject({ status: "RESPONDIDA", responseBusinessDays: 6, delivery: "EMAIL", emailed: true });
    const text = `Estimada María Pérez: sobre el folio ${c.folio}… {{desconocido}}`;
    expect(replied.event).toMatchObject({ type: "REPLIED", public: true, message: text });
    expect(await row(c.id)).toMatchObject({ status: "RESPONDIDA", respondedAt: at("2026-03-12T15:00:00Z"), responseBusinessDays: 6, pausedAt: at("2026-03-12T15:00:00Z") });
    const mail = await outboxFor("case-reply", replied.event.id);
    expect(mail?.payload.subject).toContain(c.folio);
    expect(mail?.payload.text).toContain(`sobre el folio ${c.folio}`);
    expect((await findCaseForCitizen({ folio: c.folio, accessCode: c.accessCode }))?.answer?.message).toBe(text);

    // Close as resolved.
    const closed = await oneEvent(c.id, () => closeCase({ caseId: c.id, actor: oirs, outcome: "RESOLVED", now: at("2026-03-13T15:00:00Z") }));
    expect(closed.event).toMatchObject({ type: "CLOSED", public: true });
    expect(await row(c.id)).toMatchObject({ status: "CERRADA", outcome: "RESOLVED", closedAt: at("2026-03-13T15:00:00Z") });

    // Reopen on Tuesday 17 March: the clock resumes from the answer (Fri 13, Mon 16, Tue 17 = 3 days stopped).
    await refused(c.id, "INVALID", () => reopenCase({ caseId: c.id, actor: oirs, reason: "" }));
    const reopened = await oneEvent(c.id, () => reopenCase({ caseId: c.id, actor: oirs, reason: "La persona no está conforme.", now: at("2026-03-17T15:00:00Z") }));
    expect(reopened.event).toMatchObject({ type: "REOPENED", public: true });
    expect(reopened.event.data).toMatchObject({ reason: "La persona no está conforme.", pausedDays: 3 });
    const after = await row(c.id);
    expect(after).toMatchObject({ status: "REABIERTA", closedAt: null, outcome: null, pausedAt: null, pausedBusinessDays: 5 });
    expect(after.dueAt).toEqual(dueDate(cal, MON, 15));

    // A second answer counts only the days the institution held the case.
    const second = await replyToCase({ caseId: c.id, actor: oirs, text: "Nueva respuesta", now: at("2026-03-18T15:00:00Z") });
    expect(second.responseBusinessDays).toBe(7); // 12 business days since reception − 5 stopped
  });

  it("records a postal answer with the date the officer gives, and sends no email", async () => {
    const c = await newCase({ email: undefined, address: "Calle Larga 123", replyChannel: "POSTAL" });
    const missing = await refused(c.id, "INVALID", () => replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta", now: at("2026-03-04T15:00:00Z") }));
    expect(missing.fieldErrors.deliveredOn).toEqual(["casework:validation.deliveredOnRequired"]);
    await refused(c.id, "INVALID", () => replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta", deliveredOn: "2026-03-05", now: at("2026-03-04T15:00:00Z") }));
    await refused(c.id, "INVALID", () => replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta", deliveredOn: "2026-02-31", now: at("2026-03-04T15:00:00Z") }));
    const outbox = await db.outbox.count();
    const replied = await oneEvent(c.id, () => replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta por carta", deliveredOn: "2026-03-04", now: at("2026-03-04T15:00:00Z") }));
    expect(replied.value).toMatchObject({ delivery: "POSTAL", emailed: false, responseBusinessDays: 2 });
    expect(replied.event.data).toMatchObject({ delivery: "POSTAL", deliveredOn: "2026-03-04" });
    expect(await db.outbox.count()).toBe(outbox);
  });

  it("closes an unanswered case only as not applicable", async () => {
    const c = await newCase({ subject: "Publicidad", description: "spam spam" });
    await refused(c.id, "ILLEGAL_TRANSITION", () => closeCase({ caseId: c.id, actor: oirs, outcome: "RESOLVED" }));
    await refused(c.id, "INVALID", () => closeCase({ caseId: c.id, actor: oirs, outcome: "MAYBE" }));
    const closed = await oneEvent(c.id, () => closeCase({ caseId: c.id, actor: oirs, outcome: "NOT_APPLICABLE", note: "Spam" }));
    expect(closed.event.data).toMatchObject({ outcome: "NOT_APPLICABLE", note: "Spam", from: "INGRESADA" });
    expect(await row(c.id)).toMatchObject({ status: "CERRADA", outcome: "NOT_APPLICABLE" });
    await refused(c.id, "ILLEGAL_TRANSITION", () => requestInfo({ caseId: c.id, actor: oirs, message: "x" }));
  });

  it("lets exactly one of two simultaneous replies through", async () => {
    const c = await newCase();
    const outcomes = await Promise.allSettled([
      replyToCase({ caseId: c.id, actor: oirs, text: "Respuesta A" }),
      replyToCase({ caseId: c.id, actor: admin, text: "Respuesta B" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: "ILLEGAL_TRANSITION" });
    expect(await db.caseEvent.count({ where: { caseId: c.id, type: "REPLIED" } })).toBe(1);
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: "case-reply:" }, payload: { path: ["to"], equals: "maria@example.cl" } } })).toBeGreaterThan(0);
  });
});

describe("the case page", () => {
  it("returns the case with its timeline, actors, deadline and the actions allowed now", async () => {
    const c = await newCase();
    await assignCase({ caseId: c.id, actor: oirs, assigneeId: area.id, now: at("2026-03-02T14:00:00Z") });
    await addNote({ caseId: c.id, actor: area, text: "Revisando", now: at("2026-03-02T15:00:00Z") });
    const view = await getCaseForStaff({ caseId: c.id, user: area, now: at("2026-03-04T15:00:00Z") });
    expect(view).not.toBeNull();
    expect(view!.case).toMatchObject({ folio: c.folio, status: "ASIGNADA", citizenName: "María Pérez", citizenEmail: "maria@example.cl" });
    expect(view!.case.assignee?.name).toBe(area.name);
    expect(view!.timeline.map((e) => [e.type, e.actor, e.public])).toEqual([
      ["RECEIVED", "citizen", true],
      ["ROUTED", "system", false],
      ["ASSIGNED", oirs.name, true],
      ["NOTE", area.name, false],
    ]);
    // Wednesday 4 March; due Monday 16 March: 8 business days left.
    expect(view!.deadline.state).toEqual({ overdue: false, businessDays: 8, dueToday: false });
    expect(view!.actions).toEqual(["assign", "startWork", "note", "requestInfo", "extend", "derive", "reply", "close"]);
    expect(view!.outcomes).toEqual(["NOT_APPLICABLE"]);
    expect(view!.extension).toEqual({ maxDays: 5, possible: true });
    expect(view!.delivery).toBe("EMAIL");
    expect(view!.templates.every((t) => t.kind === null || t.kind === "RECLAMO")).toBe(true);
    expect(view!.templates.length).toBeGreaterThan(0);

    const byFolio = await getCaseForStaff({ folio: c.folio.toLowerCase(), user: oirs, now: at("2026-03-20T15:00:00Z") });
    expect(byFolio?.deadline.state).toEqual({ overdue: true, businessDays: 4, dueToday: false });
    expect(await getCaseForStaff({ caseId: c.id, user: committee })).toBeNull();
  });

  it("logs personal-data views at most once per user and case every 10 minutes", async () => {
    const c = await newCase();
    const count = () => db.caseEvent.count({ where: { caseId: c.id, type: "PERSONAL_DATA_VIEWED" } });
    expect(await recordPersonalDataView({ caseId: c.id, user: oirs, now: at("2026-03-02T14:00:00Z") })).toBe(true);
    expect(await recordPersonalDataView({ caseId: c.id, user: oirs, now: at("2026-03-02T14:09:00Z") })).toBe(false);
    expect(await recordPersonalDataView({ caseId: c.id, user: admin, now: at("2026-03-02T14:09:00Z") })).toBe(true);
    expect(await recordPersonalDataView({ caseId: c.id, user: oirs, now: at("2026-03-02T14:10:01Z") })).toBe(true);
    expect(await count()).toBe(3);
    const viewed = await db.caseEvent.findFirstOrThrow({ where: { caseId: c.id, type: "PERSONAL_DATA_VIEWED", actorId: admin.id } });
    expect(viewed).toMatchObject({ public: false, actorLabel: admin.name, createdAt: at("2026-03-02T14:09:00Z") });
  });

  it("logs every attachment download", async () => {
    const input = NewCaseSchema.parse({ kind: "RECLAMO", subject: "Sueldo", description: "sueldo", name: "Ana", email: "ana@example.cl", replyChannel: "EMAIL" });
    const pdf = new TextEncoder().encode("%PDF-1.4\n%test\n");
    const c = await createCase({ input, source: WEB, files: [{ fileName: "liquidacion.pdf", mimeType: "application/pdf", bytes: pdf }] });
    const attachment = await db.attachment.findFirstOrThrow({ where: { caseId: c.id } });
    const file = await openAttachmentForStaff({ caseId: c.id, attachmentId: attachment.id, user: area });
    expect(file).toMatchObject({ fileName: "liquidacion.pdf", mimeType: "application/pdf", size: pdf.length });
    await openAttachmentForStaff({ caseId: c.id, attachmentId: attachment.id, user: oirs });
    const logged = await db.caseEvent.findMany({ where: { caseId: c.id, type: "ATTACHMENT_DOWNLOADED" } });
    expect(logged.map((e) => e.actorId).sort()).toEqual([area.id, oirs.id].sort());
    expect(await openAttachmentForStaff({ caseId: c.id, attachmentId: attachment.id, user: ti })).toBeNull();
  });

  it("fills a reply template with the case's values", async () => {
    const c = await newCase();
    const templates = await listReplyTemplatesFor({ institutionId: admin.institutionId, kind: "RECLAMO" });
    const template = templates.find((t) => t.name === "Respuesta a reclamo")!;
    const composed = await composeReply({ caseId: c.id, user: oirs, templateId: template.id });
    expect(composed?.text).toContain("Estimado/a María Pérez:");
    expect(composed?.text).toContain(c.folio);
    expect(composed?.text).not.toContain("{{fecha}}");
    expect(composed?.unresolved).toEqual([]);
    expect((await listReplyTemplatesFor({ institutionId: admin.institutionId, kind: "CONSULTA" })).some((t) => t.kind === "RECLAMO")).toBe(false);
  });
});
