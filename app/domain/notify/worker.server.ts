// The outbox worker: one loop per process. Each run drains due rows batch by batch, then sleeps for
// `intervalMs`. Runs never overlap (a setTimeout chain, rescheduled only after a run ends), and no
// error stops the loop or the process: it is logged and the next run tries again.
import { getMailer, type Mailer } from "./mailer.server";
import { startLoop } from "~/utils/loop.server";
import { processOutboxOnce } from "./outbox.server";

export type OutboxWorker = { stop(): Promise<void> };

/** Upper bound on batches per run, so a huge backlog still yields to stop() and logs progress. */
const MAX_BATCHES_PER_RUN = 100;

export function startOutboxWorker(options: { intervalMs?: number; mailer?: Mailer } = {}): OutboxWorker {
  return startLoop({
    name: "outbox",
    intervalMs: options.intervalMs ?? 2000,
    async run(isStopped) {
      try {
        const mailer = options.mailer ?? getMailer();
        for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !isStopped(); batch++) {
          const result = await processOutboxOnce({ mailer });
          if (result.claimed === 0) break;
        }
      } catch (error) {
        console.error("[outbox] worker run failed:", error instanceof Error ? error.message : error);
      }
    },
  });
}
