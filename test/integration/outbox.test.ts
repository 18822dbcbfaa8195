// The outbox against a real database and a real SMTP server (smtp-server on 127.0.0.1).
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { db } from "~/db/client.server";
import { renderCaseReceivedEmail } from "~/domain/notify/case-emails.server";
import { createMailer, type Mailer } from "~/domain/notify/mailer.server";
import { MAX_ATTEMPTS, claimOutboxBatch, enqueueEmail, outboxStats, processOutboxOnce } from "~/domain/notify/outbox.server";
import { startOutboxWorker } from "~/domain/notify/worker.server";

type Received = { from: string; to: string[]; raw: string };

async function startSmtp(port = 0): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return { port: address.port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: the connection is refused at once. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function smtpMailer(port: number): Mailer {
  return createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "OIRS Test <oirs@test.example>" });
}

function email(to: string, extra: Partial<Parameters<typeof enqueueEmail>[1]> = {}) {
  return { to, subject: `Asunto para ${to}`, text: `Texto con código SECRETO-${to}`, html: `<p>HTML con código SECRETO-${to}</p>`, kind: "test", ...extra };
}

/** Runs the outbox until a batch comes back empty. */
async function drain(mailer: Mailer, now?: Date) {
  const total = { sent: 0, failed: 0, retried: 0 };
  for (;;) {
    const result = await processOutboxOnce({ mailer, now });
    total.sent += result.sent;
    total.failed += result.failed;
    total.retried += result.retried;
    if (result.claimed === 0) return total;
  }
}

/** A header's value with folding undone and RFC 2047 "Q"/"B" encoded words decoded. */
function headerValue(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000);

describe("outbox", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let institutionId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.port);
    const institution = await db.institution.create({ data: { name: "Institución de prueba", shortName: "Prueba" } });
    institutionId = institution.id;
  });

  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  const deliveredTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));

  it("delivers an email enqueued in a committed transaction exactly once, then drops its body", async () => {
    const to = "committed@test.example";
    const created = await db.$transaction(async (tx) => {
      await tx.auditLog.create({ data: { institutionId, action: "test.cause" } });
      return enqueueEmail(tx, { ...email(to), institutionId, dedupeKey: "committed-1" });
    });
    expect(created?.id).toBeTruthy();

    expect(await drain(mailer)).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    expect(await drain(mailer)).toMatchObject({ sent: 0 });

    const messages = deliveredTo(to);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.from).toBe("oirs@test.example");
    expect(messages[0]!.raw).toContain(`Subject: Asunto para ${to}`);
    expect(messages[0]!.raw).toMatch(new RegExp(`^X-OIRS-Outbox-Id: ${created!.id}\\r$`, "im"));
    expect(messages[0]!.raw).toContain("Auto-Submitted: auto-generated");

    const row = await db.outbox.findUniqueOrThrow({ where: { id: created!.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, lockedUntil: null, lastError: null, institutionId });
    expect(row.sentAt).toBeInstanceOf(Date);
    // The body (which can carry the tracking access code) is gone; the envelope stays for the record.
    expect(row.payload).toEqual({ kind: "test", to, subject: `Asunto para ${to}`, text: null, html: null });
    expect(JSON.stringify(row.payload)).not.toContain("SECRETO");
  });

  it("never sends an email whose transaction rolled back", async () => {
    const to = "rolledback@test.example";
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, email(to));
        throw new Error("the cause failed");
      }),
    ).rejects.toThrow("the cause failed");

    expect(await db.outbox.count({ where: { payload: { path: ["to"], equals: to } } })).toBe(0);
    await drain(mailer);
    expect(deliveredTo(to)).toHaveLength(0);
  });

  it("keeps one row per dedupeKey without breaking the caller's transaction", async () => {
    const to = "dedupe@test.example";
    const [first, second] = await db.$transaction(async (tx) => {
      const a = await enqueueEmail(tx, { ...email(to), dedupeKey: "alert:case-1:overdue" });
      const b = await enqueueEmail(tx, { ...email(to), dedupeKey: "alert:case-1:overdue" });
      // The transaction is still usable after the duplicate.
      await tx.auditLog.create({ data: { institutionId, action: "test.after-duplicate" } });
      return [a, b];
    });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    // A later, separate transaction is ignored the same way.
    expect(await enqueueEmail(db, { ...email(to), dedupeKey: "alert:case-1:overdue" })).toBeNull();
    expect(await db.outbox.count({ where: { dedupeKey: "alert:case-1:overdue" } })).toBe(1);

    await drain(mailer);
    expect(deliveredTo(to)).toHaveLength(1);
  });

  it("loses nothing while SMTP is down and delivers once when it is back", async () => {
    const to = "outage@test.example";
    const deadMailer = smtpMailer(await closedPort());
    const created = await enqueueEmail(db, email(to));

    const before = Date.now();
    expect(await drain(deadMailer)).toMatchObject({ sent: 0, failed: 0, retried: 1 });
    deadMailer.close();

    let row = await db.outbox.findUniqueOrThrow({ where: { id: created!.id } });
    expect(row.status).toBe("PENDING");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(row.lockedUntil).toBeNull();
    // First retry after about 30 s (±10 % jitter).
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 26_000);
    expect(row.nextAttemptAt.getTime()).toBeLessThan(Date.now() + 34_000);
    expect((row.payload as { text: string }).text).toContain("SECRETO");

    // Not yet due: the good server gets nothing before the backoff has passed.
    expect(await drain(mailer)).toMatchObject({ sent: 0 });
    expect(deliveredTo(to)).toHaveLength(0);

    // SMTP is back and the clock has moved on.
    expect(await drain(mailer, new Date(Date.now() + 60_000))).toMatchObject({ sent: 1 });
    expect(await drain(mailer, inHours(2))).toMatchObject({ sent: 0 });
    expect(deliveredTo(to)).toHaveLength(1);

    row = await db.outbox.findUniqueOrThrow({ where: { id: created!.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });

  it("retries with growing delays and gives up after the last attempt", async () => {
    const to = "doomed@test.example";
    const deadMailer = smtpMailer(await closedPort());
    const created = await enqueueEmail(db, email(to));
    let clock = Date.now();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await processOutboxOnce({ mailer: deadMailer, now: new Date(clock) });
      expect(result.claimed).toBe(1);
      const row = await db.outbox.findUniqueOrThrow({ where: { id: created!.id } });
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(result.retried).toBe(1);
        expect(row.status).toBe("PENDING");
        delays.push(row.nextAttemptAt.getTime() - clock);
        clock = row.nextAttemptAt.getTime();
      } else {
        expect(result.failed).toBe(1);
        expect(row.status).toBe("FAILED");
      }
    }
    deadMailer.close();
    expect(delays[0]).toBeGreaterThanOrEqual(27_000);
    expect(delays[0]).toBeLessThanOrEqual(33_000);
    expect(delays[1]).toBeGreaterThanOrEqual(54_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]! * 0.8);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3_600_000 * 1.1);
    // A FAILED row is never picked up again.
    expect((await processOutboxOnce({ mailer, now: inHours(100) })).claimed).toBe(0);
    expect(deliveredTo(to)).toHaveLength(0);
  });

  it("delivers each message once when two workers run at the same time", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => `parallel-${i}@test.example`);
    await db.$transaction(async (tx) => {
      for (const to of recipients) await enqueueEmail(tx, email(to));
    });
    const otherMailer = smtpMailer(smtp.port);
    const worker = async (m: Mailer) => {
      let sent = 0;
      for (;;) {
        const result = await processOutboxOnce({ mailer: m, limit: 3 });
        sent += result.sent;
        if (result.claimed === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([worker(mailer), worker(otherMailer)]);
    otherMailer.close();
    expect(a + b).toBe(recipients.length);
    for (const to of recipients) expect(deliveredTo(to)).toHaveLength(1);
    const rows = await db.outbox.findMany({ where: { OR: recipients.map((to) => ({ payload: { path: ["to"], equals: to } })) } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(recipients.map(() => ["SENT", 1]));
  });

  it("leases claimed rows: no second claim until the lease expires", async () => {
    const to = "lease@test.example";
    const created = await enqueueEmail(db, email(to));
    const [first] = await claimOutboxBatch({ limit: 10, lockSeconds: 60 });
    expect(first).toMatchObject({ id: created!.id, attempts: 1, type: "email" });
    expect(first!.lockedUntil.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await claimOutboxBatch({ limit: 10, lockSeconds: 60 })).toEqual([]);
    expect(await claimOutboxBatch({ limit: 10, lockSeconds: 60, now: new Date(Date.now() + 30_000) })).toEqual([]);
    // The first worker died: after the lease another worker takes the row over and sends it.
    const later = new Date(Date.now() + 120_000);
    expect(await drain(mailer, later)).toMatchObject({ sent: 1 });
    expect(deliveredTo(to)).toHaveLength(1);
    expect(await db.outbox.findUniqueOrThrow({ where: { id: created!.id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("counts rows by status", async () => {
    const stats = await outboxStats();
    expect(stats.PENDING).toBe(0);
    expect(stats.FAILED).toBe(1);
    expect(stats.SENT).toBe(await db.outbox.count({ where: { status: "SENT" } }));
    expect(stats.SENT).toBe(16);
  });

  it("runs as a background worker and stops cleanly", async () => {
    const to = "worker@test.example";
    const worker = startOutboxWorker({ intervalMs: 50, mailer });
    try {
      await enqueueEmail(db, email(to));
      const deadline = Date.now() + 10_000;
      while (deliveredTo(to).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await worker.stop();
    }
    expect(deliveredTo(to)).toHaveLength(1);
  });

  it("writes a readable .eml file without SMTP", async () => {
    const mailDir = await fs.mkdtemp(path.join(os.tmpdir(), "oirs-mail-test-"));
    const fileMailer = createMailer({ mailDir: path.join(mailDir, "nested"), from: "OIRS <no-reply@oirs.example>" });
    try {
      const rendered = renderCaseReceivedEmail({
        locale: "es",
        institutionName: "Servicio de Prueba",
        folio: "OIRS-2026-000123",
        accessCode: "K7P-4QX",
        kind: "RECLAMO",
        subject: "Atención en oficina",
        receivedAt: new Date("2026-03-02T15:00:00Z"),
        dueAt: new Date("2026-03-16T15:00:00Z"),
        targetDays: 10,
        trackingUrl: "https://oirs.example/seguimiento?folio=OIRS-2026-000123",
      });
      await enqueueEmail(db, { to: "eml@test.example", ...rendered, kind: "case-received", institutionId });
      expect(await drain(fileMailer)).toMatchObject({ sent: 1 });
      await fileMailer.send({ to: "plain@test.example", subject: "Plain ASCII subject 42", text: "Hola", html: "<p>Hola</p>" });

      const files = (await fs.readdir(path.join(mailDir, "nested"))).sort();
      expect(files).toHaveLength(2);
      for (const file of files) expect(file).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-.+\.eml$/);
      const contents = await Promise.all(files.map((f) => fs.readFile(path.join(mailDir, "nested", f), "utf8")));
      const plain = contents.find((c) => c.includes("plain@test.example"))!;
      expect(plain).toContain("Subject: Plain ASCII subject 42\r\n");
      expect(plain).toContain("From: OIRS <no-reply@oirs.example>");
      const receipt = contents.find((c) => c.includes("eml@test.example"))!;
      // The non-ASCII subject is MIME-encoded (RFC 2047), as mail clients expect.
      expect(headerValue(receipt, "Subject")).toBe("Recibimos su reclamo — folio OIRS-2026-000123");
      expect(receipt).toContain("Content-Type: text/html");
      expect(receipt).toContain("K7P-4QX");
    } finally {
      fileMailer.close();
      await fs.rm(mailDir, { recursive: true, force: true });
    }
  });
});

describe("case received email", () => {
  const base = {
    institutionName: "SLEP Bahía Serena",
    folio: "OIRS-2026-000123",
    accessCode: "K7P-4QX",
    kind: "RECLAMO" as const,
    subject: "Demora en la atención",
    // 2 March 2026, 23:30 in Santiago (UTC-3) is already 3 March in UTC.
    receivedAt: new Date("2026-03-03T02:30:00Z"),
    dueAt: new Date("2026-03-16T15:00:00Z"),
    targetDays: 10,
    trackingUrl: "https://oirs.example/seguimiento?folio=OIRS-2026-000123&x=1",
  };

  it("is in Spanish with the folio in the subject and Santiago dates", () => {
    const email = renderCaseReceivedEmail({ ...base, locale: "es" });
    expect(email.subject).toBe("Recibimos su reclamo — folio OIRS-2026-000123");
    expect(email.text).toContain("OIRS-2026-000123");
    expect(email.text).toContain("Código de acceso: K7P-4QX");
    expect(email.text).toContain("2 de marzo de 2026");
    expect(email.text).toContain("Le responderemos a más tardar el 16 de marzo de 2026 (10 días hábiles).");
    expect(email.text).toContain(base.trackingUrl);
    expect(email.text).toMatch(/Ley 19\.628/);
    expect(email.html).toContain('<html lang="es-CL">');
    expect(email.html).toContain('href="https://oirs.example/seguimiento?folio=OIRS-2026-000123&amp;x=1"');
  });

  it("is in English", () => {
    const email = renderCaseReceivedEmail({ ...base, locale: "en", kind: "CONSULTA" });
    expect(email.subject).toBe("We received your enquiry — reference OIRS-2026-000123");
    expect(email.text).toContain("Access code: K7P-4QX");
    expect(email.text).toContain("2 March 2026");
    expect(email.text).toContain("We will answer by 16 March 2026 at the latest (10 working days).");
    expect(email.html).toContain('<html lang="en">');
  });

  it("escapes what the citizen wrote in the HTML part and keeps it literal in the text part", () => {
    const subject = `<script>alert("x")</script> & {{folio}}`;
    const email = renderCaseReceivedEmail({ ...base, locale: "es", subject, kindLabel: "reclamo <b>" });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{folio}}");
    expect(email.text).toContain(subject);
    expect(email.subject).toBe("Recibimos su reclamo <b> — folio OIRS-2026-000123");
  });
});
