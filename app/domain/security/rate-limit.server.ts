// Rate limits stored in PostgreSQL (table rate_limits), so they hold across app instances.
// rate-limiter-flexible's PostgreSQL store runs one atomic upsert per hit; we give it a tiny
// client that sends its queries through the app's raw SQL handle (PGlite or the pg pool).
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { rawSql } from "~/db/client.server";

type Query = { text: string; values?: unknown[] };

const sqlQueryClient = {
  async query(q: Query) {
    const values = (q.values ?? []).map((v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v) : v));
    // Direct SQL on the app's connections: one hit per limited request, so it is a hot path.
    const rows = await rawSql().query<Record<string, unknown>>(castParams(q.text), values);
    if (/^\s*delete/i.test(q.text)) return { rows: [], rowCount: rows.length };
    // expire is bigint: hand it back as a number, as node-postgres would for this range.
    return {
      rows: rows.map((r) => ({ ...r, expire: r.expire == null ? null : Number(r.expire) })),
      rowCount: rows.length,
    };
  },
};

// Explicit casts: parameters arrive untyped (PGlite) or as numeric; the columns are integer and bigint.
function castParams(text: string): string {
  return text
    .replace(/VALUES \(\$1, \$2, \$3\)/, "VALUES ($1::varchar, $2::int, $3::bigint)")
    .replace(/\(\$2\)/g, "($2::int)")
    .replace(/<= \$4/g, "<= $4::bigint")
    .replace(/THEN \$3/g, "THEN $3::bigint")
    .replace(/ \$3 $/m, " $3::bigint ")
    .replace(/expire > \$2/g, "expire > $2::bigint");
}

export function createLimiter(options: { keyPrefix: string; points: number; durationSeconds: number }) {
  return new RateLimiterPostgres({
    storeClient: sqlQueryClient,
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    clearExpiredByTimeout: false,
  });
}

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one hit; refuses once the budget is spent. */
export async function hit(limiter: RateLimiterPostgres, key: string): Promise<LimitResult> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    throw error;
  }
}

/** Whether the key has already used its budget, without counting a hit. */
export async function isBlocked(limiter: RateLimiterPostgres, key: string): Promise<LimitResult> {
  const res = await limiter.get(key);
  if (res && res.consumedPoints >= limiter.points) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }
  return { allowed: true };
}
