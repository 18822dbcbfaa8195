// Soak (npm run bench:soak): the production server under a steady, mixed, moderate load for
// SOAK_MINUTES (default 10) after SOAK_WARMUP_SECONDS (default 120), watching for errors, memory growth
// and latency drift — not for throughput.
//
//   - Server: the production build, NODE_ENV=production, outbox worker and deadline scheduler running,
//     on a fresh database (migrated, demo seed with a known API token and password, SOAK_CASES cases
//     over the last three years — default 300,000, ≈ 100,000 a year — and SOAK_INVITATIONS survey
//     invitations pre-created), with the heap limit `npm run serve` sets (SERVE_NODE_ARGS). API_RATE_LIMIT_PER_MINUTE is raised by the harness; no other
//     rate limit applies to these streams (posters' per-address limit is avoided by answering
//     single-use invitation tokens; sign-in limits count failures only).
//   - Load: one autocannon instance per stream, all in parallel, each at a fixed overall rate
//     (autocannon's overallRate, split over a few connections), started a fraction of a second apart:
//       citizen pages   GET /, GET /ingresar/reclamo, GET /seguimiento
//       API             POST /api/v1/cases (bearer token), POST /api/v1/survey-responses (a fresh
//                       invitation token per request)
//       staff           GET /gestion (OIRS officer's session cookie), GET /comite?anio=<last year>
//                       (committee member's): the year the yearly report is about. The soak's writes
//                       (≈ 7,000 cases and 22,000 survey responses, all dated today — years of a large
//                       institution's volume) would otherwise make this year's dashboard slower as it
//                       runs (it reads today's responses raw), a drift of the data, not of the server;
//                       this year's dashboard is timed on the idle server before and after instead, and
//                       its cost against data volume is the committee bench's (1,000,000 cases).
//     Rates (req/s): 4 + 4 + 4 pages, 10 cases, 30 survey responses, 3 inbox pages, 1 dashboard —
//     56 in all: thousands of times a real institution's filing rate, yet below saturation of the
//     2-core VM, so that a drift shows the server's state rather than a queue. The dashboard over a
//     year of ≈ 100,000 cases costs ≈ 300 ms on the idle server, most of it PostgreSQL's (parallel)
//     CPU, and grows with today's survey responses (read raw until the day's rollup): at 2 a second it
//     saturated the VM (load average 13); with 30 cases and 60 responses a second, by minute 5 PostgreSQL
//     was saturated and every stream slowed down (the API streams fell to half their rate). A
//     server-rendered page costs 15–95 ms of CPU, sequentially on an idle server (home ≈ 35, inbox ≈ 55,
//     dashboard ≈ 95), a JSON submission ≈ 1–5 ms, so the volume is in the API streams.
//     SOAK_RATE_SCALE (default 1) multiplies every stream's rate.
//   - Samples: the server's resident memory (VmRSS from /proc/<pid>/status), CPU time and open file
//     descriptors every 10 s; every response's status and latency (autocannon's "response" event:
//     time from sending the request to the whole response), bucketed per minute and stream. The server
//     runs with --trace-gc: the live heap after each full (mark-compact) GC is reported too — the
//     clearest sign of a leak, since RSS also holds garbage V8 has not collected yet.
//   - Warm-up: 2 minutes by default, so that V8's first full GCs, while it sizes its heap, are not
//     measured. It may still raise the old generation's limit after that (seen once: RSS from ≈ 750
//     to ≈ 960 MB in the first measured minute, the live heap unchanged), which the RSS rule counts.
//
// Pass criteria (issue 8):
//   - zero errors: every response has its stream's expected status (200, or 201 for the two POSTs),
//     and no socket errors or timeouts;
//   - memory: the median RSS of the last measured minute is < 10 % above the median RSS of the first
//     measured minute (the minute right after the warm-up); 6–7 samples per minute. RSS follows V8's
//     sawtooth (the old generation grows to ≈ 650 MB between full GCs, and V8 changes that limit as it
//     goes), so it is also reported, and judged by the same 10 %, the live heap after each full GC:
//     last measured vs first measured — what a leak would make grow;
//   - latency: for every stream, the p99 of the last SOAK_P99_WINDOW_MINUTES (default: half the run)
//     ≤ 1.5 × the p99 of the first ones. A page's p99 is set by rare collisions — a request that
//     waits behind a dashboard render (≈ 100 ms of the event loop) or a full GC pause — so it needs
//     many samples: with one-minute windows at 2 req/s it was the slowest request or two, and with
//     two-minute windows at 4 req/s (480 requests) `/` still jumped between 43 and 137 ms from minute
//     to minute with its p50 flat at 20–30 ms. Halves of a 10-minute run hold 1,200 requests of each
//     page stream and 300 of the dashboard's. Each stream's median latency on the idle server, before
//     and after the load (20 sequential requests after 20 unmeasured), tells data growth (slower after
//     too) from the server's state under load.
// Uses DATABASE_URL (creates and drops its own database) or starts a throwaway PostgreSQL cluster.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Instance } from "autocannon";
import { OPEN_STATUSES } from "~/domain/cases/state-machine";
import { THRESHOLDS } from "~/domain/sla/scheduler.server";
import { createSurveyInvitations, seedAppDatabase } from "./app-database";
import { casesSql, staffSql } from "./cases-data";
import {
  benchTarget,
  caseBody,
  databaseUrl,
  machineLine,
  percentile,
  printBenchResult,
  requireBuild,
  round,
  SERVE_NODE_ARGS,
  startApp,
  startServer,
  stop,
  surveyAnswers,
  withClient,
  type BenchTarget,
} from "./harness";

// At least 2 minutes: the drift compares the run's first and last windows, which must differ.
const MINUTES = Math.max(2, Number(process.env.SOAK_MINUTES ?? 10));
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 120);
const SCALE = Number(process.env.SOAK_RATE_SCALE ?? 1);
const PRELOADED_CASES = Number(process.env.SOAK_CASES ?? 300_000);
const P99_WINDOW_MINUTES = Math.min(Math.floor(MINUTES / 2), Math.max(1, Number(process.env.SOAK_P99_WINDOW_MINUTES ?? MINUTES / 2))) || 1;
const CASES_CHUNK = 100_000;
const SAMPLE_MS = 10_000;
const RSS_GROWTH_LIMIT_PCT = 10;
const P99_DRIFT_LIMIT = 1.5;
const API_TOKEN = "oirs_soak_token_0123456789abcdef";
const PASSWORD = "bench-password-2026";
const OFFICER = "oirs@oirs.example";
const COMMITTEE = "comite@oirs.example";

type StreamSpec = {
  name: string;
  method: "GET" | "POST";
  path: string;
  rate: number;
  connections: number;
  expect: number;
  headers?: Record<string, string>;
  body?: string;
  setup?: (req: Record<string, unknown>) => Record<string, unknown>;
};

type Bucket = { latencies: number[]; unexpected: Record<string, number>; errors: number };

type Stream = StreamSpec & { minutes: Bucket[]; warmup: Bucket; samples: string[]; errorMessages: Record<string, number> };

type Sample = { t: number; rssMb: number; cpuPct: number; fds: number; load1: number };

/** A full GC of the server, from --trace-gc: heap used before and after, and the heap's committed size (MB). */
type MajorGc = { at: number; isolate: string; beforeMb: number; afterMb: number; committedMb: number; pauseMs: number };
const MARK_COMPACT = /\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: Mark-Compact(?: \(reduce\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB, ([\d.]+) \//;

const surveyBody = (token: string) => JSON.stringify({ invitationToken: token, answers: surveyAnswers, locale: "es" });

const median = (values: number[]) => percentile(values, 50);
const emptyBucket = (): Bucket => ({ latencies: [], unexpected: {}, errors: 0 });
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

const IDLE_WARMUPS = 20;
const IDLE_RUNS = 20;

/** Median latency of IDLE_RUNS sequential requests of a stream (after IDLE_WARMUPS), uncompressed as autocannon's. */
async function idleLatency(base: string, s: StreamSpec): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < IDLE_WARMUPS + IDLE_RUNS; i++) {
    const req = s.setup ? s.setup({ body: s.body }) : { body: s.body };
    const started = performance.now();
    const res = await fetch(`${base}${s.path}`, {
      method: s.method,
      headers: { ...s.headers, "accept-encoding": "identity" },
      body: s.method === "POST" ? String(req.body) : undefined,
      redirect: "manual",
    });
    const text = await res.text();
    if (res.status !== s.expect) throw new Error(`probe ${s.name}: ${res.status} (expected ${s.expect}): ${text.slice(0, 300)}`);
    if (i >= IDLE_WARMUPS) times.push(performance.now() - started);
  }
  return median(times);
}

/** Signs in through the login form, as a browser does; returns the session cookie. */
async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`sign-in as ${email} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** VmRSS (MB), cumulative CPU seconds and open descriptors of a process, from /proc. */
function processStats(pid: number, ticksPerSecond: number): { rssMb: number; cpuSeconds: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  // /proc/<pid>/stat: fields after the command's closing parenthesis; utime and stime are the 14th and 15th fields.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  return { rssMb: rssKb / 1024, cpuSeconds, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

/**
 * SOAK_CASES cases over the last three years (the inbox and committee benches' generator), so the
 * dashboard and the inbox start from an institution's history rather than an empty year: the soak's
 * own filings (30 a second, ≈ 22,000 in 12 minutes) then add a fraction to the year instead of making it.
 */
async function preloadCases(url: string, institutionId: string): Promise<void> {
  if (PRELOADED_CASES <= 0) return;
  const started = performance.now();
  await withClient(url, async (c) => {
    // Skip per-row foreign-key triggers during the load (superuser only; the data is consistent by construction).
    await c.query("SET session_replication_role = replica").catch(() => undefined);
    await c.query(staffSql(institutionId));
    for (let from = 1; from <= PRELOADED_CASES; from += CASES_CHUNK) {
      await c.query(casesSql(institutionId, from, Math.min(PRELOADED_CASES, from + CASES_CHUNK - 1)));
    }
    // Their deadline alerts went out while they were open, as the scheduler would have sent them:
    // otherwise it would spend the first minutes alerting ≈ 15,000 overdue cases at once. The key is
    // the scheduler's (alertKey: threshold and due date).
    await c.query(
      `INSERT INTO "CaseAlert" ("caseId", "threshold", "createdAt")
       SELECT c."id", t."threshold" || '@' || floor(extract(epoch FROM c."dueAt") * 1000)::bigint::text, now()
         FROM "Case" c CROSS JOIN unnest($2::text[]) AS t("threshold")
        WHERE c."institutionId" = $1::uuid AND c."status"::text = ANY($3::text[])
       ON CONFLICT DO NOTHING`,
      [institutionId, Object.values(THRESHOLDS), [...OPEN_STATUSES]],
    );
    await c.query("SET session_replication_role = DEFAULT").catch(() => undefined);
    await c.query(`ANALYZE "Case"; ANALYZE "User"; ANALYZE "CaseAlert"`);
  });
  console.log(`[soak] preloaded ${PRELOADED_CASES.toLocaleString("en")} cases in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function main() {
  requireBuild();
  const { serverUrl, stopServer } = await startServer();
  const dbName = `oirs_bench_soak_${process.pid}_${Date.now().toString(36)}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-soak-"));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const instances: Instance[] = [];
  try {
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
    const appUrl = databaseUrl(serverUrl, dbName);
    const institutionId = await seedAppDatabase(appUrl, { password: PASSWORD, apiToken: API_TOKEN });
    await preloadCases(appUrl, institutionId);

    const rate = (n: number) => Math.max(1, Math.round(n * SCALE));
    const surveyRate = rate(30);
    const invitations = Number(process.env.SOAK_INVITATIONS ?? Math.ceil(surveyRate * (WARMUP_SECONDS + MINUTES * 60) * 1.3) + 1000);
    console.log(`[soak] creating ${invitations} survey invitations…`);
    await createSurveyInvitations(appUrl, invitations, "soak-");
    const pgVersion = await withClient(appUrl, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);

    app = await startApp(appUrl, dataDir, {}, { nodeArgs: ["--trace-gc"], pipeStdout: true });
    const base = app.base;
    // The server's stdout: full GCs are recorded, scavenges dropped, anything else passed on.
    const gcs: MajorGc[] = [];
    let pending = "";
    app.child.stdout!.on("data", (chunk: Buffer) => {
      const text = pending + chunk.toString("utf8");
      const lines = text.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const gc = MARK_COMPACT.exec(line);
        if (gc) gcs.push({ at: Date.now(), isolate: gc[1]!, beforeMb: Number(gc[2]), afterMb: Number(gc[3]), committedMb: Number(gc[4]), pauseMs: Number(gc[5]) });
        else if (!/: (Scavenge|Mark-Compact|Mark-Sweep|Minor)/.test(line)) process.stdout.write(`${line}\n`);
      }
    });
    const pid = app.child.pid!;
    const officerCookie = await signIn(base, OFFICER);
    const committeeCookie = await signIn(base, COMMITTEE);

    let nextInvitation = 0;
    const lastYear = new Date().getUTCFullYear() - 1;
    const json = { "content-type": "application/json" };
    const lastYearDashboard: StreamSpec = {
      name: `committee: GET /comite?anio=${lastYear}`,
      method: "GET",
      path: `/comite?anio=${lastYear}`,
      rate: rate(1),
      connections: 2,
      expect: 200,
      headers: { cookie: committeeCookie },
    };
    const specs: StreamSpec[] = [
      { name: "citizen: GET /", method: "GET", path: "/", rate: rate(4), connections: 2, expect: 200 },
      { name: "citizen: GET /ingresar/reclamo", method: "GET", path: "/ingresar/reclamo", rate: rate(4), connections: 2, expect: 200 },
      { name: "citizen: GET /seguimiento", method: "GET", path: "/seguimiento", rate: rate(4), connections: 2, expect: 200 },
      { name: "API: POST /api/v1/cases", method: "POST", path: "/api/v1/cases", rate: rate(10), connections: 2, expect: 201, headers: { ...json, authorization: `Bearer ${API_TOKEN}` }, body: caseBody },
      {
        name: "API: POST /api/v1/survey-responses",
        method: "POST",
        path: "/api/v1/survey-responses",
        rate: surveyRate,
        connections: 4,
        expect: 201,
        headers: json,
        body: surveyBody("x"),
        setup: (req) => ({ ...req, body: surveyBody(`soak-${++nextInvitation}`) }),
      },
      { name: "staff: GET /gestion", method: "GET", path: "/gestion", rate: rate(3), connections: 2, expect: 200, headers: { cookie: officerCookie } },
      lastYearDashboard,
    ];
    // The current year's dashboard, on the idle server only: it aggregates today's survey responses raw
    // (DECISIONS.md, "Satisfaction results from daily rollups"), so the soak's own writes slow it down.
    const thisYearDashboard: StreamSpec = { ...lastYearDashboard, name: "committee: GET /comite (this year)", path: "/comite" };

    // Each stream's latency on the idle server, before the load (a wrong status here is a set-up
    // error, not a soak finding) and again after it: the data the soak adds, not the server's state,
    // explains a drift that shows in both.
    const idleBefore: number[] = [];
    for (const s of specs) idleBefore.push(await idleLatency(base, s));
    const thisYearIdleBefore = await idleLatency(base, thisYearDashboard);

    const totalRate = specs.reduce((n, s) => n + s.rate, 0);
    console.log(`[soak] ${specs.length} streams, ${totalRate} req/s in all, ${WARMUP_SECONDS} s warm-up, then ${MINUTES} min measured`);

    const streams: Stream[] = specs.map((s) => ({ ...s, minutes: Array.from({ length: MINUTES }, emptyBucket), warmup: emptyBucket(), samples: [], errorMessages: {} }));
    const start = Date.now();
    const t0 = start + WARMUP_SECONDS * 1000;
    const end = t0 + MINUTES * 60_000;
    /** The bucket for a moment: the warm-up, a measured minute, or none once the run is over. */
    const bucketOf = (stream: Stream, now: number): Bucket | undefined => {
      if (now < t0) return stream.warmup;
      const minute = Math.floor((now - t0) / 60_000);
      return minute < MINUTES ? stream.minutes[minute] : undefined;
    };

    // Server samples every 10 s, aligned on t0 (so each measured minute holds the samples at :00 … :50).
    const ticksPerSecond = 100; // USER_HZ on Linux
    const samples: Sample[] = [];
    let previous = { at: Date.now(), cpu: processStats(pid, ticksPerSecond).cpuSeconds };
    const takeSample = () => {
      try {
        const now = Date.now();
        const stats = processStats(pid, ticksPerSecond);
        const cpuPct = ((stats.cpuSeconds - previous.cpu) / ((now - previous.at) / 1000)) * 100;
        previous = { at: now, cpu: stats.cpuSeconds };
        samples.push({ t: (now - t0) / 1000, rssMb: stats.rssMb, cpuPct, fds: stats.fds, load1: os.loadavg()[0]! });
      } catch (error) {
        console.error("[soak] could not sample the server:", error instanceof Error ? error.message : error);
      }
    };
    takeSample();
    const firstSampleIn = (((t0 - Date.now()) % SAMPLE_MS) + SAMPLE_MS) % SAMPLE_MS;
    let sampler: NodeJS.Timeout | undefined;
    const sampleStart = setTimeout(() => {
      takeSample();
      sampler = setInterval(takeSample, SAMPLE_MS);
    }, firstSampleIn);

    // Progress: one line a minute, just after each measured minute ends.
    const reportMinute = () => {
      const minute = Math.floor((Date.now() - t0) / 60_000) - 1;
      if (minute < 0 || minute >= MINUTES) return;
      const last = samples[samples.length - 1];
      const parts = streams.map((s) => {
        const b = s.minutes[minute]!;
        const bad = b.errors + Object.values(b.unexpected).reduce((a, n) => a + n, 0);
        return `${s.path} ${(b.latencies.length / 60).toFixed(0)}/s p99 ${fmt(percentile(b.latencies, 99), 0)}${bad ? ` ERRORS ${bad}` : ""}`;
      });
      console.log(`[soak] minute ${minute + 1}/${MINUTES}: RSS ${fmt(last?.rssMb ?? Number.NaN, 0)} MB, load ${os.loadavg()[0]!.toFixed(1)} · ${parts.join(" · ")}`);
    };
    let progress: NodeJS.Timeout | undefined;
    const progressStart = setTimeout(() => {
      reportMinute();
      progress = setInterval(reportMinute, 60_000);
    }, t0 + 60_500 - Date.now());

    const results = await Promise.all(
      streams.map(async (s, i) => {
        // Streams start a fraction of a second apart, so their once-a-second rate windows do not coincide.
        await new Promise((r) => setTimeout(r, i * 137));
        const instance = autocannon({
          url: `${base}${s.path}`,
          method: s.method,
          connections: Math.min(s.connections, s.rate),
          overallRate: s.rate,
          duration: Math.ceil((end - Date.now()) / 1000) + 5,
          timeout: 10,
          headers: s.headers,
          body: s.body,
          requests: [
            {
              ...(s.setup ? { setupRequest: s.setup } : {}),
              onResponse: (status, body) => {
                if (status !== s.expect && s.samples.length < 5) s.samples.push(`${status}: ${body.slice(0, 300)}`);
              },
            },
          ],
        });
        instances.push(instance);
        instance.on("response", (_client, status, _bytes, ms) => {
          const bucket = bucketOf(s, Date.now());
          if (!bucket) return;
          bucket.latencies.push(ms);
          if (status !== s.expect) bucket.unexpected[status] = (bucket.unexpected[status] ?? 0) + 1;
        });
        instance.on("reqError", (error) => {
          const bucket = bucketOf(s, Date.now());
          if (!bucket) return;
          bucket.errors++;
          s.errorMessages[error.message] = (s.errorMessages[error.message] ?? 0) + 1;
        });
        const stopAt = setTimeout(() => instance.stop(), end - Date.now());
        const result = await instance;
        clearTimeout(stopAt);
        return result;
      }),
    );
    clearTimeout(sampleStart);
    clearInterval(sampler);
    clearTimeout(progressStart);
    clearInterval(progress);
    if (samples[samples.length - 1]!.t < MINUTES * 60) takeSample();
    const serverAlive = app.child.exitCode === null && app.child.signalCode === null;
    const idleAfter: number[] = [];
    let thisYearIdleAfter = Number.NaN;
    if (serverAlive) {
      await new Promise((r) => setTimeout(r, 3000));
      for (const s of specs) idleAfter.push(await idleLatency(base, s).catch(() => Number.NaN));
      thisYearIdleAfter = await idleLatency(base, thisYearDashboard).catch(() => Number.NaN);
    }
    if (nextInvitation > invitations) console.warn(`[soak] ran out of invitations (${nextInvitation} > ${invitations}): raise SOAK_INVITATIONS`);
    await stop(app.child);

    // ------------------------------------------------------------------------------------------
    // Report
    const sum = (values: number[]) => values.reduce((a, n) => a + n, 0);
    const measured = samples.filter((x) => x.t >= 0);
    const minuteOf = (t: number) => Math.min(MINUTES - 1, Math.floor(t / 60));
    const rssFirst = median(measured.filter((x) => minuteOf(x.t) === 0).map((x) => x.rssMb));
    const rssLast = median(measured.filter((x) => minuteOf(x.t) === MINUTES - 1).map((x) => x.rssMb));
    const rssGrowthPct = ((rssLast - rssFirst) / rssFirst) * 100;
    const rssMax = Math.max(...measured.map((x) => x.rssMb));
    const cpuMean = sum(measured.slice(1).map((x) => x.cpuPct)) / Math.max(1, measured.length - 1);

    const rows = streams.map((s, i) => {
      const all = s.minutes.flatMap((b) => b.latencies);
      const unexpected: Record<string, number> = {};
      for (const b of s.minutes) for (const [code, n] of Object.entries(b.unexpected)) unexpected[code] = (unexpected[code] ?? 0) + n;
      const errors = sum(s.minutes.map((b) => b.errors));
      const first = percentile(s.minutes.slice(0, P99_WINDOW_MINUTES).flatMap((b) => b.latencies), 99);
      const last = percentile(s.minutes.slice(MINUTES - P99_WINDOW_MINUTES).flatMap((b) => b.latencies), 99);
      return {
        stream: s,
        target: s.rate,
        rps: all.length / (MINUTES * 60),
        total: all.length,
        unexpected,
        unexpectedCount: sum(Object.values(unexpected)),
        errors,
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        autocannonP99: results[i]!.latency.p99,
        first,
        last,
        drift: last / first,
        idleBefore: idleBefore[i]!,
        idleAfter: idleAfter[i] ?? Number.NaN,
      };
    });
    const errorTotal = sum(rows.map((r) => r.unexpectedCount + r.errors));
    const loadOfMinute = (m: number) => {
      const inMinute = measured.filter((x) => minuteOf(x.t) === m).map((x) => x.load1);
      return inMinute.length ? sum(inMinute) / inMinute.length : Number.NaN;
    };
    // The main thread's isolate is the one with the biggest heap (tsx's loader runs in another).
    const biggest = new Map<string, number>();
    for (const gc of gcs) biggest.set(gc.isolate, Math.max(biggest.get(gc.isolate) ?? 0, gc.beforeMb));
    const mainIsolate = [...biggest.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const majorGcs = gcs.filter((gc) => gc.isolate === mainIsolate).map((gc) => ({ ...gc, t: (gc.at - t0) / 1000 }));
    const measuredGcs = majorGcs.filter((gc) => gc.t >= 0 && gc.t <= MINUTES * 60);
    const heapFirst = measuredGcs[0];
    const heapLast = measuredGcs[measuredGcs.length - 1];
    const heapGrowthPct = heapFirst && heapLast ? ((heapLast.afterMb - heapFirst.afterMb) / heapFirst.afterMb) * 100 : Number.NaN;
    const heapLine =
      heapFirst && heapLast
        ? `Live heap after each full GC in the measured minutes (${measuredGcs.length}): ${measuredGcs.map((gc) => gc.afterMb.toFixed(0)).join(", ")} MB — first ${heapFirst.afterMb.toFixed(1)}, last ${heapLast.afterMb.toFixed(1)} MB (${fmt(heapGrowthPct)} %); heap before the GCs up to ${Math.max(...measuredGcs.map((gc) => gc.beforeMb)).toFixed(0)} MB, committed up to ${Math.max(...measuredGcs.map((gc) => gc.committedMb)).toFixed(0)} MB.`
        : `No full GC of the server in the measured minutes (${majorGcs.length} in all).`;

    const lines = [
      "",
      `${machineLine()}, PostgreSQL ${pgVersion}`,
      `Soak: ${MINUTES} min measured after ${WARMUP_SECONDS} s warm-up, ${specs.length} streams, ${totalRate} req/s offered in all (SOAK_RATE_SCALE ${SCALE}), ${PRELOADED_CASES.toLocaleString("en")} cases preloaded, server ${SERVE_NODE_ARGS.join(" ")}; ` +
        `load average at start ${samples[0]?.load1.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)}; server CPU ${fmt(cpuMean, 0)} % of one core on average.`,
      "",
      `| stream | target req/s | req/s | requests | unexpected status | socket errors | p50 ms | p99 ms | p99 first ${P99_WINDOW_MINUTES} min | p99 last ${P99_WINDOW_MINUTES} min | last / first | idle p50 before → after |`,
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows.map(
        (r) =>
          `| ${r.stream.name} | ${r.target} | ${fmt(r.rps)} | ${r.total} | ${r.unexpectedCount ? JSON.stringify(r.unexpected) : 0} | ${r.errors} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.first)} | ${fmt(r.last)} | ${fmt(r.drift, 2)} | ${fmt(r.idleBefore)} → ${fmt(r.idleAfter)} |`,
      ),
      "",
      "p50 / p99 ms per minute (req/s in brackets):",
      "",
      `| stream | ${Array.from({ length: MINUTES }, (_, m) => `min ${m + 1}`).join(" | ")} |`,
      `|---|${"---|".repeat(MINUTES)}`,
      ...streams.map(
        (s) => `| ${s.path} | ${s.minutes.map((b) => `${fmt(percentile(b.latencies, 50), 0)} / ${fmt(percentile(b.latencies, 99), 0)} (${(b.latencies.length / 60).toFixed(0)})`).join(" | ")} |`,
      ),
      `| full GCs (longest pause ms) | ${Array.from({ length: MINUTES }, (_, m) => {
        const inMinute = measuredGcs.filter((gc) => minuteOf(gc.t) === m);
        return inMinute.length ? `${inMinute.length} (${Math.max(...inMinute.map((gc) => gc.pauseMs)).toFixed(0)})` : "0";
      }).join(" | ")} |`,
      `| load average (1 min) | ${Array.from({ length: MINUTES }, (_, m) => fmt(loadOfMinute(m))).join(" | ")} |`,
      "",
      "Server samples (every 10 s; t = seconds since the end of the warm-up):",
      "",
      "| t s | RSS MB | CPU % | open fds | load 1 min |",
      "|---|---|---|---|---|",
      ...samples.map((x) => `| ${x.t.toFixed(0)} | ${fmt(x.rssMb)} | ${fmt(x.cpuPct, 0)} | ${x.fds} | ${x.load1.toFixed(2)} |`),
      "",
      heapLine,
      "",
      `Current year's dashboard (/comite, not streamed), idle p50 before → after the load: ${fmt(thisYearIdleBefore)} → ${fmt(thisYearIdleAfter)} ms.`,
      "",
      `Errors: ${errorTotal} (unexpected statuses and socket errors/timeouts) — ${errorTotal === 0 ? "met" : "MISSED"}${serverAlive ? "" : " (the server died during the run)"}`,
      `Live heap (leak check): ${fmt(heapGrowthPct)} % from the first to the last full GC measured (limit < ${RSS_GROWTH_LIMIT_PCT} %) — ${heapGrowthPct < RSS_GROWTH_LIMIT_PCT ? "met" : "MISSED"}`,
      `RSS: median of minute 1 ${fmt(rssFirst)} MB, median of minute ${MINUTES} ${fmt(rssLast)} MB, growth ${fmt(rssGrowthPct)} % (limit < ${RSS_GROWTH_LIMIT_PCT} %; peak ${fmt(rssMax)} MB) — ${rssGrowthPct < RSS_GROWTH_LIMIT_PCT ? "met" : "MISSED"}`,
      ...rows.map(
        (r) => `p99 drift ${r.stream.name} (first ${P99_WINDOW_MINUTES} min → last ${P99_WINDOW_MINUTES} min): ${fmt(r.first)} → ${fmt(r.last)} ms, ×${fmt(r.drift, 2)} (limit ×${P99_DRIFT_LIMIT}) — ${r.drift <= P99_DRIFT_LIMIT ? "met" : "MISSED"}`,
      ),
    ];
    for (const s of streams) {
      if (s.samples.length) lines.push(`Unexpected responses (${s.name}), first ones: ${s.samples.join(" | ")}`);
      if (Object.keys(s.errorMessages).length) lines.push(`Socket errors (${s.name}): ${JSON.stringify(s.errorMessages)}`);
    }
    console.log(lines.join("\n"));

    const targets: BenchTarget[] = [
      benchTarget("errors (unexpected statuses + socket errors)", errorTotal, 0, "", "lower"),
      { ...benchTarget("RSS growth, median of last minute vs first minute", rssGrowthPct, RSS_GROWTH_LIMIT_PCT, "%", "lower"), met: rssGrowthPct < RSS_GROWTH_LIMIT_PCT },
      ...(heapFirst && heapLast && measuredGcs.length > 1
        ? [{ ...benchTarget("live heap growth, last vs first full GC measured", heapGrowthPct, RSS_GROWTH_LIMIT_PCT, "%", "lower"), met: heapGrowthPct < RSS_GROWTH_LIMIT_PCT }]
        : []),
      ...rows.map((r) => benchTarget(`p99 last ${P99_WINDOW_MINUTES} min / first ${P99_WINDOW_MINUTES} min, ${r.stream.name}`, r.drift, P99_DRIFT_LIMIT, "×", "lower")),
    ];
    printBenchResult({
      bench: "soak",
      figures: rows.map((r) => ({
        stream: r.stream.name,
        "target req/s": r.target,
        "req/s": round(r.rps),
        requests: r.total,
        "non-expected": r.unexpectedCount,
        errors: r.errors,
        "p50 ms": round(r.p50),
        "p99 ms": round(r.p99),
        [`p99 first ${P99_WINDOW_MINUTES} min`]: round(r.first),
        [`p99 last ${P99_WINDOW_MINUTES} min`]: round(r.last),
        "idle p50 before": round(r.idleBefore),
        "idle p50 after": round(r.idleAfter),
      })),
      targets,
      notes: [
        `${MINUTES} min after ${WARMUP_SECONDS} s warm-up, ${totalRate} req/s offered; RSS ${fmt(rssFirst)} → ${fmt(rssLast)} MB (medians of the first and last minute, growth ${fmt(rssGrowthPct)} %, peak ${fmt(rssMax)} MB); server CPU ${fmt(cpuMean, 0)} % of a core`,
        heapLine,
        `current year's /comite idle p50 ${fmt(thisYearIdleBefore)} → ${fmt(thisYearIdleAfter)} ms`,
        ...(serverAlive ? [] : ["the server died during the run"]),
      ],
      data: {
        minutes: MINUTES,
        warmupSeconds: WARMUP_SECONDS,
        preloadedCases: PRELOADED_CASES,
        p99WindowMinutes: P99_WINDOW_MINUTES,
        majorGcs: majorGcs.map((gc) => ({ t: round(gc.t, 0), beforeMb: gc.beforeMb, afterMb: gc.afterMb, committedMb: gc.committedMb, pauseMs: gc.pauseMs })),
        loadPerMinute: Array.from({ length: MINUTES }, (_, m) => round(loadOfMinute(m), 2)),
        samples: samples.map((x) => ({ t: round(x.t, 0), rssMb: round(x.rssMb), cpuPct: round(x.cpuPct, 0), fds: x.fds, load1: round(x.load1, 2) })),
        perMinute: streams.map((s) => ({
          stream: s.name,
          rps: s.minutes.map((b) => round(b.latencies.length / 60)),
          p50: s.minutes.map((b) => round(percentile(b.latencies, 50))),
          p99: s.minutes.map((b) => round(percentile(b.latencies, 99))),
          errors: s.minutes.map((b) => b.errors + sum(Object.values(b.unexpected))),
        })),
      },
    });
  } finally {
    for (const instance of instances) instance.stop();
    await stop(app?.child);
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((error: unknown) => console.error("[soak] cleanup failed:", error));
    stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
