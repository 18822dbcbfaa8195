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
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedAppDatabase } from "./app-database";
import {
  benchTarget,
  caseBody,
  CONNECTIONS,
  databaseUrl,
  DURATION,
  machineLine,
  measure,
  measureFloor,
  measureRow,
  printBenchResult,
  requireBuild,
  startApp,
  startServer,
  stop,
  table,
  WARMUP,
  withClient,
  type Measure,
} from "./harness";

const API_TOKEN = "oirs_bench_token_0123456789abcdef";
const TARGET_RATIO = 0.2;
const TARGET_P99_MS = 100;


function report(floor: Measure, app: Measure, extra: Measure[]) {
  const ratio = app.rps / floor.rps;
  const lines = [
    machineLine(),
    `autocannon: ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), POST /api/v1/cases with a bearer token`,
    "",
    ...table([floor, app, ...extra]),
    "",
    `app / floor throughput: ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO}) — ${ratio >= TARGET_RATIO ? "met" : "MISSED"}`,
    `app p99: ${app.p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms) — ${app.p99 <= TARGET_P99_MS ? "met" : "MISSED"}`,
  ];
  console.log(lines.join("\n"));
  for (const m of [floor, app, ...extra]) if (m.non2xx > 0) console.log(`status codes (${m.label}): ${JSON.stringify(m.statuses)}`);
  printBenchResult({
    bench: "api",
    figures: [floor, app, ...extra].map(measureRow),
    targets: [benchTarget("app / floor throughput", ratio, TARGET_RATIO, "×", "higher"), benchTarget("app p99", app.p99, TARGET_P99_MS, "ms", "lower")],
    notes: [`autocannon: ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up`],
    data: { floor, app, extra, ratio },
  });
}

async function main() {
  requireBuild();
  const { serverUrl, stopServer } = await startServer();
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const floorDb = `oirs_bench_floor_${suffix}`;
  const appDb = `oirs_bench_app_${suffix}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-data-"));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await withClient(serverUrl, async (c) => {
      await c.query(`CREATE DATABASE ${floorDb}`);
      await c.query(`CREATE DATABASE ${appDb}`);
    });
    const floorResult = await measureFloor(serverUrl, floorDb, caseBody);

    // The app: migrate and seed a fresh database (production never seeds), then serve.
    const appUrl = databaseUrl(serverUrl, appDb);
    await seedAppDatabase(appUrl, { password: "bench-password-2026", apiToken: API_TOKEN });

    app = await startApp(appUrl, dataDir);
    const headers = { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` };
    const probe = await fetch(`${app.base}/api/v1/cases`, { method: "POST", headers, body: caseBody });
    if (probe.status !== 201) throw new Error(`the app refused the bench request: ${probe.status} ${await probe.text()}`);
    console.log("[bench] measuring the app (POST /api/v1/cases)…");
    const appResult = await measure("app: POST /api/v1/cases", `${app.base}/api/v1/cases`, { headers, body: caseBody });
    const extra: Measure[] = [];
    if (process.env.BENCH_IDEMPOTENCY) {
      console.log("[bench] measuring the app with a fresh Idempotency-Key per request…");
      let n = 0;
      extra.push(
        await measure("app: same, with Idempotency-Key", `${app.base}/api/v1/cases`, {
          headers,
          body: caseBody,
          setup: (req) => ({ ...req, headers: { ...req.headers, "Idempotency-Key": `bench-${process.pid}-${++n}` } }),
        }),
      );
    }
    await stop(app.child);
    report(floorResult, appResult, extra);
  } finally {
    await stop(app?.child);
    await withClient(serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${floorDb} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${appDb} WITH (FORCE)`);
    }).catch((error: unknown) => console.error("[bench] cleanup failed:", error));
    stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
