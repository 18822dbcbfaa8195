// Dissemination of the implementation report against a real database with the demo seed (7
// recipients for 2026) and a real SMTP server on 127.0.0.1: export and re-import of the recipient
// list, every refusal of a bad file (nothing written), the add/remove forms, and recording a
// dissemination that emails the report — one outbox row per recipient with an address, and the
// worker attaching the .docx when it sends.
import net from "node:net";
import ExcelJS from "exceljs";
import { SMTPServer } from "smtp-server";
import { db } from "~/db/client.server";
import { createSession } from "~/domain/auth/session.server";
import { SHEET_HEADERS } from "~/domain/committee/dissemination";
import { createMailer, type Mailer } from "~/domain/notify/mailer.server";
import { processOutboxOnce } from "~/domain/notify/outbox.server";
import { action, loader } from "~/routes/comite.difusion";
import { loader as exportLoader } from "~/routes/comite.difusion_.destinatarios[.]xlsx";
import { seedDemo } from "../../prisma/seed";

const YEAR = 2026;
let committee: { id: string };
let officer: { id: string };
let institutionId: string;
let planId: string;
const cookies = new Map<string, string>();
const ctx = { context: {}, params: {} };

async function cookieFor(userId: string): Promise<string> {
  if (!cookies.has(userId)) cookies.set(userId, (await createSession({ userId })).setCookie.split(";")[0]!);
  return cookies.get(userId)!;
}

async function post(userId: string, fields: Record<string, string> | FormData, url = `/comite/difusion?anio=${YEAR}`) {
  const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
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

const postAction = async (userId: string, fields: Record<string, string> | FormData, url?: string) => run(async () => action({ request: await post(userId, fields, url), ...ctx }));

function importForm(bytes: Uint8Array<ArrayBufferLike>, mode: "replace" | "append", name = "destinatarios.xlsx") {
  const form = new FormData();
  form.set("intent", "import");
  form.set("year", String(YEAR));
  form.set("mode", mode);
  form.set("file", new Blob([new Uint8Array(bytes)]), name);
  return form;
}

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Hoja1");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? "" : String(v)))));
  return rows;
}

async function exportList(query = "") {
  const response = await run(async () => exportLoader({ request: await get(committee.id, `/comite/difusion/destinatarios.xlsx?anio=${YEAR}${query}`), ...ctx }));
  return { response, bytes: response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array() };
}

const listNow = () =>
  db.disseminationRecipient.findMany({ where: { planId }, orderBy: [{ name: "asc" }], select: { name: true, cargo: true, area: true, category: true, email: true } });

type Received = { to: string[]; raw: string };
let smtp: { port: number; received: Received[]; close: () => Promise<void> };
let mailer: Mailer;

async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("latin1") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The attachments of a raw MIME message: headers unfolded, base64 bodies decoded. */
function attachmentsOf(raw: string): Array<{ contentType: string; disposition: string; bytes: Buffer }> {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  let parts = [raw];
  for (const b of boundaries) parts = parts.flatMap((p) => p.split(`--${b}`));
  const found: Array<{ contentType: string; disposition: string; bytes: Buffer }> = [];
  for (const part of parts) {
    const split = part.replace(/^\r\n/, "").split(/\r\n\r\n/);
    const head = split[0]!.replace(/\r\n[ \t]+/g, " ");
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
    const disposition = header("Content-Disposition");
    if (!/^attachment/i.test(disposition)) continue;
    expect(header("Content-Transfer-Encoding").toLowerCase()).toBe("base64");
    found.push({ contentType: header("Content-Type"), disposition, bytes: Buffer.from(split.slice(1).join("\r\n\r\n").replace(/\s+/g, ""), "base64") });
  }
  return found;
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: new Date("2026-08-15T14:00:00Z") });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, institutionId: true } });
  const c = await user("comite@oirs.example");
  committee = c;
  institutionId = c.institutionId;
  officer = await user("oirs@oirs.example");
  planId = (await db.plan.findFirstOrThrow({ where: { institutionId, year: YEAR }, select: { id: true } })).id;
  smtp = await startSmtp();
  mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "OIRS Test <oirs@test.example>" });
});

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
});

describe("the page", () => {
  it("lists the seeded recipients with counts per category; the officer reads but cannot change", async () => {
    const data = await (await run(async () => loader({ request: await get(committee.id, `/comite/difusion?anio=${YEAR}`), ...ctx }))).json();
    expect(data.canManage).toBe(true);
    expect(data.page.recipients).toHaveLength(7);
    expect(data.page.counts).toEqual({ PLANTA: 2, CONTRATA: 1, HONORARIOS: 1, CODIGO_DEL_TRABAJO: 1, DIRECTIVO: 1, COSOC: 1 });
    expect(data.page.withEmail).toBe(7);

    const asOfficer = await (await run(async () => loader({ request: await get(officer.id, `/comite/difusion?anio=${YEAR}`), ...ctx }))).json();
    expect(asOfficer.canManage).toBe(false);
    expect((await postAction(officer.id, { intent: "recipient-add", year: String(YEAR), name: "X", cargo: "Y", category: "PLANTA" })).status).toBe(403);
    // A year without a plan is a 404, never a 500.
    expect((await run(async () => loader({ request: await get(committee.id, "/comite/difusion?anio=2019"), ...ctx }))).status).toBe(404);
  });
});

describe("export and import", () => {
  it("exports the list in the guide's columns, as an attachment, audited (names and emails are personal data)", async () => {
    const audited = () => db.auditLog.count({ where: { action: "dissemination.recipients_export", entityId: planId, actorId: committee.id } });
    const auditedBefore = await audited();
    const { response, bytes } = await exportList();
    expect(await audited()).toBe(auditedBefore + 1);
    expect(await db.auditLog.findFirst({ where: { action: "dissemination.recipients_export" }, orderBy: { createdAt: "desc" } })).toMatchObject({ data: { year: YEAR, rows: 7 } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="destinatarios-difusion-${YEAR}.xlsx"`);
    const rows = await sheetRows(bytes);
    expect(rows[0]).toEqual(Object.values(SHEET_HEADERS));
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual(["Luis Barraza Contreras", "Asistente de la Educación, Oficina Andacollo", "Oficina OIRS", "Código del Trabajo", "l.barraza@example.cl"]);
  });

  it("re-imports its own export unchanged (replace), audited", async () => {
    const before = await listNow();
    const { bytes } = await exportList();
    const response = await postAction(committee.id, importForm(bytes, "replace"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/difusion?anio=${YEAR}&saved=imported&count=7#recipients`);
    expect(await listNow()).toEqual(before);
    expect(await db.auditLog.count({ where: { action: "disseminationRecipient.import", entityId: planId, actorId: committee.id } })).toBe(1);
    // And the export of the re-imported list is the same sheet.
    expect(await sheetRows((await exportList()).bytes)).toEqual(await sheetRows(bytes));
  });

  it("refuses a file with invalid rows: 422, every row and why, nothing written", async () => {
    const before = await listNow();
    const bytes = await workbook([
      ["Nombre", "Cargo", "Área / Unidad", "Categoría", "Correo electrónico"],
      ["Ana Soto", "Profesional", "Finanzas", "contrata", "ana.soto@example.cl"],
      ["", "Administrativo", "", "Planta", ""],
      [],
      ["Pedro Gómez", "Consejero", "", "Subcontratado", "pedro@"],
    ]);
    const response = await postAction(committee.id, importForm(bytes, "replace"));
    expect(response.status).toBe(422);
    const data = await response.json();
    expect(data.form).toBe("import");
    expect(data.result.error.file).toEqual(['dissemination:import.problems.rows|{"count":3}']);
    expect(data.rowErrors).toEqual([
      { row: 3, field: "name", message: "validation.required" },
      { row: 5, field: "category", message: "dissemination:import.errors.category", value: "Subcontratado" },
      { row: 5, field: "email", message: "validation.email", value: "pedro@" },
    ]);
    expect(await listNow()).toEqual(before);
  });

  it("appends new rows, and refuses (writing nothing) a row whose email is already in the list", async () => {
    const clash = await workbook([
      ["nombre", "CARGO", "categoria", "correo"],
      ["Nueva Persona", "Analista", "Honorarios", "nueva@example.cl"],
      ["Otra Vez", "Director", "Directivo", "P.Henriquez@example.cl"],
    ]);
    const refused = await postAction(committee.id, importForm(clash, "append"));
    expect(refused.status).toBe(422);
    expect((await refused.json()).rowErrors).toEqual([{ row: 3, field: "email", message: "dissemination:errors.emailInList", value: "p.henriquez@example.cl" }]);
    expect(await db.disseminationRecipient.count({ where: { planId } })).toBe(7);

    const fine = await workbook([
      ["Nombre", "Cargo", "Categoría"],
      ["Nueva Persona", "Analista", "Código del trabajo"],
    ]);
    expect((await postAction(committee.id, importForm(fine, "append"))).status).toBe(302);
    expect(await db.disseminationRecipient.count({ where: { planId } })).toBe(8);
    expect(await db.disseminationRecipient.findFirst({ where: { planId, name: "Nueva Persona" } })).toMatchObject({ category: "CODIGO_DEL_TRABAJO", area: "", email: null });
  });

  it("refuses what is not a usable .xlsx with a clear 4xx, never a 500", async () => {
    const count = await db.disseminationRecipient.count({ where: { planId } });
    const cases: Array<[string, FormData, number, string]> = [
      ["no file", (() => { const f = new FormData(); f.set("intent", "import"); f.set("year", String(YEAR)); f.set("mode", "replace"); return f; })(), 400, "dissemination:import.problems.missing"],
      ["a PDF named .xlsx", importForm(new TextEncoder().encode("%PDF-1.7\n..."), "replace"), 415, "dissemination:import.problems.badType"],
      ["a CSV", importForm(new TextEncoder().encode("Nombre,Cargo\nAna,Jefa\n"), "replace", "lista.csv"), 415, "dissemination:import.problems.badType"],
      ["a truncated ZIP", importForm(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "replace"), 422, "dissemination:import.problems.unreadable"],
      ["over 2 MB", importForm(new Uint8Array(2 * 1024 * 1024 + 10).fill(0x50), "replace"), 413, 'dissemination:import.problems.tooLarge|{"max":2}'],
    ];
    for (const [name, form, status, message] of cases) {
      const response = await postAction(committee.id, form);
      expect(response.status, name).toBe(status);
      expect((await response.json()).result.error.file, name).toEqual([message]);
    }
    // A mode that is not one of the two.
    const { bytes } = await exportList();
    const badMode = importForm(bytes, "replace");
    badMode.set("mode", "merge");
    const response = await postAction(committee.id, badMode);
    expect(response.status).toBe(400);
    expect((await response.json()).result.error.mode).toEqual(["validation.choice"]);
    expect(await db.disseminationRecipient.count({ where: { planId } })).toBe(count);
  });
});

describe("adding and removing a recipient", () => {
  it("refuses a missing name and a bad email beside the fields, keeping what was typed; then adds and removes, audited", async () => {
    const bad = await postAction(committee.id, { intent: "recipient-add", year: String(YEAR), name: "", cargo: "Jefa de Finanzas", category: "DIRECTIVO", email: "no-es-correo" });
    expect(bad.status).toBe(400);
    const data = await bad.json();
    expect(data.result.error).toMatchObject({ name: ["validation.required"], email: ["validation.email"] });
    expect(data.result.initialValue).toMatchObject({ cargo: "Jefa de Finanzas", email: "no-es-correo" });

    const taken = await postAction(committee.id, { intent: "recipient-add", year: String(YEAR), name: "Copia", cargo: "Jefa", category: "PLANTA", email: "C.ROJAS@example.cl" });
    expect(taken.status).toBe(400);
    expect((await taken.json()).result.error).toEqual({ email: ["dissemination:errors.emailInList"] });

    const ok = await postAction(committee.id, { intent: "recipient-add", year: String(YEAR), name: "Marta Díaz", cargo: "Jefa de Finanzas", area: "Finanzas", category: "DIRECTIVO", email: "Marta.Diaz@example.cl" });
    expect(ok.status).toBe(302);
    const row = await db.disseminationRecipient.findFirstOrThrow({ where: { planId, name: "Marta Díaz" } });
    expect(row).toMatchObject({ cargo: "Jefa de Finanzas", area: "Finanzas", category: "DIRECTIVO", email: "marta.diaz@example.cl" });

    const removed = await postAction(committee.id, { intent: "recipient-remove", id: row.id, year: String(YEAR) });
    expect(removed.status).toBe(302);
    expect(await db.disseminationRecipient.count({ where: { id: row.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { entityId: row.id, action: { in: ["disseminationRecipient.create", "disseminationRecipient.delete"] } } })).toBe(2);
    // Removing it again, or an id that is not a UUID: 404 / 400, never a 500.
    expect((await postAction(committee.id, { intent: "recipient-remove", id: row.id, year: String(YEAR) })).status).toBe(404);
    expect((await postAction(committee.id, { intent: "recipient-remove", id: "x", year: String(YEAR) })).status).toBe(400);
  });
});

describe("recording a dissemination", () => {
  it("refuses a future date, an impossible one, and 'other' without a description", async () => {
    const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
      [{ date: "2999-01-01", means: "MEETING" }, { date: ["dissemination:errors.future"] }],
      [{ date: "2026-02-30", means: "MEETING" }, { date: ["dissemination:errors.date"] }],
      [{ date: "2026-11-02", means: "OTHER" }, { notes: ["dissemination:errors.otherNeedsNotes"] }],
    ];
    for (const [fields, errors] of cases) {
      const response = await postAction(committee.id, { intent: "dissemination", year: String(YEAR), ...fields });
      expect(response.status).toBe(400);
      expect((await response.json()).result.error).toEqual(errors);
    }
    expect(await db.dissemination.count({ where: { planId } })).toBe(0);
  });

  it("records a meeting without email, and its list downloads with the date and means", async () => {
    const response = await postAction(committee.id, { intent: "dissemination", year: String(YEAR), date: "2026-11-02", means: "MEETING", notes: "Reunión ampliada" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/difusion?anio=${YEAR}&saved=recorded#disseminations`);
    const d = await db.dissemination.findFirstOrThrow({ where: { planId, means: "MEETING" } });
    expect(d.emailedCount).toBe(0);
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: `dissemination:${d.id}:` } } })).toBe(0);

    const { response: file, bytes } = await exportList(`&difusion=${d.id}`);
    expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="destinatarios-difusion-${YEAR}-2026-11-02.xlsx"`);
    const rows = await sheetRows(bytes);
    expect(rows.slice(1).every((r) => r[5] === "2026-11-02" && r[6] === "Reunión")).toBe(true);
    expect((await exportList("&difusion=00000000-0000-4000-8000-000000000000")).response.status).toBe(404);
    expect((await exportList("&difusion=nope")).response.status).toBe(404);
  });

  it("emails the report to every recipient with an address in the same transaction, and the worker attaches the .docx", async () => {
    const withEmail = await db.disseminationRecipient.findMany({ where: { planId, email: { not: null } }, select: { id: true, email: true } });
    expect(withEmail.length).toBe(7); // the 8th (imported above) has no email
    const response = await postAction(committee.id, { intent: "dissemination", year: String(YEAR), date: "2026-11-20", means: "EMAIL", notes: "Compartimos el informe.", sendEmail: "on" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/difusion?anio=${YEAR}&saved=recordedEmail&count=7#disseminations`);
    const d = await db.dissemination.findFirstOrThrow({ where: { planId, means: "EMAIL" } });
    expect(d.emailedCount).toBe(7);

    const rows = await db.outbox.findMany({ where: { dedupeKey: { startsWith: `dissemination:${d.id}:` } } });
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual(withEmail.map((r) => `dissemination:${d.id}:${r.id}`).sort());
    for (const row of rows) {
      const payload = row.payload as { kind: string; attachments: unknown; html: string };
      expect(payload.kind).toBe("dissemination-report");
      // A descriptor, never the file's bytes.
      expect(payload.attachments).toEqual([{ kind: "implementation-report", year: YEAR, lng: "es" }]);
      expect(JSON.stringify(row.payload).length).toBeLessThan(10_000);
      expect(payload.html).toContain("Compartimos el informe.");
    }

    for (let i = 0; i < 5; i++) if ((await processOutboxOnce({ mailer })).claimed === 0) break;
    const received = smtp.received.filter((m) => withEmail.some((r) => m.to.includes(r.email!)));
    expect(received).toHaveLength(7);
    for (const message of received) {
      const files = attachmentsOf(message.raw);
      expect(files).toHaveLength(1);
      expect(files[0]!.contentType).toMatch(/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/);
      expect(files[0]!.disposition).toContain(`informe-implementacion-${YEAR}.docx`);
      // A Word file: a ZIP holding word/document.xml.
      expect([...files[0]!.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      expect(files[0]!.bytes.includes(Buffer.from("word/document.xml"))).toBe(true);
    }
    expect(await db.outbox.count({ where: { dedupeKey: { startsWith: `dissemination:${d.id}:` }, status: "SENT" } })).toBe(7);
  });

  it("deletes a dissemination recorded by mistake, audited, but keeps one that emailed the report", async () => {
    const meeting = await db.dissemination.findFirstOrThrow({ where: { planId, means: "MEETING" } });
    const emailed = await db.dissemination.findFirstOrThrow({ where: { planId, means: "EMAIL" } });
    expect((await postAction(committee.id, { intent: "dissemination-remove", id: emailed.id, year: String(YEAR) })).status).toBe(409);
    expect((await postAction(officer.id, { intent: "dissemination-remove", id: meeting.id, year: String(YEAR) })).status).toBe(403);
    const response = await postAction(committee.id, { intent: "dissemination-remove", id: meeting.id, year: String(YEAR) });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/comite/difusion?anio=${YEAR}&saved=disseminationRemoved#disseminations`);
    expect(await db.dissemination.findMany({ where: { planId }, select: { id: true } })).toEqual([{ id: emailed.id }]);
    expect(await db.auditLog.count({ where: { action: "dissemination.delete", entityId: meeting.id, actorId: committee.id } })).toBe(1);
    expect((await postAction(committee.id, { intent: "dissemination-remove", id: meeting.id, year: String(YEAR) })).status).toBe(404);
  });

  it("refuses to email when nobody in the list has an address, writing nothing", async () => {
    const noEmail = await workbook([
      ["Nombre", "Cargo", "Categoría"],
      ["Sin Correo", "Consejera", "COSOC"],
    ]);
    expect((await postAction(committee.id, importForm(noEmail, "replace"))).status).toBe(302);
    const before = await db.dissemination.count({ where: { planId } });
    const response = await postAction(committee.id, { intent: "dissemination", year: String(YEAR), date: "2026-11-21", means: "EMAIL", sendEmail: "on" });
    expect(response.status).toBe(400);
    expect((await response.json()).result.error).toEqual({ sendEmail: ["dissemination:errors.noEmails"] });
    expect(await db.dissemination.count({ where: { planId } })).toBe(before);
  });

  it("fails an email for good when its attachment cannot be built (the plan is gone), without retrying", async () => {
    const other = await db.plan.create({ data: { institutionId, year: 2031, title: "Plan 2031", generalObjective: "x", specificObjectives: ["x"] } });
    await db.disseminationRecipient.create({ data: { planId: other.id, name: "Ana", cargo: "Jefa", category: "PLANTA", email: "ana.2031@example.cl" } });
    const response = await postAction(committee.id, { intent: "dissemination", year: "2031", date: "2026-11-22", means: "EMAIL", sendEmail: "on" }, "/comite/difusion?anio=2031");
    expect(response.status).toBe(302);
    await db.plan.delete({ where: { id: other.id } });
    const result = await processOutboxOnce({ mailer });
    expect(result).toMatchObject({ failed: 1, sent: 0 });
    const row = await db.outbox.findFirstOrThrow({ where: { payload: { path: ["to"], equals: "ana.2031@example.cl" } } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toContain("implementation-report");
    expect(smtp.received.some((m) => m.to.includes("ana.2031@example.cl"))).toBe(false);
  });
});
