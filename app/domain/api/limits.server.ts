// Rate limits of the APIs, in PostgreSQL (shared by every app instance):
// - per token: API_RATE_LIMIT_PER_MINUTE requests a minute (default 600);
// - Open311 requests without api_key (a citizen's own app): 10 submissions per 10 minutes per IP.
import { z } from "zod";
import { createLimiter, hit, type LimitResult } from "~/domain/security/rate-limit.server";

export const DEFAULT_TOKEN_LIMIT_PER_MINUTE = 600;
export const OPEN311_ANONYMOUS_LIMIT = { points: 10, durationSeconds: 10 * 60 } as const;

const LimitSchema = z.coerce.number().int().min(1).max(1_000_000);

/** The per-token budget from the environment; a malformed value is a configuration error. */
export function tokenLimitPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.API_RATE_LIMIT_PER_MINUTE;
  if (raw === undefined || raw.trim() === "") return DEFAULT_TOKEN_LIMIT_PER_MINUTE;
  const parsed = LimitSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid environment:\n  API_RATE_LIMIT_PER_MINUTE: must be a whole number from 1 to 1000000 (got "${raw}")`);
  return parsed.data;
}

// One limiter per budget value, so a changed environment (tests) takes effect without a restart.
const tokenLimiters = new Map<number, ReturnType<typeof createLimiter>>();
let anonymousLimiter: ReturnType<typeof createLimiter> | undefined;

export async function hitTokenLimit(tokenId: string): Promise<LimitResult> {
  const points = tokenLimitPerMinute();
  let limiter = tokenLimiters.get(points);
  if (!limiter) {
    limiter = createLimiter({ keyPrefix: "api-token", points, durationSeconds: 60 });
    tokenLimiters.set(points, limiter);
  }
  return hit(limiter, tokenId);
}

export async function hitOpen311AnonymousLimit(ip: string): Promise<LimitResult> {
  anonymousLimiter ??= createLimiter({ keyPrefix: "open311-anon", ...OPEN311_ANONYMOUS_LIMIT });
  return hit(anonymousLimiter, ip);
}
