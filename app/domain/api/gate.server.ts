// Admission control for case submissions (bulkhead). Filing a case takes a row lock on the
// folio counter until its transaction commits; every round trip inside that window waits for
// the event loop, so with dozens of submissions in flight in one process the window (and thus
// throughput) is dominated by queueing behind the others' work. Letting only a few submissions
// run at once per process keeps the window short; the rest wait here without using CPU, and
// beyond a bounded queue the API answers 503 with Retry-After instead of timing out.
import { z } from "zod";
import { ApiError } from "./errors.server";

export const DEFAULT_CREATE_CONCURRENCY = 4;
const MAX_QUEUE = 1_000;
const MAX_WAIT_MS = 15_000;

export class GateFullError extends ApiError {
  constructor(retryAfterSeconds = 2) {
    super(503, "busy", "api:errors.unavailable", { seconds: retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
}

export class Gate {
  private active = 0;
  private readonly waiting: Array<{ start: () => void; timer: NodeJS.Timeout }> = [];

  constructor(
    private readonly limit: number,
    private readonly maxQueue = MAX_QUEUE,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  get inFlight() {
    return this.active;
  }

  get queued() {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await this.enqueue();
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.start(); // hands this slot over: active stays the same
      } else {
        this.active -= 1;
      }
    }
  }

  private enqueue(): Promise<void> {
    if (this.waiting.length >= this.maxQueue) return Promise.reject(new GateFullError());
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: resolve,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(entry);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(new GateFullError());
        }, this.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }
}

const ConcurrencySchema = z.coerce.number().int().min(1).max(1_000);

export function createConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.API_CREATE_CONCURRENCY;
  if (raw === undefined || raw.trim() === "") return DEFAULT_CREATE_CONCURRENCY;
  const parsed = ConcurrencySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid environment:\n  API_CREATE_CONCURRENCY: must be a whole number from 1 to 1000 (got "${raw}")`);
  return parsed.data;
}

let submissions: Gate | undefined;

/** The process-wide gate every API case submission goes through. */
export function submissionGate(): Gate {
  submissions ??= new Gate(createConcurrency());
  return submissions;
}
