// Faults, with real processes: a throwaway PostgreSQL 15 cluster (test/setup/pg-cluster.sh — never
// the DATABASE_URL server, which other test files share), two app servers from the production build
// (`node --import tsx app/server/main.ts`, NODE_ENV=production) on that one database, and an SMTP server
// (smtp-server) on loopback that both send to. In order:
//   1. SMTP down for a while, then back: every queued email is delivered exactly once.
//   2. Two instances: deadline alerts made due are alerted, and every email sent, exactly once.
//   3. PostgreSQL stopped mid-run and restarted: 503 pages (no stack trace), /healthz says so,
//      submissions refused cleanly (the no-JavaScript form keeps what was typed, the API says
//      Retry-After), no half-written record afterwards, and both servers serve again by themselves.
//   4. An XLSX export cut off half-way by the client: no completed-export record, the server keeps serving.
// The kiosk's interrupted sync is covered by test/e2e/kiosk.spec.ts.
// Needs the production build (build/index.js, made by `npm test` before the tests) and the
// PostgreSQL server binaries; without either the file is skipped with a message saying so.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { createAdapter } from "~/db/adapter.server";
import { PrismaClient } from "~/generated/prisma/client";
import { DEMO_API_TOKEN, seedDemo } from "../../prisma/seed";
import { freePort, stop } from "../setup/processes";

const root = process.cwd();
const CLUSTER_SCRIPT = path.join(root, "test/setup/pg-cluster.sh");
const hasBuild = fs.existsSync(path.join(root, "build/index.js"));
const hasPostgres = (() => {
  try {
    return fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  } catch {
    return false;
  }
})();
const SKIP_REASON = !hasBuild
  ? "build/index.js is missing: run `npm run build` first (npm test does)"
  : !hasPostgres
    ? "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    : "";
if (SKIP_REASON) console.warn(`[faults] skipped: ${SKIP_REASON}`);

const PASSWORD = "faults-demo-2026";
const OFFICER = "oirs@oirs.example";
const AREA_HEAD = "area@oirs.example";
const UNAVAILABLE_ES = "Servicio temporalmente no disponible";
const UNAVAILABLE_EN = "Service temporarily unavailable";
const SAVE_FAILED_ES = "No pudimos guardar su solicitud";
// What must never reach a visitor: a stack frame, a file path, a driver or ORM error.
const LEAKS = [/\bat [^\s<>]+ \([^)]*:\d+:\d+\)/, /node_modules/, /ECONNREFUSED/, /Prisma[A-Z]\w*Error/, /\.server\.ts/];

// ---------------------------------------------------------------------------------------------
// Processes and helpers
// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown by a probe to stop waiting at once (a server that exited will not come back). */
class Fatal extends Error {}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      if (error instanceof Fatal) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    await sleep(everyMs);
  }
}

type Received = { outboxId: string | null; to: string[]; at: number };

/** The SMTP server both app instances send to; it can be stopped and started again on its port. */
class Mailbox {
  readonly received: Received[] = [];
  private server: SMTPServer | undefined;
  constructor(readonly port: number) {}

  async start() {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", (error) => callback(error));
        stream.on("end", () => {
          const head = Buffer.concat(chunks).toString("utf8").split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
          const id = /^x-oirs-outbox-id:\s*(\S+)/im.exec(head)?.[1] ?? null;
          this.received.push({ outboxId: id, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), at: Date.now() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (error) => console.error("[faults-smtp]", error.message));
    this.server = server;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  countFor(outboxId: string): number {
    return this.received.filter((m) => m.outboxId === outboxId).length;
  }
}

type App = { name: string; child: ChildProcess; base: string; log: string[] };

function startApp(name: string, env: Record<string, string>): Promise<App> {
  return freePort().then((port) => {
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        SESSION_SECRET: "faults-session-secret-0123456789abcdef",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: base,
        API_RATE_LIMIT_PER_MINUTE: "100000",
        LOG_LEVEL: "info",
        TRUST_PROXY: "true",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const app: App = { name, child, base, log: [] };
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) app.log.push(line);
      if (app.log.length > 400) app.log.splice(0, app.log.length - 400);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    children.add(child);
    child.once("exit", () => children.delete(child));
    return app;
  });
}

async function waitHealthy(app: App, timeoutMs: number) {
  await waitUntil(
    `${app.name} /healthz to answer 200`,
    async () => {
      if (app.child.exitCode !== null) throw new Fatal(`${app.name} exited with code ${app.child.exitCode}:\n${app.log.slice(-30).join("\n")}`);
      const res = await fetch(`${app.base}/healthz`).catch(() => null);
      return res?.status === 200;
    },
    timeoutMs,
  );
}

// Everything started here, for afterAll and for a last-resort cleanup if the runner exits early.
const children = new Set<ChildProcess>();
let clusterDir: string | undefined;
let clusterPort = 0;
let workDir: string | undefined;
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (clusterDir) spawnSync(CLUSTER_SCRIPT, ["stop", clusterDir]);
});

function cluster(command: "down" | "up") {
  execFileSync(CLUSTER_SCRIPT, [command, clusterDir!, String(clusterPort)], { stdio: ["ignore", "ignore", "pipe"] });
}

// ---------------------------------------------------------------------------------------------
// State shared by the tests (they run in order, on one database)
// ---------------------------------------------------------------------------------------------

let dbUrl = "";
let sql: pg.Pool;
let mailbox: Mailbox;
let apps: App[] = [];

async function query<Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
  return (await sql.query(text, values)).rows as Row[];
}

let filings = 0;
function apiCase(app: App, body: Record<string, unknown>): Promise<Response> {
  filings++;
  return fetch(`${app.base}/api/v1/cases`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${DEMO_API_TOKEN}` },
    body: JSON.stringify({
      kind: "RECLAMO",
      description: "El bus del recorrido 4 no pasó el lunes.",
      citizen: { name: "Camila Rojas", email: `camila.${filings}@example.cl` },
      replyChannel: "EMAIL",
      locale: "es",
      ...body,
    }),
  });
}

async function fileCase(app: App, subject: string, email: string): Promise<{ folio: string; id: string }> {
  const res = await apiCase(app, { subject, citizen: { name: "Camila Rojas", email } });
  const text = await res.text();
  expect(res.status, `${app.name} POST /api/v1/cases: ${text}`).toBe(201);
  const { folio } = JSON.parse(text) as { folio: string };
  const [row] = await query<{ id: string }>(`SELECT "id" FROM "Case" WHERE "folio" = $1`, [folio]);
  return { folio, id: row!.id };
}

/** Every SENT outbox row was received exactly once, to its recipient; no other row and nothing else was received. */
async function expectEverySentEmailReceivedOnce() {
  const rows = await query<{ id: string; status: string; to: string }>(`SELECT "id", "status"::text AS "status", "payload"->>'to' AS "to" FROM "Outbox"`);
  const known = new Set(rows.map((r) => r.id));
  const strays = mailbox.received.filter((m) => !m.outboxId || !known.has(m.outboxId));
  expect(strays, "messages that match no outbox row").toEqual([]);
  const wrong = rows
    .map((r) => ({ id: r.id, status: r.status, to: r.to, received: mailbox.countFor(r.id) }))
    .filter((r) => r.received !== (r.status === "SENT" ? 1 : 0));
  expect(wrong, "outbox rows received other than once (SENT) or never (not sent)").toEqual([]);
  for (const m of mailbox.received) {
    const row = rows.find((r) => r.id === m.outboxId)!;
    expect(m.to).toEqual([row.to.toLowerCase()]);
  }
}

async function outboxSettled(): Promise<boolean> {
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "Outbox" WHERE "status" = 'PENDING'`);
  return n === 0;
}

/** The demo OIRS officer's session cookie on one instance. */
async function signInOfficer(app: App): Promise<string> {
  const login = await fetch(`${app.base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: OFFICER, password: PASSWORD }),
    redirect: "manual",
  });
  expect(login.status).toBe(302);
  return login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

function expectNoLeak(body: string, where: string) {
  for (const pattern of LEAKS) expect(body, `${where} shows ${pattern}`).not.toMatch(pattern);
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(Boolean(SKIP_REASON))("faults (real PostgreSQL, two app instances, SMTP)", () => {
  beforeAll(async () => {
    const t0 = Date.now();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-faults-"));
    // Its own temporary directory: the script hands it to the postgres user.
    clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-faults-pg-"));
    clusterPort = await freePort();
    const serverUrl = execFileSync(CLUSTER_SCRIPT, ["start", clusterDir, String(clusterPort)], { encoding: "utf8" }).trim();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE oirs_faults");
    await admin.end();
    dbUrl = new URL(serverUrl).toString().replace(/\/postgres$/, "/oirs_faults");
    sql = new pg.Pool({ connectionString: dbUrl, max: 3 });
    // The pool's idle connections die when the cluster stops: that is expected here.
    sql.on("error", () => undefined);

    mailbox = new Mailbox(await freePort());
    await mailbox.start();
    const env = (name: string) => ({
      DATABASE_URL: dbUrl,
      DATA_DIR: path.join(workDir!, name),
      SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
      OUTBOX_INTERVAL_MS: "300",
      SCHEDULER_INTERVAL_MS: "1000",
      DATABASE_POOL_SIZE: "5",
    });
    // Started together, as a deployment would: both run `prisma migrate deploy`; one applies the migrations
    // under Prisma's advisory lock, the other waits and retries (app/db/migrate.server.ts), then finds them done.
    apps = await Promise.all([startApp("app A", env("a")), startApp("app B", env("b"))]);
    await Promise.all(apps.map((app) => waitHealthy(app, 150_000)));
    const t1 = Date.now();

    // Production servers never seed: the demo institution, its users and API token, seeded from here.
    const { adapter, close } = createAdapter({ kind: "postgres", url: dbUrl });
    const prisma = new PrismaClient({ adapter });
    try {
      await seedDemo(prisma, { password: PASSWORD });
    } finally {
      await prisma.$disconnect();
      await close();
    }
    console.log(`[faults] cluster and two app servers up in ${((t1 - t0) / 1000).toFixed(1)} s, seeded in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }, 240_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    for (const app of apps) console.error(`--- ${app.name} (last lines) ---\n${app.log.slice(-60).join("\n")}`);
  });

  afterAll(async () => {
    await Promise.all([...children].map((child) => stop(child, 12_000)));
    await mailbox?.stop().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    if (clusterDir) {
      spawnSync(CLUSTER_SCRIPT, ["stop", clusterDir]);
      clusterDir = undefined;
    }
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  test("SMTP down for a while, then back: every queued email is delivered exactly once", async () => {
    await mailbox.stop();
    const cases: Array<{ folio: string; id: string; email: string }> = [];
    for (let i = 0; i < 6; i++) {
      const email = `smtp-down-${i}@example.cl`;
      cases.push({ ...(await fileCase(apps[i % 2]!, `Correo caído ${i}`, email)), email });
    }
    const ids = cases.map((c) => `case-received:${c.id}`);
    // Each receipt was tried while the server was down, failed, and was put back for a retry.
    await waitUntil(
      "every receipt to fail once",
      async () => {
        const rows = await query<{ status: string; attempts: number; lastError: string | null }>(
          `SELECT "status"::text AS "status", "attempts", "lastError" FROM "Outbox" WHERE "dedupeKey" = ANY($1)`,
          [ids],
        );
        return rows.length === 6 && rows.every((r) => r.status === "PENDING" && r.attempts >= 1 && r.lastError);
      },
      20_000,
    );
    expect(mailbox.received).toHaveLength(0);

    await mailbox.start();
    // The first retry comes 30 s (± 10 %) after the failure.
    await waitUntil(
      "every receipt to be sent",
      async () => {
        const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "Outbox" WHERE "dedupeKey" = ANY($1) AND "status" = 'SENT'`, [ids]);
        return n === 6;
      },
      75_000,
      500,
    );
    await sleep(1500); // a few more worker passes in both instances: nothing may go out again
    for (const c of cases) expect(mailbox.received.filter((m) => m.to.includes(c.email)), c.email).toHaveLength(1);
    await expectEverySentEmailReceivedOnce();
  }, 120_000);

  test("two instances on one PostgreSQL: each deadline alert and each email goes out once", async () => {
    const filed: Array<{ folio: string; id: string }> = [];
    for (let i = 0; i < 8; i++) filed.push(await fileCase(apps[i % 2]!, `Plazo ${i}`, `plazo-${i}@example.cl`));
    const [head] = await query<{ id: string; areaId: string }>(`SELECT "id", "areaId" FROM "User" WHERE "email" = $1`, [AREA_HEAD]);
    const overdue = filed.slice(0, 4).map((c) => c.id);
    const warning = filed.slice(4).map((c) => c.id);
    // Make the alerts due: four cases past their deadline, four due within the hour (≤ 2 business
    // days left), all assigned to the area head in their area; both schedulers (every second) race for them.
    await query(
      `UPDATE "Case" SET "status" = 'ASIGNADA', "assigneeId" = $1, "areaId" = $2,
              "dueAt" = CASE WHEN "id" = ANY($3::uuid[]) THEN now() - interval '2 days' ELSE now() + interval '1 hour' END
        WHERE "id" = ANY($4::uuid[])`,
      [head!.id, head!.areaId, overdue, [...overdue, ...warning]],
    );
    await waitUntil(
      "every case to be alerted",
      async () => {
        const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "CaseAlert" WHERE "caseId" = ANY($1::uuid[])`, [[...overdue, ...warning]]);
        return n >= 8;
      },
      30_000,
    );
    await waitUntil("the outbox to drain", outboxSettled, 30_000);
    await sleep(3000); // several more scans and outbox passes in both instances

    const alerts = await query<{ caseId: string; threshold: string }>(`SELECT "caseId", "threshold" FROM "CaseAlert" WHERE "caseId" = ANY($1::uuid[])`, [[...overdue, ...warning]]);
    expect(alerts).toHaveLength(8);
    for (const a of alerts) expect(a.threshold.startsWith(overdue.includes(a.caseId) ? "overdue@" : "warning@"), a.threshold).toBe(true);
    const events = await query<{ caseId: string; type: string; n: number }>(
      `SELECT "caseId", "type"::text AS "type", count(*)::int AS "n" FROM "CaseEvent"
        WHERE "caseId" = ANY($1::uuid[]) AND "type" IN ('DEADLINE_WARNED', 'DEADLINE_BREACHED') GROUP BY 1, 2`,
      [[...overdue, ...warning]],
    );
    expect(events).toHaveLength(8);
    for (const e of events) {
      expect(e.type).toBe(overdue.includes(e.caseId) ? "DEADLINE_BREACHED" : "DEADLINE_WARNED");
      expect(e.n).toBe(1);
    }
    // Alert emails: at least one per case, each (case, threshold, recipient) once, each received once.
    const mails = await query<{ id: string; dedupeKey: string; to: string; status: string }>(
      `SELECT "id", "dedupeKey", "payload"->>'to' AS "to", "status"::text AS "status" FROM "Outbox" WHERE "dedupeKey" LIKE 'alert:%'`,
    );
    for (const id of [...overdue, ...warning]) expect(mails.filter((m) => m.dedupeKey.startsWith(`alert:${id}:`)).length, id).toBeGreaterThan(0);
    const perRecipient = new Map<string, number>();
    for (const m of mails) {
      expect(m.status).toBe("SENT");
      const [, caseId, threshold] = m.dedupeKey.split(":");
      const key = `${caseId}|${threshold}|${m.to}`;
      perRecipient.set(key, (perRecipient.get(key) ?? 0) + mailbox.countFor(m.id));
    }
    expect([...perRecipient].filter(([, n]) => n !== 1)).toEqual([]);
    // The receipts of these cases, and everything else both instances sent (digests included).
    await expectEverySentEmailReceivedOnce();
  }, 120_000);

  test("PostgreSQL stopped mid-run and restarted: clear 503s, nothing half-written, service resumes by itself", async () => {
    const [a, b] = apps as [App, App];
    for (const app of apps) expect((await fetch(`${app.base}/`)).status).toBe(200);
    const cookie = await signInOfficer(a);
    const [counterBefore] = await query<{ total: number }>(`SELECT sum("lastValue")::int AS "total" FROM "FolioCounter"`);

    // Filings in flight while the database stops: each one is either saved (201) or refused (503).
    const outcomes: Array<{ subject: string; status: number; folio?: string }> = [];
    let burstOn = true;
    let n = 0;
    const burst = Promise.all(
      [a, b, a, b].map(async (app) => {
        while (burstOn) {
          const subject = `Ráfaga ${++n}`;
          const res = await apiCase(app, { subject }).catch(() => null);
          const body = res ? await res.text().catch(() => "") : "";
          outcomes.push({ subject, status: res?.status ?? 0, folio: res?.status === 201 ? (JSON.parse(body) as { folio: string }).folio : undefined });
        }
      }),
    );
    await sleep(800);
    cluster("down");
    await sleep(800);
    burstOn = false;
    await burst;

    // Pages: a localised 503, never a stack trace.
    for (const [pathname, lng, title] of [
      ["/", "es", UNAVAILABLE_ES],
      ["/seguimiento", "es", UNAVAILABLE_ES],
      ["/ingresar/reclamo", "es", UNAVAILABLE_ES],
      ["/", "en", UNAVAILABLE_EN],
    ] as const) {
      const res = await fetch(`${a.base}${pathname}`, { headers: { "Accept-Language": lng } });
      const body = await res.text();
      expect(res.status, `GET ${pathname} (${lng})`).toBe(503);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(body, `GET ${pathname} (${lng})`).toContain(title);
      expectNoLeak(body, `GET ${pathname}`);
    }
    // A client-side navigation's data requests get the 503 too (root's loader, or only the page's).
    for (const pathname of ["/seguimiento?_data=root", `/ingresar/reclamo?_data=${encodeURIComponent("routes/ingresar.$tipo")}`]) {
      const data = await fetch(`${a.base}${pathname}`);
      expect(data.status, `GET ${pathname}`).toBe(503);
      expect(data.headers.get("x-remix-catch"), `GET ${pathname}`).toBe("yes");
      expectNoLeak(await data.text(), `GET ${pathname}`);
    }

    // Downloads and sign-out (resource routes, no error page of their own): the same localised 503.
    for (const [method, pathname, lng, title] of [
      ["GET", "/transparencia.csv", "es", UNAVAILABLE_ES],
      ["GET", "/gestion/exportar.csv", "en", UNAVAILABLE_EN],
      ["GET", "/satisfaccion/exportar.xlsx", "es", UNAVAILABLE_ES],
      ["POST", "/logout", "es", UNAVAILABLE_ES],
    ] as const) {
      const res = await fetch(`${a.base}${pathname}`, { method, headers: { Cookie: cookie, "Accept-Language": lng, Origin: a.base }, redirect: "manual" });
      const body = await res.text();
      expect(res.status, `${method} ${pathname}`).toBe(503);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(body, `${method} ${pathname} (${lng})`).toContain(title);
      expectNoLeak(body, `${method} ${pathname}`);
    }

    // Health check: not 200, and it says the database is the problem.
    const health = await fetch(`${b.base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "error", db: "error" });

    // The no-JavaScript form: 503, what was typed is still there, with "we could not save it".
    const form = new FormData();
    form.set("subject", "Sin base de datos");
    form.set("description", "Texto escrito mientras la base de datos estaba detenida.");
    form.set("name", "Pedro Díaz");
    form.set("email", "pedro.diaz@example.cl");
    form.set("replyChannel", "EMAIL");
    form.set("website", "");
    const posted = await fetch(`${a.base}/ingresar/reclamo`, { method: "POST", body: form, redirect: "manual" });
    const page = await posted.text();
    expect(posted.status).toBe(503);
    expect(page).toContain(SAVE_FAILED_ES);
    expect(page).toContain("Sin base de datos");
    expect(page).toContain("Texto escrito mientras la base de datos estaba detenida.");
    expect(page).toContain("pedro.diaz@example.cl");
    expectNoLeak(page, "POST /ingresar/reclamo");

    // The API: 503 with Retry-After, as JSON.
    const api = await apiCase(b, { subject: "API sin base de datos" });
    expect(api.status).toBe(503);
    expect(Number(api.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await api.json()).toMatchObject({ error: "unavailable" });

    // Restart PostgreSQL; the app servers are not restarted.
    cluster("up");
    for (const app of apps) {
      await waitHealthy(app, 30_000);
      expect(app.child.exitCode, `${app.name} must still be the same process`).toBeNull();
    }
    expect((await fetch(`${a.base}/`)).status).toBe(200);
    expect((await fetch(`${b.base}/ingresar/reclamo`)).status).toBe(200);
    const after = await apiCase(b, { subject: "Después del reinicio" });
    expect(after.status).toBe(201);
    const again = await fetch(`${a.base}/ingresar/reclamo`, { method: "POST", body: form, redirect: "manual" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/comprobante");

    // Nothing half-written.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 503), "burst answers other than 201/503").toEqual([]);
    expect(outcomes.some((o) => o.status === 201)).toBe(true);
    expect(outcomes.some((o) => o.status === 503)).toBe(true);
    const stored = await query<{ subject: string; folio: string }>(`SELECT "subject", "folio" FROM "Case" WHERE "subject" LIKE 'Ráfaga %'`);
    expect(stored.map((c) => c.folio).sort()).toEqual(outcomes.filter((o) => o.status === 201).map((o) => o.folio).sort());
    expect(await query(`SELECT c."folio" FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c."id" AND e."type" = 'RECEIVED')`)).toEqual([]);
    expect(await query(`SELECT c."folio" FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c."id" AND e."type" = 'ROUTED')`)).toEqual([]);
    expect(
      await query(`SELECT c."folio" FROM "Case" c WHERE c."citizenEmail" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Outbox" o WHERE o."dedupeKey" = 'case-received:' || c."id")`),
    ).toEqual([]);
    expect(
      await query(`SELECT o."dedupeKey" FROM "Outbox" o WHERE o."dedupeKey" LIKE 'case-received:%' AND NOT EXISTS (SELECT 1 FROM "Case" c WHERE 'case-received:' || c."id" = o."dedupeKey")`),
    ).toEqual([]);
    // Folio counters: ahead of every folio of their year (a refused filing may leave a number unused, never reuse one).
    const counters = await query<{ year: number; lastValue: number | null; maxFolio: number; cases: number }>(
      `SELECT split_part(c."folio", '-', 2)::int AS "year", f."lastValue", max(split_part(c."folio", '-', 3)::int)::int AS "maxFolio", count(*)::int AS "cases"
         FROM "Case" c LEFT JOIN "FolioCounter" f ON f."institutionId" = c."institutionId" AND f."year" = split_part(c."folio", '-', 2)::int
        GROUP BY 1, 2`,
    );
    for (const c of counters) {
      expect(c.lastValue, `counter for ${c.year}`).not.toBeNull();
      expect(c.lastValue!).toBeGreaterThanOrEqual(c.maxFolio);
      expect(c.lastValue!).toBeGreaterThanOrEqual(c.cases);
    }
    const [counterAfter] = await query<{ total: number }>(`SELECT sum("lastValue")::int AS "total" FROM "FolioCounter"`);
    expect(counterAfter!.total).toBeGreaterThan(counterBefore!.total);

    // The emails of everything saved still go out, once.
    await waitUntil("the outbox to drain after the restart", outboxSettled, 60_000, 500);
    await expectEverySentEmailReceivedOnce();
  }, 150_000);

  test("rate limits hold across two instances: failures counted on A and on B add up", async () => {
    const [a, b] = apps as [App, App];
    const { folio } = await fileCase(a, "Límites compartidos", "limites@example.cl");
    // Both instances trust X-Forwarded-For here (TRUST_PROXY), so each check has its own client address.
    const tracking = (app: App) =>
      fetch(`${app.base}/api/v1/cases/${folio}?accessCode=ZZZZZ-ZZZZZ`, { headers: { "X-Forwarded-For": "203.0.113.10" } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await tracking(i % 2 === 0 ? a : b)).status);
    // 10 wrong codes in 15 minutes per address, whichever instance saw them; the 11th is refused on both.
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    expect((await tracking(a)).status).toBe(429);

    const wrongPassword = (app: App) =>
      fetch(`${app.base}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.11" },
        body: new URLSearchParams({ email: OFFICER, password: "not-the-password" }),
        redirect: "manual",
      });
    const logins: number[] = [];
    for (let i = 0; i < 11; i++) logins.push((await wrongPassword(i % 2 === 0 ? b : a)).status);
    expect(logins.slice(0, 10).every((s) => s !== 429), `sign-in answers ${logins.join(",")}`).toBe(true);
    expect(logins[10]).toBe(429);
    expect((await wrongPassword(a)).status).toBe(429);
  }, 60_000);

  test("an XLSX export cut off half-way leaves no completed-export record and the server keeps serving", async () => {
    const [a] = apps as [App];
    const [{ id: institutionId }] = await query<{ id: string }>(`SELECT "id" FROM "Institution" ORDER BY "createdAt" LIMIT 1`);
    await query(
      `INSERT INTO "Case" ("id", "institutionId", "folio", "kind", "channel", "status", "subject", "description", "accessCodeHash",
                           "submittedAt", "receivedAt", "dueAt", "targetDays", "closedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, 'BULK-2025-' || lpad(g::text, 6, '0'), 'CONSULTA', 'WEB', 'CERRADA',
              'Consulta de archivo ' || g, 'Texto de relleno para una exportación grande.', 'x',
              now() - interval '40 days', now() - interval '40 days', now() - interval '26 days', 10, now() - interval '30 days', now(), now()
         FROM generate_series(1, 20000) AS g`,
      [institutionId],
    );

    const cookie = await signInOfficer(a);

    // Read the first bytes of the workbook, then drop the connection.
    const started = Date.now();
    const firstBytes = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${a.base}/gestion/exportar.xlsx?status=ALL`, { headers: { Cookie: cookie } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`export answered ${res.statusCode}`));
        res.once("data", (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.length);
        });
      });
      req.on("error", (error) => (error.message.includes("socket hang up") ? undefined : reject(error)));
    });
    expect(firstBytes).toBeGreaterThan(0);

    // The server is still there and answers, during and after the aborted export.
    await waitHealthy(a, 20_000);
    expect((await fetch(`${a.base}/`)).status).toBe(200);
    await sleep(2000);
    const logs = await query<{ data: { rows?: number; format: string } }>(
      `SELECT "data" FROM "AuditLog" WHERE "action" = 'cases.export' AND "createdAt" >= $1 ORDER BY "createdAt"`,
      [new Date(started - 5000)],
    );
    // The attempt is recorded (who started an export, with or without personal data) but never as a complete file.
    expect(logs).toHaveLength(1);
    expect(logs[0]!.data.format).toBe("xlsx");
    expect(logs[0]!.data.rows).toBeUndefined();
    // The export stopped reading the database once the client was gone.
    await waitUntil(
      "the aborted export's queries to stop",
      async () => {
        const active = await query(`SELECT 1 FROM pg_stat_activity WHERE "datname" = 'oirs_faults' AND "state" = 'active' AND "pid" <> pg_backend_pid() AND "query" LIKE '%"sortKey"%'`);
        return active.length === 0;
      },
      10_000,
    );

    // A complete export afterwards works and is recorded with its row count.
    const full = await fetch(`${a.base}/gestion/exportar.xlsx?status=ALL&kind=FELICITACION`, { headers: { Cookie: cookie } });
    expect(full.status).toBe(200);
    const bytes = Buffer.from(await full.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const complete = await waitUntil(
      "the complete export's row count",
      async () => {
        const rows = await query<{ data: { rows?: number } }>(
          `SELECT "data" FROM "AuditLog" WHERE "action" = 'cases.export' AND "createdAt" >= $1 ORDER BY "createdAt"`,
          [new Date(started - 5000)],
        );
        return rows.length === 2 && typeof rows[1]!.data.rows === "number" ? rows : null;
      },
      10_000,
    );
    expect(complete[0]!.data.rows).toBeUndefined();
    expect(a.child.exitCode).toBeNull();
  }, 90_000);
});
