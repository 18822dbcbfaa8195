// The OIRS server: applies migrations, seeds a demo institution on an empty database (never in
// production), then serves the Remix app with Express.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { openDatabase } from "~/db/client.server";
import { applyMigrations } from "~/db/migrate.server";
import { closeMailer } from "~/domain/notify/mailer.server";
import { startOutboxWorker } from "~/domain/notify/worker.server";
import { startScheduler } from "~/domain/sla/scheduler-loop.server";
import { getEnv, publicUrl } from "~/utils/env.server";
import { seedIfEmpty } from "../../prisma/seed";
import { hotPathsOf } from "./fast-api";
import { securityHeaders } from "./security-headers";

const env = getEnv();

async function main() {
  const database = openDatabase();
  await applyMigrations(database);

  if (env.NODE_ENV !== "production") {
    const summary = await seedIfEmpty(database.prisma, {
      password: env.SEED_PASSWORD ?? "oirs-demo-2026",
      apiToken: env.SEED_API_TOKEN,
      posterCode: env.SEED_POSTER_CODE,
      kioskCode: env.SEED_KIOSK_CODE,
    });
    if (summary) printSeedSummary(summary);
  }

  // Outbox worker (emails): one per process, after migrations; stopped before the database closes.
  const outboxWorker = startOutboxWorker({ intervalMs: env.OUTBOX_INTERVAL_MS });
  // Deadline scheduler (alerts, daily digests): one per process; once-only is a database guarantee.
  const scheduler = startScheduler({ intervalMs: env.SCHEDULER_INTERVAL_MS });

  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);
  // Every response: nosniff, Referrer-Policy, X-Frame-Options, Permissions-Policy, and a CSP chosen by
  // its Content-Type (HTML pages: scripts need this request's nonce, res.locals.cspNonce).
  app.use(securityHeaders);
  app.use(compression());
  // Fingerprinted assets from the Remix build can be cached forever.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use((req, _res, next) => {
    // Pass the socket address to Remix; clientIp() decides whether to trust X-Forwarded-For.
    req.headers["x-oirs-remote-address"] = req.socket.remoteAddress ?? "unknown";
    next();
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      // app/entry.server.tsx puts the nonce on Remix's inline scripts and in the page's CSP.
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );

  // The hot JSON submissions (small bodies, bursts of clients) are answered before Express.
  const answerHotPath = hotPathsOf(build);
  const server = http.createServer((req, res) => {
    if (!answerHotPath(req, res)) app(req, res);
  });
  server.listen(env.PORT, env.HOST, () => {
    console.log(`[oirs] listening on ${publicUrl()} (${database.target.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})`);
  });

  const shutdown = (signal: string) => {
    console.log(`[oirs] ${signal}: shutting down`);
    server.close(async () => {
      await scheduler.stop().catch((error) => console.error("[scheduler] stop failed:", error));
      await outboxWorker.stop().catch((error) => console.error("[outbox] stop failed:", error));
      closeMailer();
      await database.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

function printSeedSummary(summary: NonNullable<Awaited<ReturnType<typeof seedIfEmpty>>>) {
  console.log("[seed] Demo institution created. Sign in at " + publicUrl() + "/login with:");
  for (const u of summary.users) console.log(`[seed]   ${u.role.padEnd(14)} ${u.email}`);
  console.log(`[seed]   password: ${summary.password}`);
  console.log(`[seed] API token (all scopes): ${summary.apiToken}`);
  console.log(`[seed] Survey poster codes: ${summary.posterCodes.join(", ")}`);
  console.log(`[seed] Kiosk enrolment code: ${summary.kioskCode}`);
}

main().catch((error) => {
  console.error("[oirs] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
