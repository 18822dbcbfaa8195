// Filing requests against a real database: folios, the legal clock, routing, attachments, the
// receipt email in the outbox, and the citizen's tracking view.
import fs from "node:fs";
import path from "node:path";
import { db } from "~/db/client.server";
import { findCaseForCitizen, trackCase } from "~/domain/cases/citizen-view.server";
import { createCase } from "~/domain/cases/create-case.server";
import { CaseInputError } from "~/domain/cases/errors";
import { formatFolio } from "~/domain/cases/folio";
import { fileCitizenRequest } from "~/domain/cases/file-request.server";
import { filePath } from "~/domain/cases/file-store.server";
import { clearIntakeContext } from "~/domain/cases/intake-context.server";
import { registerCase } from "~/domain/cases/register-case.server";
import { NewCaseSchema, StaffRegisterSchema, citizenFormSchema, type NewCaseInput } from "~/domain/cases/schemas";
import { seedDemo } from "../../prisma/seed";

const WEB = { channel: "WEB" as const, actorLabel: "citizen" };

function input(overrides: Partial<Record<string, unknown>> = {}): NewCaseInput {
  return NewCaseSchema.parse({
    kind: "RECLAMO",
    subject: "Atención en oficina",
    description: "Esperé dos horas y no me atendieron.",
    name: "María Pérez",
    rut: "12.345.678-5",
    email: "Maria@Example.cl",
    replyChannel: "EMAIL",
    ...overrides,
  });
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%test\n");

describe("filing a request", () => {
  beforeAll(async () => {
    await seedDemo(db, { password: "integration-password-2026", now: new Date("2026-03-01T12:00:00Z") });
  });

  it("numbers it with the institution's prefix, stores it normalised and routes it", async () => {
    // Monday 2 March 2026, 10:00 in Santiago (UTC-3).
    const created = await createCase({ input: input({ description: "Problema con mi sueldo de febrero" }), source: WEB, now: new Date("2026-03-02T13:00:00Z") });
    expect(created.folio).toMatch(/^OIRS-2026-\d{6}$/);
    expect(created.accessCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    const row = await db.case.findUniqueOrThrow({ where: { folio: created.folio }, include: { events: true, area: true } });
    expect(row.citizenRut).toBe("12345678-5");
    expect(row.citizenEmail).toBe("maria@example.cl");
    expect(row.channel).toBe("WEB");
    expect(row.accessCodeHash).not.toContain(created.accessCode);
    // Business day: received when submitted; due at the end of the 10th business day after.
    expect(row.receivedAt.toISOString()).toBe("2026-03-02T13:00:00.000Z");
    expect(row.dueAt.toISOString()).toBe("2026-03-17T02:59:59.999Z");
    // "sueldo" matches the seeded "Remuneraciones y licencias" rule.
    expect(row.area?.code).toBe("PERSONAS");
    const routed = row.events.find((e) => e.type === "ROUTED");
    expect(routed?.public).toBe(false);
    expect(routed?.data).toMatchObject({ rule: "Remuneraciones y licencias" });
    expect(row.events.find((e) => e.type === "RECEIVED")?.public).toBe(true);
  });

  it("counts a Sunday filing from the start of Monday", async () => {
    const created = await createCase({ input: input(), source: WEB, now: new Date("2026-03-08T15:00:00Z") });
    expect(created.receivedAt.toISOString()).toBe("2026-03-09T03:00:00.000Z"); // Monday 00:00 UTC-3
    expect(created.dueAt.toISOString()).toBe("2026-03-24T02:59:59.999Z"); // end of Monday 23 March
  });

  it("applies a regional holiday only to the office in that region", async () => {
    const institution = await db.institution.findFirstOrThrow();
    const office = await db.office.findFirstOrThrow({ where: { code: "CENTRAL" } });
    await db.holiday.create({ data: { institutionId: institution.id, date: new Date("2026-03-10T00:00:00Z"), name: "Feriado regional", region: office.region } });
    clearIntakeContext(); // the intake context is cached for a few seconds
    const withOffice = await createCase({ input: input({ officeCode: "CENTRAL" }), source: WEB, now: new Date("2026-03-02T13:00:00Z") });
    const without = await createCase({ input: input(), source: WEB, now: new Date("2026-03-02T13:00:00Z") });
    expect(withOffice.dueAt.getTime() - without.dueAt.getTime()).toBe(24 * 3600 * 1000);
  });

  it("gives distinct, gap-free folios to concurrent submissions", async () => {
    const before = await db.folioCounter.findFirstOrThrow({ where: { year: 2026 } });
    const results = await Promise.all(Array.from({ length: 12 }, () => createCase({ input: input(), source: WEB, now: new Date("2026-03-03T13:00:00Z") })));
    const numbers = results.map((r) => Number(r.folio.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers[0]).toBe(before.lastValue + 1);
    expect(numbers[11]).toBe(before.lastValue + 12);
  });

  it("keeps numbering past 999,999 without truncating", async () => {
    const institution = await db.institution.findFirstOrThrow();
    await db.folioCounter.upsert({
      where: { institutionId_year: { institutionId: institution.id, year: 2030 } },
      create: { institutionId: institution.id, year: 2030, lastValue: 999_998 },
      update: { lastValue: 999_998 },
    });
    const first = await createCase({ input: input(), source: WEB, now: new Date("2030-03-04T13:00:00Z") });
    const second = await createCase({ input: input(), source: WEB, now: new Date("2030-03-04T13:00:00Z") });
    expect(first.folio).toBe(formatFolio("OIRS", 2030, 999_999));
    expect(second.folio).toBe(formatFolio("OIRS", 2030, 1_000_000));
    expect(second.folio).toBe("OIRS-2030-1000000");
  });

  it("puts the receipt email in the outbox with the case, localised, folio in the subject", async () => {
    const created = await createCase({ input: input({ locale: "en" }), source: WEB });
    const row = await db.case.findUniqueOrThrow({ where: { folio: created.folio } });
    const mail = await db.outbox.findUniqueOrThrow({ where: { dedupeKey: `case-received:${row.id}` } });
    const payload = mail.payload as { to: string; subject: string; text: string };
    expect(payload.to).toBe("maria@example.cl");
    expect(payload.subject).toContain(created.folio);
    expect(payload.text).toContain(created.accessCode);
    expect(mail.status).toBe("PENDING");
  });

  it("sends no email when the citizen gave none, and keeps anonymous suggestions anonymous", async () => {
    const before = await db.outbox.count();
    const created = await createCase({
      input: input({ kind: "SUGERENCIA", anonymous: true, email: undefined, replyChannel: undefined }),
      source: WEB,
    });
    expect(created.emailed).toBe(false);
    expect(await db.outbox.count()).toBe(before);
    const row = await db.case.findUniqueOrThrow({ where: { folio: created.folio } });
    expect(row).toMatchObject({ anonymous: true, citizenName: null, citizenRut: null, citizenEmail: null });
  });

  it("refuses an unknown trámite code with a field error and stores nothing", async () => {
    const before = await db.case.count();
    await expect(createCase({ input: input({ tramiteCode: "NO-EXISTE" }), source: WEB })).rejects.toBeInstanceOf(CaseInputError);
    expect(await db.case.count()).toBe(before);
  });

  it("stores accepted attachments and refuses a file whose bytes are not PDF/JPEG/PNG", async () => {
    const ok = await fileCitizenRequest({
      input: input(),
      files: [
        { name: "foto.png", bytes: PNG },
        { name: "../../carta.pdf", bytes: PDF },
      ],
      ip: "203.0.113.10",
      source: WEB,
    });
    expect(ok.kind).toBe("created");
    if (ok.kind !== "created") return;
    const attachments = await db.attachment.findMany({ where: { case: { folio: ok.created.folio } }, orderBy: { fileName: "asc" } });
    expect(attachments.map((a) => [a.fileName, a.mimeType])).toEqual([
      ["carta.pdf", "application/pdf"],
      ["foto.png", "image/png"],
    ]);
    expect(fs.readFileSync(filePath(attachments[0]!.storageKey))).toEqual(Buffer.from(PDF));

    const before = await db.case.count();
    const bad = await fileCitizenRequest({ input: input(), files: [{ name: "virus.pdf", bytes: new TextEncoder().encode("MZ not a pdf") }], ip: "203.0.113.10", source: WEB });
    expect(bad).toEqual({ kind: "invalid", fieldErrors: { attachments: ['cases:validation.attachments.badType|{"file":"virus.pdf"}'] } });
    const tooMany = await fileCitizenRequest({ input: input(), files: [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, bytes: PNG })), ip: "203.0.113.10", source: WEB });
    expect(tooMany.kind).toBe("invalid");
    expect(await db.case.count()).toBe(before);
  });

  it("removes the stored files when the case cannot be saved", async () => {
    const dir = path.dirname(filePath("x/y"));
    const count = () => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0);
    const before = count();
    await expect(createCase({ input: input({ tramiteId: "00000000-0000-4000-8000-000000000000" }), source: WEB, files: [{ fileName: "a.png", mimeType: "image/png", bytes: PNG }] })).rejects.toBeInstanceOf(CaseInputError);
    expect(count()).toBe(before);
  });

  it("leaves nothing behind when the database fails inside the transaction", async () => {
    // A constraint every new row violates: the failure happens after the folio number was taken.
    await db.$executeRawUnsafe(`ALTER TABLE "Case" ADD CONSTRAINT fail_for_test CHECK (false) NOT VALID`);
    const counts = async () => ({ cases: await db.case.count(), outbox: await db.outbox.count(), folio: (await db.folioCounter.findFirstOrThrow({ where: { year: 2026 } })).lastValue });
    const before = await counts();
    const dir = path.dirname(filePath("x/y"));
    const files = () => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0);
    const filesBefore = files();
    try {
      const outcome = await fileCitizenRequest({ input: input(), files: [{ name: "a.png", bytes: PNG }], ip: "203.0.113.99", source: WEB });
      expect(outcome).toEqual({ kind: "unavailable" });
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Case" DROP CONSTRAINT fail_for_test`);
    }
    // No case, no email; the number taken is skipped, never reused.
    expect(await counts()).toEqual({ ...before, folio: before.folio + 1 });
    expect(files()).toBe(filesBefore);
    const next = await createCase({ input: input(), source: WEB });
    expect(Number(next.folio.slice(-6))).toBe(before.folio + 2);
  });

  it("rate-limits public submissions per IP", async () => {
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await fileCitizenRequest({ input: input({ email: undefined, address: "Calle 1", replyChannel: "POSTAL" }), files: [], ip: "198.51.100.7", source: WEB }));
    expect(results.slice(0, 20).every((r) => r.kind === "created")).toBe(true);
    expect(results[20]!.kind).toBe("limited");
  });
});

describe("an officer registers a letter", () => {
  it("starts the legal clock when the letter arrived, and refuses a future date", async () => {
    const officer = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" } });
    const user = { ...officer, role: officer.role as "OIRS_OFFICER" };
    const fields = {
      kind: "RECLAMO",
      channel: "CARTA",
      subject: "Carta recibida",
      description: "Reclamo por carta.",
      name: "José Muñoz",
      address: "Pasaje Las Dunas 45, La Serena",
      replyChannel: "POSTAL",
      receivedDate: "2026-03-05",
      receivedTime: "16:30",
    };
    // Registered on Monday 9 March about a letter received Thursday 5 March at 16:30.
    const created = await registerCase({ user, input: StaffRegisterSchema.parse(fields), files: [], now: new Date("2026-03-09T14:00:00Z") });
    expect(created.receivedAt.toISOString()).toBe("2026-03-05T19:30:00.000Z");
    expect(created.dueAt.toISOString()).toBe("2026-03-20T02:59:59.999Z"); // 10 business days after Thursday 5
    const row = await db.case.findUniqueOrThrow({ where: { folio: created.folio }, include: { events: true } });
    expect(row.channel).toBe("CARTA");
    expect(row.createdById).toBe(officer.id);
    expect(row.events.find((e) => e.type === "RECEIVED")?.actorId).toBe(officer.id);

    await expect(
      registerCase({ user, input: StaffRegisterSchema.parse({ ...fields, receivedDate: "2026-03-10" }), files: [], now: new Date("2026-03-09T14:00:00Z") }),
    ).rejects.toMatchObject({ fieldErrors: { receivedDate: ["cases:validation.futureDate"] } });
  });
});

describe("the citizen's form rules", () => {
  const form = (kind: "RECLAMO" | "SUGERENCIA", fields: Record<string, string>) => citizenFormSchema(kind).safeParse(fields);

  it("needs a way to answer a complaint", () => {
    const result = form("RECLAMO", { subject: "a", description: "b", name: "Ana", replyChannel: "PRESENCIAL" });
    expect(result.success).toBe(false);
    expect(result.error?.flatten().fieldErrors.email).toEqual(["cases:validation.contactNeeded"]);
  });

  it("refuses an invalid RUT and a too-long description", () => {
    const result = form("RECLAMO", { subject: "a", description: "x".repeat(4001), name: "Ana", rut: "12.345.678-9", email: "a@b.cl", replyChannel: "EMAIL" });
    const errors = result.error?.flatten().fieldErrors;
    expect(errors?.rut).toEqual(["validation.rut"]);
    expect(errors?.description).toEqual(['validation.tooLong|{"max":4000}']);
  });

  it("lets a suggestion be anonymous and drops any contact typed", () => {
    const result = form("SUGERENCIA", { subject: "Idea", description: "Más bancas", anonymous: "on", name: "Ana", email: "a@b.cl" });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ anonymous: true, name: undefined, email: undefined, honeypot: false });
  });

  it("flags the honeypot", () => {
    const result = form("SUGERENCIA", { subject: "Idea", description: "x", anonymous: "on", website: "http://spam" });
    expect(result.data?.honeypot).toBe(true);
  });
});

describe("tracking", () => {
  let folio: string;
  let accessCode: string;

  beforeAll(async () => {
    const created = await createCase({ input: input(), source: WEB });
    ({ folio, accessCode } = created);
    const row = await db.case.findUniqueOrThrow({ where: { folio } });
    await db.caseEvent.createMany({
      data: [
        { caseId: row.id, type: "NOTE", public: false, message: "Nota interna: el ciudadano llamó molesto" },
        { caseId: row.id, type: "REPLIED", public: true, message: "Estimada María: lamentamos la espera." },
      ],
    });
  });

  it("shows the public timeline and the answer, never internal notes", async () => {
    const view = await findCaseForCitizen({ folio: folio.toLowerCase(), accessCode: accessCode.replace("-", "").toLowerCase() });
    expect(view?.folio).toBe(folio);
    expect(view?.answer?.message).toBe("Estimada María: lamentamos la espera.");
    expect(view?.timeline.map((e) => e.type)).toEqual(["RECEIVED", "REPLIED"]);
    expect(JSON.stringify(view)).not.toContain("Nota interna");
    expect(JSON.stringify(view)).not.toContain("accessCodeHash");
  });

  it("answers a wrong code and an unknown folio the same way, then rate-limits", async () => {
    expect(await trackCase({ folio, accessCode: "AAAAA-AAAAA", ip: "192.0.2.1" })).toEqual({ kind: "notFound" });
    expect(await trackCase({ folio: "OIRS-2026-999999", accessCode, ip: "192.0.2.1" })).toEqual({ kind: "notFound" });
    for (let i = 0; i < 8; i++) await trackCase({ folio, accessCode: "AAAAA-AAAAA", ip: "192.0.2.1" });
    const limited = await trackCase({ folio, accessCode, ip: "192.0.2.1" });
    expect(limited.kind).toBe("limited");
    expect((await trackCase({ folio, accessCode, ip: "192.0.2.2" })).kind).toBe("found");
  });
});
