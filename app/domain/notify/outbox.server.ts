// Side effects leave through the Outbox table (DESIGN.md §3): a row is written in the same transaction as
// its cause, and a worker claims due rows with FOR UPDATE SKIP LOCKED plus a time-limited lease, sends
// them, and marks them SENT only while the lease is still its own. Failures retry with exponential
// backoff; after MAX_ATTEMPTS a row is FAILED and stays visible in outboxStats().
import { db } from "~/db/client.server";
import { isDatabaseUnavailable } from "~/domain/api/errors.server";
import type { Prisma } from "~/generated/prisma/client";
import { resolveAttachments, type AttachmentRef, type ResolvedAttachmentCache } from "./attachments.server";
import type { Mailer } from "./mailer.server";

type Tx = Prisma.TransactionClient;

export const MAX_ATTEMPTS = 10;
const BASE_DELAY_SECONDS = 30;
const MAX_DELAY_SECONDS = 60 * 60;
const DEFAULT_LIMIT = 10;
const DEFAULT_LOCK_SECONDS = 120;
/** The longest one SMTP send can take with the mailer's timeouts; never start a send closer than this to the lease's end. */
const SEND_BUDGET_MS = 30_000;

export type EmailPayload = {
  kind: string;
  to: string;
  subject: string;
  /** Null once sent: the body can hold secrets (a tracking access code). */
  text: string | null;
  html: string | null;
  /** Files attached at send time, described (never their bytes): see attachments.server.ts. */
  attachments?: AttachmentRef[];
};

export type EnqueueEmailInput = {
  institutionId?: string | null;
  /** Unique across the outbox: a second enqueue with the same key is silently ignored. */
  dedupeKey?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the email is, for logs and statistics (e.g. "case-received"). */
  kind: string;
  /** Resolved into files by the worker when it sends (e.g. the implementation report). */
  attachments?: AttachmentRef[];
};

/**
 * Adds an email to the outbox. Pass the transaction client of the change that causes the email so
 * both commit or neither does. Returns the new row's id, or null when `dedupeKey` was already used
 * (that is not an error and does not abort the caller's transaction).
 */
export async function enqueueEmail(tx: Tx, input: EnqueueEmailInput): Promise<{ id: string } | null> {
  if (!input.to.trim()) throw new Error("enqueueEmail: empty recipient");
  const payload: EmailPayload = { kind: input.kind, to: input.to.trim(), subject: input.subject, text: input.text, html: input.html };
  if (input.attachments?.length) payload.attachments = input.attachments;
  // ON CONFLICT DO NOTHING: a duplicate key must not abort the surrounding PostgreSQL transaction.
  const rows = await tx.outbox.createManyAndReturn({
    data: [{ institutionId: input.institutionId ?? null, dedupeKey: input.dedupeKey ?? null, type: "email", payload }],
    skipDuplicates: true,
    select: { id: true },
  });
  return rows[0] ?? null;
}

export type ClaimedRow = {
  id: string;
  institutionId: string | null;
  type: string;
  payload: unknown;
  /** Including the current attempt. */
  attempts: number;
  /** The lease; the row is ours while it still holds exactly this value. */
  lockedUntil: Date;
};

/**
 * Leases up to `limit` due rows for `lockSeconds`, oldest first, in one statement. Rows leased by
 * another worker (row lock or unexpired lease) are skipped. `now` overrides the database clock (tests).
 */
export async function claimOutboxBatch(options: { limit: number; lockSeconds: number; now?: Date }): Promise<ClaimedRow[]> {
  const now = options.now ?? null;
  const limit = Math.max(1, Math.floor(options.limit));
  const lockSeconds = Math.max(1, options.lockSeconds);
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "Outbox"
       SET "lockedUntil" = COALESCE(${now}::timestamptz, now()) + make_interval(secs => ${lockSeconds}::double precision),
           "attempts" = "attempts" + 1
     WHERE "id" IN (
             SELECT "id" FROM "Outbox"
              WHERE "status" = 'PENDING'::"OutboxStatus"
                AND "nextAttemptAt" <= COALESCE(${now}::timestamptz, now())
                AND ("lockedUntil" IS NULL OR "lockedUntil" < COALESCE(${now}::timestamptz, now()))
              ORDER BY "createdAt", "id"
              LIMIT ${limit}::int
                FOR UPDATE SKIP LOCKED)
       AND "status" = 'PENDING'::"OutboxStatus"
 RETURNING "id", "institutionId", "type", "payload", "attempts", "lockedUntil"`;
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts), lockedUntil: new Date(row.lockedUntil) }));
}

export type ProcessResult = { sent: number; failed: number; retried: number; claimed: number };

/**
 * One pass of the worker: claims a batch, sends each email, and records the outcome. `failed` counts
 * rows that reached FAILED in this pass; `retried` those rescheduled with backoff.
 */
export async function processOutboxOnce(options: {
  mailer: Mailer;
  now?: Date;
  limit?: number;
  lockSeconds?: number;
}): Promise<ProcessResult> {
  const lockSeconds = options.lockSeconds ?? DEFAULT_LOCK_SECONDS;
  const claimedAt = performance.now();
  const rows = await claimOutboxBatch({ limit: options.limit ?? DEFAULT_LIMIT, lockSeconds, now: options.now });
  const result: ProcessResult = { sent: 0, failed: 0, retried: 0, claimed: rows.length };
  const budget = Math.min(SEND_BUDGET_MS, (lockSeconds * 1000) / 2);
  // Rows of one batch often share an attachment (a report to every recipient): built once per batch.
  const attachmentCache: ResolvedAttachmentCache = new Map();

  for (const row of rows) {
    // Past this point the lease could expire mid-send and another worker could send the same row.
    // Leave the rest for the next claim (the attempt already counted is a small price).
    if (performance.now() - claimedAt + budget > lockSeconds * 1000) break;

    let error: unknown;
    try {
      const message = await emailMessage(row, attachmentCache);
      await options.mailer.send(message);
    } catch (caught) {
      error = caught ?? new Error("unknown error");
    }

    if (error === undefined) {
      const marked = await markSentWhileLeased(row, options.now, claimedAt + lockSeconds * 1000 - MARK_MARGIN_MS);
      if (!marked) console.error(`[outbox] ${row.id}: sent, but the lease had passed to another worker`);
      result.sent++;
    } else {
      const outcome = await markFailure(row, error, options.now);
      if (outcome === "FAILED") result.failed++;
      else if (outcome === "PENDING") result.retried++;
      console.error(
        `[outbox] ${row.id}: attempt ${row.attempts} failed${outcome === "FAILED" ? " (giving up)" : ""}: ${errorText(error)}`,
      );
    }
  }
  return result;
}

class PermanentError extends Error {}

async function emailMessage(row: ClaimedRow, attachmentCache: ResolvedAttachmentCache) {
  if (row.type !== "email") throw new PermanentError(`unknown outbox type "${row.type}"`);
  const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Partial<EmailPayload> | null;
  if (!payload?.to || typeof payload.subject !== "string" || typeof payload.text !== "string" || typeof payload.html !== "string") {
    throw new PermanentError("malformed email payload");
  }
  const resolved = payload.attachments?.length ? await resolveAttachments(payload.attachments, { institutionId: row.institutionId }, attachmentCache) : null;
  if (resolved && !resolved.ok) throw new PermanentError(resolved.error);
  return {
    to: payload.to,
    subject: payload.subject,
    text: payload.text,
    html: payload.html,
    headers: { "X-OIRS-Outbox-Id": row.id },
    ...(resolved?.ok && resolved.attachments.length ? { attachments: resolved.attachments } : {}),
  };
}

/** How long before the lease ends a worker stops trying to record a send (clocks and round trips). */
const MARK_MARGIN_MS = 10_000;
const MARK_RETRY_MS = 1000;

/**
 * The message is out: record it, trying again while the database is unreachable and the lease
 * still holds (`until`, on performance.now()'s clock). No other worker can take the row before the
 * lease ends, so an outage shorter than that right after a send does not make the email go out twice.
 */
async function markSentWhileLeased(row: ClaimedRow, now: Date | undefined, until: number): Promise<boolean> {
  for (;;) {
    try {
      return await markSent(row, now);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || performance.now() + MARK_RETRY_MS > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS));
    }
  }
}

/** SENT, and the body dropped (it may hold the tracking access code) — only while the lease is ours. */
async function markSent(row: ClaimedRow, now: Date | undefined): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "Outbox"
       SET "status" = 'SENT'::"OutboxStatus",
           "sentAt" = COALESCE(${now ?? null}::timestamptz, now()),
           "lockedUntil" = NULL,
           "lastError" = NULL,
           "payload" = CASE WHEN jsonb_typeof("payload") = 'object'
                            THEN "payload" || '{"text": null, "html": null}'::jsonb
                            ELSE "payload" END
     WHERE "id" = ${row.id}::uuid
       AND "status" = 'PENDING'::"OutboxStatus"
       AND "lockedUntil" = ${row.lockedUntil}::timestamptz`;
  return count === 1;
}

/** Backoff before attempt n+1: 30 s × 2^(n-1), at most one hour, ±10 % jitter so retries spread out. */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

async function markFailure(row: ClaimedRow, error: unknown, now: Date | undefined): Promise<"PENDING" | "FAILED" | "LOST"> {
  const status = error instanceof PermanentError || row.attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
  const delay = status === "FAILED" ? 0 : retryDelaySeconds(row.attempts);
  const count = await db.$executeRaw`
    UPDATE "Outbox"
       SET "status" = ${status}::"OutboxStatus",
           "lastError" = ${errorText(error).slice(0, 2000)},
           "nextAttemptAt" = COALESCE(${now ?? null}::timestamptz, now()) + make_interval(secs => ${delay}::double precision),
           "lockedUntil" = NULL
     WHERE "id" = ${row.id}::uuid
       AND "status" = 'PENDING'::"OutboxStatus"
       AND "lockedUntil" = ${row.lockedUntil}::timestamptz`;
  return count === 1 ? status : "LOST";
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export type OutboxStats = Record<"PENDING" | "SENT" | "FAILED", number>;

/** Rows per status (health check, dashboard). */
export async function outboxStats(): Promise<OutboxStats> {
  const groups = await db.outbox.groupBy({ by: ["status"], _count: { _all: true } });
  const stats: OutboxStats = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const group of groups) stats[group.status] = group._count._all;
  return stats;
}
