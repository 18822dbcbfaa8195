// The deadline scheduler against a real database: warnings and overdue escalations once per case and
// threshold (also with concurrent scans), nothing for paused or finished cases, regional holidays,
// and the daily digest (once per day, opt-out, not before 07:00, only the user's own cases).
import { db } from "~/db/client.server";
import type { CaseStatus, Role } from "~/generated/prisma/client";
import { setDigestEnabled } from "~/domain/auth/account.server";
import { endOfLocalDay } from "~/domain/sla/calendar";
import { startScheduler } from "~/domain/sla/scheduler-loop.server";
import { runDailyDigests, runDeadlineScan } from "~/domain/sla/scheduler.server";
import { seedDemo } from "../../prisma/seed";

// Wednesday 11 March 2026, 11:00 in Santiago (UTC-3). Business days ahead: Thu 12, Fri 13, Mon 16.
const NOW = new Date("2026-03-11T14:00:00Z");
const DUE_IN_1 = endOfLocalDay("2026-03-12");
const DUE_IN_2 = endOfLocalDay("2026-03-13");
const DUE_IN_3 = endOfLocalDay("2026-03-16");
const OVERDUE_1 = endOfLocalDay("2026-03-10");

type Payload = { to: string; subject: string; text: string; html: string; kind: string };

let institutionId: string;
let personasId: string;
let tiId: string;
let officeCentralId: string;
let users: Record<"admin" | "oirs" | "area" | "comite", { id: string; email: string }>;
let staff: { id: string; email: string }; // AREA_OFFICIAL in PERSONAS (not the head), English
let folioCounter = 0;

async function makeUser(data: { email: string; role: Role; areaId?: string | null; active?: boolean; locale?: string; digestEnabled?: boolean }) {
  return db.user.create({
    data: {
      institutionId,
      email: data.email,
      name: data.email.split("@")[0]!,
      passwordHash: "not-a-real-hash",
      role: data.role,
      areaId: data.areaId ?? null,
      active: data.active ?? true,
      locale: data.locale ?? "es",
      digestEnabled: data.digestEnabled ?? true,
    },
    select: { id: true, email: true },
  });
}

async function makeCase(options: { dueAt: Date; status?: CaseStatus; areaId?: string | null; assigneeId?: string | null; officeId?: string | null; subject?: string }) {
  folioCounter++;
  const folio = `TEST-2026-${String(folioCounter).padStart(6, "0")}`;
  return db.case.create({
    data: {
      institutionId,
      folio,
      kind: "RECLAMO",
      channel: "WEB",
      status: options.status ?? (options.assigneeId ? "ASIGNADA" : "INGRESADA"),
      subject: options.subject ?? `Caso de prueba ${folio}`,
      description: "Descripción de prueba.",
      areaId: options.areaId ?? null,
      assigneeId: options.assigneeId ?? null,
      officeId: options.officeId ?? null,
      accessCodeHash: "x",
      submittedAt: new Date("2026-02-20T13:00:00Z"),
      receivedAt: new Date("2026-02-20T13:00:00Z"),
      dueAt: options.dueAt,
      targetDays: 10,
    },
    select: { id: true, folio: true },
  });
}

async function alertMails(caseId: string, threshold: "warning" | "overdue") {
  const rows = await db.outbox.findMany({ where: { dedupeKey: { startsWith: `alert:${caseId}:${threshold}:` } }, orderBy: { dedupeKey: "asc" } });
  return rows.map((row) => ({ dedupeKey: row.dedupeKey!, ...(row.payload as Payload) }));
}

async function events(caseId: string, type: "DEADLINE_WARNED" | "DEADLINE_BREACHED") {
  return db.caseEvent.findMany({ where: { caseId, type } });
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: NOW });
  const institution = await db.institution.findFirstOrThrow();
  institutionId = institution.id;
  personasId = (await db.area.findFirstOrThrow({ where: { code: "PERSONAS" } })).id;
  tiId = (await db.area.findFirstOrThrow({ where: { code: "TI" } })).id;
  officeCentralId = (await db.office.findFirstOrThrow({ where: { code: "CENTRAL" } })).id;
  const byEmail = async (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  users = {
    admin: await byEmail("admin@oirs.example"),
    oirs: await byEmail("oirs@oirs.example"),
    area: await byEmail("area@oirs.example"),
    comite: await byEmail("comite@oirs.example"),
  };
  staff = await makeUser({ email: "staff@oirs.example", role: "AREA_OFFICIAL", areaId: personasId, locale: "en" });
  // An inactive OIRS officer never hears about anything.
  await makeUser({ email: "former-oirs@oirs.example", role: "OIRS_OFFICER", areaId: null, active: false });
});

describe("deadline warnings", () => {
  it("warns the assignee once when 1 business day remains, and a second scan sends nothing", async () => {
    const due = await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: staff.id });
    const later = await makeCase({ dueAt: DUE_IN_3, areaId: personasId, assigneeId: staff.id });

    const first = await runDeadlineScan({ now: NOW });
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(first.skipped).toBe(false);
    expect(first.failed).toBe(0);

    const warned = await events(due.id, "DEADLINE_WARNED");
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ public: false, actorLabel: "system", data: { threshold: "warning", dueAt: DUE_IN_1.toISOString() } });
    expect(await db.caseAlert.count({ where: { caseId: due.id } })).toBe(1);

    const mails = await alertMails(due.id, "warning");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.dedupeKey).toBe(`alert:${due.id}:warning:${staff.id}:${DUE_IN_1.getTime()}`);
    expect(mails[0]!.to).toBe(staff.email);
    // The recipient's locale (en), the folio in the subject, and a link to the case.
    expect(mails[0]!.subject).toBe(`Deadline approaching: case ${due.folio} (1 business day left)`);
    expect(mails[0]!.text).toContain(`/gestion/casos/${due.id}`);
    expect(mails[0]!.html).toContain('<html lang="en">');

    // 3 business days left: not yet.
    expect(await events(later.id, "DEADLINE_WARNED")).toHaveLength(0);
    expect(await alertMails(later.id, "warning")).toHaveLength(0);

    // The deadline moves (an extension) and comes close again: one new warning for the new date.
    await db.case.update({ where: { id: due.id }, data: { dueAt: new Date(DUE_IN_1.getTime() - 60_000) } });
    await runDeadlineScan({ now: NOW });
    expect(await events(due.id, "DEADLINE_WARNED")).toHaveLength(2);
    await runDeadlineScan({ now: NOW });
    expect(await events(due.id, "DEADLINE_WARNED")).toHaveLength(2);
    await db.case.update({ where: { id: due.id }, data: { dueAt: DUE_IN_1 } });

    const outboxBefore = await db.outbox.count();
    const eventsBefore = await db.caseEvent.count();
    const second = await runDeadlineScan({ now: new Date(NOW.getTime() + 60_000) });
    expect(second).toMatchObject({ warned: 0, escalated: 0, emails: 0 });
    expect(await db.outbox.count()).toBe(outboxBefore);
    expect(await db.caseEvent.count()).toBe(eventsBefore);
  });

  it("counts 2 business days as 'due soon' and says 'due today' on the last day", async () => {
    const inTwo = await makeCase({ dueAt: DUE_IN_2, areaId: personasId, assigneeId: users.area.id });
    const today = await makeCase({ dueAt: endOfLocalDay("2026-03-11"), areaId: personasId, assigneeId: users.area.id });
    await runDeadlineScan({ now: NOW });
    const [twoMail] = await alertMails(inTwo.id, "warning");
    expect(twoMail!.to).toBe(users.area.email);
    expect(twoMail!.subject).toBe(`Plazo por vencer: caso ${inTwo.folio} (quedan 2 días hábiles)`);
    const [todayMail] = await alertMails(today.id, "warning");
    expect(todayMail!.subject).toBe(`Plazo por vencer: el caso ${today.folio} vence hoy`);
  });

  it("falls back to the area head without an assignee (or with an inactive one), and to the OIRS officers without an area", async () => {
    const inactive = await makeUser({ email: "gone@oirs.example", role: "AREA_OFFICIAL", areaId: personasId, active: false });
    const unassigned = await makeCase({ dueAt: DUE_IN_1, areaId: personasId });
    const inactiveAssignee = await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: inactive.id });
    const noArea = await makeCase({ dueAt: DUE_IN_1 });
    const headless = await makeCase({ dueAt: DUE_IN_1, areaId: tiId }); // TI has no head

    await runDeadlineScan({ now: NOW });

    expect((await alertMails(unassigned.id, "warning")).map((m) => m.to)).toEqual([users.area.email]);
    expect((await alertMails(inactiveAssignee.id, "warning")).map((m) => m.to)).toEqual([users.area.email]);
    expect((await alertMails(noArea.id, "warning")).map((m) => m.to)).toEqual([users.oirs.email]);
    expect((await alertMails(headless.id, "warning")).map((m) => m.to)).toEqual([users.oirs.email]);
  });
});

describe("overdue escalation", () => {
  it("escalates once to the area head, the active OIRS officers and the assignee", async () => {
    const overdue = await makeCase({ dueAt: OVERDUE_1, areaId: personasId, assigneeId: staff.id });
    const result = await runDeadlineScan({ now: NOW });
    expect(result.escalated).toBeGreaterThanOrEqual(1);

    const breached = await events(overdue.id, "DEADLINE_BREACHED");
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({ public: false, actorLabel: "system", data: { threshold: "overdue", dueAt: OVERDUE_1.toISOString() } });

    const mails = await alertMails(overdue.id, "overdue");
    expect(mails.map((m) => m.to).sort()).toEqual([users.area.email, users.oirs.email, staff.email].sort());
    const head = mails.find((m) => m.to === users.area.email)!;
    expect(head.subject).toBe(`Caso vencido: ${overdue.folio} (1 día hábil de atraso)`);
    expect(head.text).toContain("jefatura del área «Departamento de Gestión de Personas»");
    expect(mails.find((m) => m.to === staff.email)!.subject).toBe(`Overdue case: ${overdue.folio} (1 business day late)`);
    // A case overdue on its first scan is escalated, not warned.
    expect(await events(overdue.id, "DEADLINE_WARNED")).toHaveLength(0);

    const again = await runDeadlineScan({ now: new Date(NOW.getTime() + 3_600_000) });
    expect(again.escalated).toBe(0);
    expect(await events(overdue.id, "DEADLINE_BREACHED")).toHaveLength(1);
    expect(await alertMails(overdue.id, "overdue")).toHaveLength(3);
  });

  it("sends one email to a head who is also the assignee, and escalates a warned case when it becomes overdue", async () => {
    const c = await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: users.area.id });
    await runDeadlineScan({ now: NOW });
    expect(await alertMails(c.id, "warning")).toHaveLength(1);
    // Friday 13 March: the deadline (end of Thursday) has passed.
    await runDeadlineScan({ now: new Date("2026-03-13T14:00:00Z") });
    const mails = await alertMails(c.id, "overdue");
    expect(mails.map((m) => m.to).sort()).toEqual([users.area.email, users.oirs.email].sort());
    expect(mails.find((m) => m.to === users.area.email)!.text).toContain("porque el caso está asignado a usted");
    expect(await events(c.id, "DEADLINE_WARNED")).toHaveLength(1);
    expect(await events(c.id, "DEADLINE_BREACHED")).toHaveLength(1);
  });

  it("gives paused (ESPERA_CIUDADANO) and finished cases nothing", async () => {
    const quiet = [
      await makeCase({ dueAt: OVERDUE_1, areaId: personasId, assigneeId: staff.id, status: "ESPERA_CIUDADANO" }),
      await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: staff.id, status: "ESPERA_CIUDADANO" }),
      await makeCase({ dueAt: OVERDUE_1, areaId: personasId, assigneeId: staff.id, status: "CERRADA" }),
      await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: staff.id, status: "RESPONDIDA" }),
      await makeCase({ dueAt: OVERDUE_1, areaId: personasId, status: "DERIVADA" }),
      await makeCase({ dueAt: OVERDUE_1, areaId: personasId, status: "DESISTIDA" }),
    ];
    await runDeadlineScan({ now: NOW });
    const ids = quiet.map((c) => c.id);
    expect(await db.caseAlert.count({ where: { caseId: { in: ids } } })).toBe(0);
    expect(await db.caseEvent.count({ where: { caseId: { in: ids } } })).toBe(0);
    expect(await db.outbox.count({ where: { OR: ids.map((id) => ({ dedupeKey: { startsWith: `alert:${id}:` } })) } })).toBe(0);
  });

  it("alerts each case exactly once when scans run concurrently, in small batches", async () => {
    const soon = await Promise.all(Array.from({ length: 5 }, () => makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: staff.id })));
    const late = await Promise.all(Array.from({ length: 5 }, () => makeCase({ dueAt: OVERDUE_1, areaId: personasId, assigneeId: staff.id })));
    const ids = [...soon, ...late].map((c) => c.id);

    const results = await Promise.all([
      runDeadlineScan({ now: NOW, batchSize: 2 }),
      runDeadlineScan({ now: NOW, batchSize: 2 }),
      runDeadlineScan({ now: NOW, batchSize: 3 }),
    ]);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);

    for (const c of soon) {
      expect(await events(c.id, "DEADLINE_WARNED")).toHaveLength(1);
      expect(await alertMails(c.id, "warning")).toHaveLength(1);
    }
    for (const c of late) {
      expect(await events(c.id, "DEADLINE_BREACHED")).toHaveLength(1);
      expect(await alertMails(c.id, "overdue")).toHaveLength(3);
    }
    expect(await db.caseAlert.count({ where: { caseId: { in: ids } } })).toBe(10);
    expect(await db.caseEvent.count({ where: { caseId: { in: ids } } })).toBe(10);
    expect(await db.outbox.count({ where: { OR: ids.map((id) => ({ dedupeKey: { startsWith: `alert:${id}:` } })) } })).toBe(5 + 15);
  });

  it("stays once-only without the advisory lock: the CaseAlert key and the outbox dedupeKey decide", async () => {
    const soon = await Promise.all(Array.from({ length: 4 }, () => makeCase({ dueAt: DUE_IN_1, areaId: personasId })));
    const late = await Promise.all(Array.from({ length: 4 }, () => makeCase({ dueAt: OVERDUE_1, areaId: personasId, assigneeId: staff.id })));
    const ids = [...soon, ...late].map((c) => c.id);
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => runDeadlineScan({ now: NOW, batchSize: 1 + i, lock: false })));
    expect(results.every((r) => !r.skipped && r.failed === 0)).toBe(true);
    expect(results.reduce((n, r) => n + r.warned, 0)).toBe(4);
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBe(4);
    expect(await db.caseEvent.count({ where: { caseId: { in: ids }, type: "DEADLINE_WARNED" } })).toBe(4);
    expect(await db.caseEvent.count({ where: { caseId: { in: ids }, type: "DEADLINE_BREACHED" } })).toBe(4);
    // Warning to the head (no assignee); escalation to head, officer and assignee.
    expect(await db.outbox.count({ where: { OR: ids.map((id) => ({ dedupeKey: { startsWith: `alert:${id}:` } })) } })).toBe(4 + 4 * 3);
  });

  it("uses the office's region for the calendar: a regional holiday brings the warning forward", async () => {
    // Tuesday 5 May 2026, 12:00 in Santiago (UTC-4). Business days ahead: Wed 6, Thu 7, Fri 8.
    const now = new Date("2026-05-05T16:00:00Z");
    const due = endOfLocalDay("2026-05-08");
    const office = await db.office.findUniqueOrThrow({ where: { id: officeCentralId } });
    await db.holiday.create({ data: { institutionId, date: new Date("2026-05-07T00:00:00Z"), name: "Feriado regional de prueba", region: office.region } });
    try {
      const inRegion = await makeCase({ dueAt: due, areaId: personasId, assigneeId: staff.id, officeId: officeCentralId });
      const noOffice = await makeCase({ dueAt: due, areaId: personasId, assigneeId: staff.id });
      await runDeadlineScan({ now });
      expect(await events(inRegion.id, "DEADLINE_WARNED")).toHaveLength(1);
      expect((await alertMails(inRegion.id, "warning"))[0]!.subject).toContain("(2 business days left)");
      expect(await events(noOffice.id, "DEADLINE_WARNED")).toHaveLength(0);
    } finally {
      await db.holiday.deleteMany({ where: { name: "Feriado regional de prueba" } });
    }
  });
});

describe("daily digest", () => {
  // Wednesday 11 March 2026 in Santiago (UTC-3).
  const AT_0800 = new Date("2026-03-11T11:00:00Z");
  const AT_0659 = new Date("2026-03-11T09:59:00Z");
  const DAY = "2026-03-11";

  let digestUser: { id: string; email: string };
  let mine: Array<{ id: string; folio: string }>;
  let otherArea: { id: string; folio: string };
  let colleagueCase: { id: string; folio: string };
  let paused: { id: string; folio: string };

  async function digestOf(userId: string, day = DAY) {
    const row = await db.outbox.findUnique({ where: { dedupeKey: `digest:${userId}:${day}` } });
    return row ? (row.payload as Payload) : null;
  }

  beforeAll(async () => {
    // An area official of Comunicaciones (an area with no other cases) with 23 cases of their own:
    // more than the 20 listed.
    const comunicaciones = await db.area.findFirstOrThrow({ where: { code: "COMUNICACIONES" } });
    digestUser = await makeUser({ email: "comunicaciones@oirs.example", role: "AREA_OFFICIAL", areaId: comunicaciones.id });
    mine = [];
    for (let i = 0; i < 23; i++) {
      mine.push(await makeCase({ dueAt: i === 0 ? OVERDUE_1 : i === 1 ? DUE_IN_1 : endOfLocalDay("2026-04-20"), areaId: comunicaciones.id, assigneeId: digestUser.id }));
    }
    otherArea = await makeCase({ dueAt: DUE_IN_1, areaId: personasId, assigneeId: staff.id, subject: "Caso de otra área" });
    // Long overdue, so it heads the area's list however many cases the earlier tests left there.
    colleagueCase = await makeCase({ dueAt: endOfLocalDay("2026-02-27"), areaId: personasId, assigneeId: staff.id, subject: "Muy atrasado" });
    paused = await makeCase({ dueAt: DUE_IN_1, areaId: comunicaciones.id, assigneeId: digestUser.id, status: "ESPERA_CIUDADANO" });
  });

  it("sends nothing before 07:00 Santiago time", async () => {
    const result = await runDailyDigests({ now: AT_0659 });
    expect(result).toMatchObject({ status: "too-early", sent: 0 });
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: "digest:" } } })).toBe(0);
  });

  it("sends one digest per official per day, and none to users with nothing open, the committee or the opted out", async () => {
    await setDigestEnabled({ userId: staff.id, enabled: false });
    const first = await runDailyDigests({ now: AT_0800 });
    expect(first.status).toBe("done");
    expect(first.failed).toBe(0);

    expect(await digestOf(digestUser.id)).not.toBeNull();
    expect(await digestOf(users.oirs.id)).not.toBeNull(); // unassigned cases
    expect(await digestOf(users.area.id)).not.toBeNull(); // PERSONAS cases
    expect(await digestOf(staff.id)).toBeNull(); // opted out
    expect(await digestOf(users.admin.id)).toBeNull(); // nothing assigned
    expect(await digestOf(users.comite.id)).toBeNull(); // not an official
    expect(first.sent).toBe(3);

    const again = await runDailyDigests({ now: new Date(AT_0800.getTime() + 5 * 3_600_000) });
    expect(again.sent).toBe(0);
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: "digest:" } } })).toBe(3);

    // Concurrent runs on the next day: still one each.
    const nextDay = new Date("2026-03-12T12:00:00Z");
    const [a, b] = await Promise.all([runDailyDigests({ now: nextDay }), runDailyDigests({ now: nextDay })]);
    expect(a.sent + b.sent).toBe(3);
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: "digest:" } } })).toBe(6);
    await setDigestEnabled({ userId: staff.id, enabled: true });
  });

  it("lists only the user's visible cases, most urgent first, with counts computed in SQL", async () => {
    const mail = (await digestOf(digestUser.id))!;
    // 23 open (the paused one is not "open"), 1 due within 2 business days, 1 overdue.
    expect(mail.subject).toBe("Resumen diario de casos del 11 de marzo de 2026 — abiertos: 23, vencidos: 1");
    expect(mail.text).toContain("Por vencer (2 días hábiles o menos): 1");
    expect(mail.text).toContain("En espera de la persona usuaria: 1");
    const listed = mine.filter((c) => mail.text.includes(c.folio));
    expect(listed).toHaveLength(20);
    expect(mail.text).toContain("Y 3 casos más en la bandeja.");
    // Most urgent first: the overdue case, then the one due tomorrow.
    expect(mail.text.indexOf(mine[0]!.folio)).toBeLessThan(mail.text.indexOf(mine[1]!.folio));
    expect(mail.text).toContain("vencido hace 1 día hábil");
    expect(mail.text).toContain(`/gestion/casos/${mine[0]!.id}`);
    expect(mail.html).toContain(`/gestion/casos/${mine[0]!.id}"`);
    expect(mail.html).toContain("<ol ");
    expect(mail.html + mail.text).not.toContain("@@");
    expect(mail.text).not.toContain(paused.folio);
    expect(mail.text).not.toContain(otherArea.folio);

    // The area head sees the whole area (colleagues' cases too), nothing from other areas.
    const head = (await digestOf(users.area.id))!;
    expect(head.text).toContain(colleagueCase.folio);
    expect(head.text).not.toContain(mine[0]!.folio);
    const areaOpen = await db.case.count({
      where: { institutionId, status: { in: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"] }, OR: [{ assigneeId: users.area.id }, { areaId: personasId }] },
    });
    expect(head.subject).toContain(`abiertos: ${areaOpen},`);

    // The OIRS officer sees unassigned cases, not ones assigned to others.
    const officer = (await digestOf(users.oirs.id))!;
    expect(officer.text).not.toContain(colleagueCase.folio);
    expect(officer.text).not.toContain(mine[0]!.folio);
    const officerOpen = await db.case.count({
      where: { institutionId, status: { in: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"] }, OR: [{ assigneeId: users.oirs.id }, { assigneeId: null }] },
    });
    expect(officer.subject).toContain(`abiertos: ${officerOpen},`);
    expect(officer.text).toContain("/cuenta");
  });

  it("skips weekends and holidays unless asked not to", async () => {
    const saturday = new Date("2026-03-14T12:00:00Z");
    const skipped = await runDailyDigests({ now: saturday });
    expect(skipped).toMatchObject({ status: "done", sent: 0, nonBusinessDay: 1 });
    const forced = await runDailyDigests({ now: saturday, businessDaysOnly: false });
    expect(forced.sent).toBeGreaterThan(0);
    expect(await digestOf(digestUser.id, "2026-03-14")).not.toBeNull();
  });
});

describe("scheduler loop", () => {
  it("runs scans in the background without errors, and stop() waits for the run in progress", async () => {
    const errors = vi.spyOn(console, "error");
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const scheduler = startScheduler({ intervalMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await scheduler.stop();
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      log.mockRestore();
    }
  });
});
