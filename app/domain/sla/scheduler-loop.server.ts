// The deadline scheduler's loop: one per process, like the outbox worker. Each run scans for
// deadline alerts, sends the daily digests that are due and applies the personal-data retention
// policy, then sleeps for `intervalMs`. Runs never overlap (a setTimeout chain, rescheduled only
// after a run ends), and no error stops the loop or the process: it is logged and the next run
// tries again. Running it in several app instances is safe: alerts and digests are "once" by
// database constraints (see scheduler.server.ts), anonymisation by row locks and a state column
// (see privacy/anonymise.server.ts).
import { runRetention } from "~/domain/privacy/anonymise.server";
import { startLoop } from "~/utils/loop.server";
import { toLocalDate } from "./calendar";
import { runDailyDigests, runDeadlineScan } from "./scheduler.server";

export type Scheduler = { stop(): Promise<void> };

/** With nothing (more) due, the retention policy is applied again after this long. */
export const RETENTION_IDLE_MS = 60 * 60 * 1000;
/** After a failed retention run. */
const RETENTION_RETRY_MS = 10 * 60 * 1000;

export function startScheduler(options: { intervalMs?: number } = {}): Scheduler {
  // The local day whose digest pass completed in this process: later runs that day skip the
  // (cheap but pointless) per-user query. Another process, or a restart, still finds nothing to send.
  let digestsDoneFor: string | undefined;
  // When this process next applies the retention policy: at start, then hourly; on every run while
  // a backlog remains (one batch of 500 cases per institution per run).
  let retentionDueAt = 0;

  return startLoop({
    name: "scheduler",
    intervalMs: options.intervalMs ?? 60_000,
    async run(isStopped) {
      try {
        const scan = await runDeadlineScan();
        if (scan.warned || scan.escalated || scan.failed) {
          console.log(`[scheduler] deadline scan: ${scan.warned} warned, ${scan.escalated} escalated, ${scan.emails} emails, ${scan.failed} failed`);
        }
      } catch (error) {
        console.error("[scheduler] deadline scan failed:", error instanceof Error ? error.message : error);
      }
      if (isStopped()) return;
      try {
        if (digestsDoneFor !== toLocalDate(new Date())) {
          const digests = await runDailyDigests();
          if (digests.sent || digests.failed) console.log(`[scheduler] daily digests for ${digests.day}: ${digests.sent} sent, ${digests.failed} failed`);
          if (digests.status === "done" && digests.failed === 0) digestsDoneFor = digests.day;
        }
      } catch (error) {
        console.error("[scheduler] daily digests failed:", error instanceof Error ? error.message : error);
      }
      if (isStopped() || Date.now() < retentionDueAt) return;
      try {
        const retention = await runRetention();
        if (retention.anonymised || retention.failed) {
          console.log(`[scheduler] retention: ${retention.anonymised} cases anonymised, ${retention.files} files deleted, ${retention.failed} failed`);
        }
        retentionDueAt = retention.more ? 0 : Date.now() + RETENTION_IDLE_MS;
      } catch (error) {
        retentionDueAt = Date.now() + RETENTION_RETRY_MS;
        console.error("[scheduler] retention failed:", error instanceof Error ? error.message : error);
      }
    },
  });
}
