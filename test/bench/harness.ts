// Shared by the load benchmarks: a throwaway PostgreSQL, the floor server (DESIGN §5: a bare
// node:http server doing one INSERT per POST), the real app server, and autocannon runs.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { freePort, stop } from "../setup/processes";

export { freePort, stop };

export const CONNECTIONS = 50;
export const DURATION = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP = 3;
export const root = process.cwd();

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
      const { rows } = await pool.query("INSERT INTO floor_rows (subject, body) VALUES ($1, $2) RETURNING id", [String(body.subject ?? ""), body]);
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

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
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

/** DATABASE_URL's server, or a throwaway cluster started here (stopped by `stopServer`). */
export async function startServer(): Promise<{ serverUrl: string; stopServer: () => void }> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, stopServer: () => undefined };
  const clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-pg-"));
  const port = await freePort();
  const serverUrl = execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["start", clusterDir, String(port)], { encoding: "utf8" }).trim();
  console.log(`[bench] started a throwaway PostgreSQL at ${serverUrl}`);
  return { serverUrl, stopServer: () => execFileSync(path.join(root, "test/setup/pg-cluster.sh"), ["stop", clusterDir]) };
}

export type Measure = { label: string; rps: number; p50: number; p99: number; total: number; non2xx: number; errors: number; statuses: Record<string, number> };

/**
 * Warm-up, then DURATION seconds at CONNECTIONS connections. `setup` may rewrite each request
 * (a fresh token or Idempotency-Key per request).
 */
export async function measure(
  label: string,
  url: string,
  options: { headers: Record<string, string>; body: string; setup?: (req: { headers: Record<string, string>; body: string }) => { headers: Record<string, string>; body: string } },
): Promise<Measure> {
  const base = { url, method: "POST" as const, connections: CONNECTIONS, headers: options.headers, body: options.body, timeout: 10 };
  const requests = options.setup ? [{ setupRequest: options.setup as unknown as (req: Record<string, unknown>) => Record<string, unknown> }] : undefined;
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

/** The floor: a bare node:http server doing one INSERT per POST through pg.Pool, measured now. */
export async function measureFloor(serverUrl: string, dbName: string, body: string): Promise<Measure> {
  const floorUrl = databaseUrl(serverUrl, dbName);
  await withClient(floorUrl, (c) => c.query("CREATE TABLE floor_rows (id bigserial PRIMARY KEY, subject text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"));
  const port = await freePort();
  const floor = spawn(process.execPath, ["--input-type=module", "-e", FLOOR_SERVER], {
    cwd: root,
    env: { ...process.env, FLOOR_DATABASE_URL: floorUrl, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      floor.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      floor.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
    });
    console.log("[bench] measuring the floor (node:http + pg.Pool INSERT)…");
    return await measure("floor: node:http + pg INSERT", `http://127.0.0.1:${port}/`, { headers: { "content-type": "application/json" }, body });
  } finally {
    await stop(floor);
  }
}

/** The heap limit `npm run serve` gives the server (package.json), so the benchmarks run what production runs. */
export const SERVE_NODE_ARGS = [`--max-old-space-size=${process.env.OIRS_MAX_HEAP_MB ?? 1024}`];

/**
 * The real server (production build, NODE_ENV=production) on `dbUrl`; resolves once /healthz answers.
 * Node flags: SERVE_NODE_ARGS, then `options.nodeArgs` and BENCH_SERVER_NODE_ARGS add flags for the server only (e.g. "--trace-gc",
 * which NODE_OPTIONS refuses); `options.pipeStdout` leaves the server's stdout to the caller (child.stdout).
 */
export async function startApp(
  dbUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
  options: { nodeArgs?: string[]; pipeStdout?: boolean } = {},
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const profileDir = path.join(root, "bench-profile");
  const extraArgs = [...(options.nodeArgs ?? []), ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])];
  const nodeArgs = [...SERVE_NODE_ARGS, "--import", "tsx", ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...extraArgs, "app/server/main.ts"];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      NODE_ENV: "production",
      SESSION_SECRET: "bench-session-secret-0123456789abcdef",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      API_RATE_LIMIT_PER_MINUTE: "1000000",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", options.pipeStdout ? "pipe" : "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, child, 120_000);
  return { child, base };
}

export function requireBuild() {
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("build/index.js is missing: run `npm run build` first (the bench serves the production build).");
  }
}

export function machineLine(): string {
  const cpu = os.cpus();
  return `Date: ${new Date().toISOString().slice(0, 10)} · machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL local (fsync off)`;
}

export function table(measures: Measure[]): string[] {
  return [
    "| run | req/s | p50 ms | p99 ms | non-2xx | errors |",
    "|---|---|---|---|---|---|",
    ...measures.map((m) => `| ${m.label} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.non2xx} | ${m.errors} |`),
  ];
}

/**
 * One target of a benchmark: `ratio` is value / target (null for a target of 0, e.g. "no errors");
 * `met` is value ≤ target ("lower" is better) or ≥ ("higher").
 */
export type BenchTarget = { label: string; value: number; target: number; unit: string; better: "lower" | "higher"; ratio: number | null; met: boolean };

/** What every benchmark prints last, as `BENCH_RESULT {json}` (read by `npm run bench`, test/bench/all.ts). */
export type BenchResult = {
  bench: string;
  /** The headline rows, each a flat record (label first): rendered as one table in the summary. */
  figures: Array<Record<string, string | number | null>>;
  targets: BenchTarget[];
  notes?: string[];
  /** Anything else the benchmark wants to keep (raw measures). */
  data?: unknown;
};

export function benchTarget(label: string, value: number, target: number, unit: string, better: "lower" | "higher"): BenchTarget {
  const met = Number.isFinite(value) && (better === "lower" ? value <= target : value >= target);
  return { label, value: round(value, 3), target, unit, better, ratio: target === 0 ? null : round(value / target, 3), met };
}

/** The p-th percentile (nearest rank) of `values`, in any order; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Timing statistics as a figures row, under `column` for the label. */
export function statsRow(column: string, s: { label: string; p50: number; p95: number; max: number }): Record<string, string | number> {
  return { [column]: s.label, "p50 ms": round(s.p50), "p95 ms": round(s.p95), "max ms": round(s.max) };
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export const BENCH_RESULT_PREFIX = "BENCH_RESULT ";

/** The machine-readable last line of a benchmark's output. */
export function printBenchResult(result: BenchResult): void {
  console.log(`${BENCH_RESULT_PREFIX}${JSON.stringify(result)}`);
}

/** A Measure as a figures row. */
export function measureRow(m: Measure): Record<string, string | number> {
  return { run: m.label, "req/s": round(m.rps, 0), "p50 ms": round(m.p50), "p99 ms": round(m.p99), "non-2xx": m.non2xx, errors: m.errors };
}

/** The reclamo every load test files through POST /api/v1/cases (demo catalogue codes). */
export const caseBody = JSON.stringify({
  kind: "RECLAMO",
  subject: "Bus escolar no pasó",
  description: "El bus del recorrido 4 no pasó el lunes por la mañana y los niños llegaron tarde.",
  tramiteCode: "TRANSPORTE",
  officeCode: "CENTRAL",
  citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl", phone: "+56 9 1234 5678", commune: "Coquimbo", region: "CL-CO" },
  replyChannel: "EMAIL",
  locale: "es",
});

/** The answers every load test sends to POST /api/v1/survey-responses (the default template's keys). */
export const surveyAnswers = { overall: 6, resolved: "yes", effort: 5, time: 6, treatment: 7, clarity: 6, comment: "Me atendieron rápido y con amabilidad." };
