// Load test of POST /api/v1/survey-responses against its floor, in one run (npm run bench:surveys):
//   (a) floor: a bare node:http server doing one INSERT per POST through pg.Pool;
//   (b) app:   the real server (production build) answering with a fresh invitation token per
//       request (each token is single-use), then (c) the same with a fresh Idempotency-Key each.
// autocannon, 50 connections, BENCH_DURATION seconds (default 10) after a 3 s warm-up.
// Target (issue 5): app throughput ≥ 0.35 × floor, p99 ≤ 60 ms.
// Needs a prior `npm run build`; uses DATABASE_URL or starts a throwaway PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSurveyInvitations, seedAppDatabase } from "./app-database";
import {
  benchTarget,
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
  surveyAnswers,
  table,
  WARMUP,
  withClient,
  type Measure,
} from "./harness";

const TARGET_RATIO = 0.35;
const TARGET_P99_MS = 60;
const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 400_000);

const bodyFor = (token: string) => JSON.stringify({ invitationToken: token, answers: surveyAnswers, locale: "es" });

async function main() {
  requireBuild();
  const { serverUrl, stopServer } = await startServer();
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const floorDb = `oirs_bench_floor_${suffix}`;
  const appDb = `oirs_bench_surveys_${suffix}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-bench-data-"));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await withClient(serverUrl, async (c) => {
      await c.query(`CREATE DATABASE ${floorDb}`);
      await c.query(`CREATE DATABASE ${appDb}`);
    });
    const floor = await measureFloor(serverUrl, floorDb, bodyFor("floor"));

    const appUrl = databaseUrl(serverUrl, appDb);
    await seedAppDatabase(appUrl, { password: "bench-password-2026" });
    console.log(`[bench] creating ${INVITATIONS} invitations…`);
    await createSurveyInvitations(appUrl, INVITATIONS, "bench-");

    app = await startApp(appUrl, dataDir);
    const url = `${app.base}/api/v1/survey-responses`;
    const headers = { "content-type": "application/json" };
    let next = 0;
    const probe = await fetch(url, { method: "POST", headers, body: bodyFor(`bench-${++next}`) });
    if (probe.status !== 201) throw new Error(`the app refused the bench request: ${probe.status} ${await probe.text()}`);
    console.log("[bench] measuring the app (POST /api/v1/survey-responses, a fresh invitation per request)…");
    const fresh = (req: { headers: Record<string, string>; body: string }) => ({ ...req, body: bodyFor(`bench-${++next}`) });
    const plain = await measure("app: survey response (invitation token)", url, { headers, body: bodyFor("x"), setup: fresh });
    console.log(table([floor, plain]).join("\n"));
    console.log("[bench] …and with a fresh Idempotency-Key per request…");
    const keyed = await measure("app: same, with Idempotency-Key", url, {
      headers,
      body: bodyFor("x"),
      setup: (req) => ({ ...req, headers: { ...req.headers, "Idempotency-Key": `bench-key-${next + 1}` }, body: bodyFor(`bench-${++next}`) }),
    });
    if (next > INVITATIONS) console.warn(`[bench] ran out of invitations (${next} > ${INVITATIONS}): raise BENCH_INVITATIONS`);
    await stop(app.child);

    const ratio = plain.rps / floor.rps;
    const keyedRatio = keyed.rps / floor.rps;
    console.log(
      [
        machineLine(),
        `autocannon: ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), POST /api/v1/survey-responses`,
        "",
        ...table([floor, plain, keyed]),
        "",
        `app / floor throughput: ${ratio.toFixed(3)} (with Idempotency-Key ${keyedRatio.toFixed(3)}; target ≥ ${TARGET_RATIO}) — ${ratio >= TARGET_RATIO ? "met" : "MISSED"}`,
        `app p99: ${plain.p99.toFixed(1)} ms (with Idempotency-Key ${keyed.p99.toFixed(1)} ms; target ≤ ${TARGET_P99_MS} ms) — ${plain.p99 <= TARGET_P99_MS ? "met" : "MISSED"}`,
      ].join("\n"),
    );
    for (const m of [floor, plain, keyed] as Measure[]) if (m.non2xx > 0) console.log(`status codes (${m.label}): ${JSON.stringify(m.statuses)}`);
    printBenchResult({
      bench: "surveys",
      figures: [floor, plain, keyed].map(measureRow),
      targets: [
        benchTarget("app / floor throughput", ratio, TARGET_RATIO, "×", "higher"),
        benchTarget("app p99", plain.p99, TARGET_P99_MS, "ms", "lower"),
        benchTarget("app / floor throughput, with Idempotency-Key", keyedRatio, TARGET_RATIO, "×", "higher"),
        benchTarget("app p99, with Idempotency-Key", keyed.p99, TARGET_P99_MS, "ms", "lower"),
      ],
      notes: [`autocannon: ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up`],
      data: { floor, app: plain, keyed, ratio, keyedRatio },
    });
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
