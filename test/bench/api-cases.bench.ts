// Load test of POST /api/v1/cases against its floor, in one run (npm run bench:api):
//   (a) floor: a bare node:http server doing one INSERT per POST through pg.Pool (50 connections);
//   (b) app:   the real server (production build, NODE_ENV=production) on a fresh seeded database.
// Both with autocannon, 50 connections, BENCH_DURATION seconds (default 10) after a short warm-up.
// Target: app throughput ≥ 0.2 × floor, p99 ≤ 100 ms.
//
// Needs a prior `npm run build`. Uses DATABASE_URL (a PostgreSQL server; the bench creates and
// drops its own databases), else starts a throwaway cluster with test/setup/pg-cluster.sh.
// BENCH_PROFILE=1 writes a CPU profile of the app server to ./bench-profile/.
// BENCH_IDEMPOTENCY=1 also measures requests that each carry a fresh Idempotency-Key.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { openDatabase } from "~/db/client.server";
import { migrateDeploy } from "~/db/migrate.server";
import { seedDemo } from "../../prisma/seed";

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 3;
const API_TOKEN = "oirs_bench_token_0123456789abcdef";
const TARGET_RATIO = 0.2;
const TARGET_P99_MS = 100;
const root = process.cwd();

const caseBody = JSON.stringify({
  kind: "RECLAMO",
  subject: "Bus escolar no pasó",
  description: "El bus del recorrido 4 no pasó el lunes por la mañana y los niños llegaron tarde.",
  tramiteCode: "TRANSPORTE",
  officeCode: "CENTRAL",
  citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl", phone: "+56 9 1234 5678", commune: "Coquimbo", region: "CL-CO" },
  replyChannel: "EMAIL",
  locale: "es",
});

const FLOOR_SERVER = `
import http from "node:http";
import pg from "pg";
const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 50 });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const { rows } = await pool.query("INSERT INTO floor_cases (subject, body) VALUES ($1, $2) RETURNING id", [String(body.subject ?? ""), body]);
      const out = JSON.stringify({ id: rows[0].id });
      res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(out) }).end(out);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

type Measure = { label: string; rps: number; p50: number; p99: number; total: number; non2xx: number; errors: number; statuses: Record<string, number> };

async function measure(label: string, url: string, headers: Record<string, string>, options: { uniqueKeys?: boolean } = {}): Promise<Measure> {
  const base = { url, method: "POST" as const, connections: CONNECTIONS, headers, body: caseBody, timeout: 10 };
  let n = 0;
  const requests = options.uniqueKeys
    ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { ...(req.headers as object), "Idempotency-Key": `bench-${process.pid}-${++n}` } }) }]
    : undefined;
  await autocannon({ ...base, duration: WARMUP, requests });
  const result: Result = await autocannon({ ...base, duration: DURATION, requests });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total ?? result["2xx"] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

function report(floor: Measure, app: Measure, extra: Measure[]) {
  const ratio = app.rps / floor.rps;
  const cpu = os.cpus();
  const rows = [floor, app, ...extra].map(
    (m) => `| ${m.label} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.non2xx} | ${m.errors} |`,
  );
  const lines = [
    `Date: ${new Date().toISOString().slice(0, 10)} · machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL local (fsync off)`,
    `autocannon: ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), POST /api/v1/cases with a bearer token`,
    "",
    "| run | req/s | p50 ms | p99 ms | non-2xx | errors |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `app / floor throughput: ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO}) — ${ratio >= TARGET_RATIO ? "met" : "MISSED"}`,
    `app p99: ${app.p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms) — ${app.p99 <= TARGET_P99_MS ? "met" : "MISSED"}`,
  ];
  console.log(lines.join("\n"));
  for (const m of [floor, app, ...extra]) if (m.non2xx > 0) console.log(`status codes (${m.label}): ${JSON.stringify(m.statuses)}`);
  console.log(JSON.stringify({ floor, app, extra, ratio }));
}

async function main() {
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("build/index.js is missing: run `npm run build` first (the bench serves the production build).");
  }
  const children: ChildProcess[] = [];
  let clusterDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const floorDb = `oirs_bench_floor_${suffix}`;
  const appDb = `oirs_bench_app_${suffix}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-data-"));
  try {
    if (!serverUrl) {
      clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-pg-"));
      const port = await freePort();
      serverUrl = execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["start", clusterDir, String(port)], { encoding: "utf8" }).trim();
      console.log(`[bench] started a throwaway PostgreSQL at ${serverUrl}`);
    }
    await admin(serverUrl, async (c) => {
      await c.query(`CREATE DATABASE ${floorDb}`);
      await c.query(`CREATE DATABASE ${appDb}`);
    });

    // (a) The floor.
    const floorUrl = databaseUrl(serverUrl, floorDb);
    await admin(floorUrl, (c) => c.query("CREATE TABLE floor_cases (id bigserial PRIMARY KEY, subject text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"));
    const floorPort = await freePort();
    const floor = spawn(process.execPath, ["--input-type=module", "-e", FLOOR_SERVER], {
      cwd: root,
      env: { ...process.env, FLOOR_DATABASE_URL: floorUrl, PORT: String(floorPort) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(floor);
    await new Promise<void>((resolve, reject) => {
      floor.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      floor.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
    });
    console.log("[bench] measuring the floor (node:http + pg.Pool INSERT)…");
    const floorResult = await measure("floor: node:http + pg INSERT", `http://127.0.0.1:${floorPort}/`, { "content-type": "application/json" });
    await stop(floor);

    // (b) The app: migrate and seed a fresh database (production never seeds), then serve.
    const appUrl = databaseUrl(serverUrl, appDb);
    await migrateDeploy({ ...process.env, DATABASE_URL: appUrl });
    const database = openDatabase({ kind: "postgres", url: appUrl });
    await seedDemo(database.prisma, { password: "bench-password-2026", apiToken: API_TOKEN });
    await database.close();

    const appPort = await freePort();
    const profileDir = path.join(root, "bench-profile");
    const nodeArgs = ["--import", "tsx", ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "app/server/main.ts"];
    const app = spawn(process.execPath, nodeArgs, {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: appUrl,
        NODE_ENV: "production",
        SESSION_SECRET: "bench-session-secret-0123456789abcdef",
        PORT: String(appPort),
        HOST: "127.0.0.1",
        PUBLIC_URL: `http://127.0.0.1:${appPort}`,
        DATA_DIR: dataDir,
        API_RATE_LIMIT_PER_MINUTE: "1000000",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(app);
    await waitFor(`http://127.0.0.1:${appPort}/healthz`, app, 120_000);
    const headers = { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` };
    const probe = await fetch(`http://127.0.0.1:${appPort}/api/v1/cases`, { method: "POST", headers, body: caseBody });
    if (probe.status !== 201) throw new Error(`the app refused the bench request: ${probe.status} ${await probe.text()}`);
    console.log("[bench] measuring the app (POST /api/v1/cases)…");
    const appResult = await measure("app: POST /api/v1/cases", `http://127.0.0.1:${appPort}/api/v1/cases`, headers);
    const extra: Measure[] = [];
    if (process.env.BENCH_IDEMPOTENCY) {
      console.log("[bench] measuring the app with a fresh Idempotency-Key per request…");
      extra.push(await measure("app: same, with Idempotency-Key", `http://127.0.0.1:${appPort}/api/v1/cases`, headers, { uniqueKeys: true }));
    }
    await stop(app);
    report(floorResult, appResult, extra);
  } finally {
    await Promise.all(children.map(stop));
    if (serverUrl) {
      await admin(serverUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${floorDb} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${appDb} WITH (FORCE)`);
      }).catch((error: unknown) => console.error("[bench] cleanup failed:", error));
    }
    if (clusterDir) execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["stop", clusterDir]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
