// The deadline scheduler's loop: one per process, like the outbox worker. Each run scans for
// deadline alerts and sends the daily digests that are due, then sleeps for `intervalMs`. Runs never
// overlap (a setTimeout chain, rescheduled only after a run ends), and no error stops the loop or
// the process: it is logged and the next run tries again. Running it in several app instances is
// safe: alerts and digests are "once" by database constraints (see scheduler.server.ts).
import { startLoop } from "~/utils/loop.server";
import { toLocalDate } from "./calendar";
import { runDailyDigests, runDeadlineScan } from "./scheduler.server";

export type Scheduler = { stop(): Promise<void> };

export function startScheduler(options: { intervalMs?: number } = {}): Scheduler {
  // The local day whose digest pass completed in this process: later runs that day skip the
  // (cheap but pointless) per-user query. Another process, or a restart, still finds nothing to send.
  let digestsDoneFor: string | undefined;

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
    },
  });
}
