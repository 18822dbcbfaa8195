// A background loop for work that repeats every few seconds in each app process (the outbox
// worker, the deadline scheduler). Runs never overlap: the next one is scheduled only after the
// previous ends. The loop never keeps the process alive (scripts, tests), and stop() waits for a
// run in progress. `run` must catch its own errors; whatever escapes is logged, never thrown.
export type Loop = { stop(): Promise<void> };

export function startLoop(options: { name: string; intervalMs: number; run: (isStopped: () => boolean) => Promise<void> }): Loop {
  const intervalMs = Math.max(10, options.intervalMs);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const isStopped = () => stopped;

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = options
        .run(isStopped)
        .catch((error) => console.error(`[${options.name}] run failed:`, error instanceof Error ? error.message : error))
        .finally(() => {
          running = undefined;
          schedule(intervalMs);
        });
    }, delay);
    timer.unref();
  }

  schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
