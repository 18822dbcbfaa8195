// Idempotency-Key for API submissions: the first successful answer is stored in the same
// transaction as the case it created, so a retry (or a concurrent duplicate) gets that answer back
// instead of a second case. Keys are scoped per token (or per client IP for anonymous Open311).
//
// Stored answers hold the access code in clear (the retrying client needs it), so they are kept
// only IDEMPOTENCY_TTL_HOURS and then purged; an expired key may be used again.
import { createHash } from "node:crypto";
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { ApiError } from "./errors.server";

export const IDEMPOTENCY_TTL_HOURS = 24;
const TTL_MS = IDEMPOTENCY_TTL_HOURS * 3600_000;
const PURGE_EVERY_MS = 10 * 60_000;
/** Every scope this module writes starts with this, so purging never touches other features' keys. */
export const API_SCOPE_PREFIX = "api:";

/** 1–200 printable ASCII characters (RFC 9110 field value, no control characters). */
const KEY_PATTERN = /^[\x20-\x7E]{1,200}$/;

/** The request's Idempotency-Key, null without one; 400 when it is malformed. */
export function readIdempotencyKey(request: Request): string | null {
  const raw = request.headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim();
  if (!KEY_PATTERN.test(key)) throw new ApiError(400, "invalid_idempotency_key", "api:errors.idempotencyKey");
  return key;
}

/** JSON with object keys sorted, so the same content hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestFingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

export type StoredAnswer = { requestHash: string; status: number; body: unknown };

/** A committed, unexpired answer for the key, or null. */
export async function findStoredAnswer(scope: string, key: string, now = new Date()): Promise<StoredAnswer | null> {
  const row = await db.idempotencyKey.findUnique({
    where: { scope_key: { scope, key } },
    select: { requestHash: true, status: true, responseBody: true, createdAt: true },
  });
  if (!row || now.getTime() - row.createdAt.getTime() > TTL_MS) return null;
  return { requestHash: row.requestHash, status: row.status, body: row.responseBody };
}

/** Thrown inside the case's transaction when another request already holds the key: rolls it back. */
export class IdempotencyRace extends Error {
  constructor() {
    super("idempotency key taken by a concurrent request");
    this.name = "IdempotencyRace";
  }
}

/**
 * Records the answer inside the caller's transaction. A live row for the key (committed, or being
 * committed by a concurrent request: the insert waits for it) makes this throw IdempotencyRace;
 * an expired row is overwritten.
 */
export async function saveAnswer(
  tx: Prisma.TransactionClient,
  entry: { scope: string; key: string; requestHash: string; status: number; body: unknown; now?: Date },
): Promise<void> {
  const now = entry.now ?? new Date();
  const cutoff = new Date(now.getTime() - TTL_MS);
  const rows = await tx.$queryRaw<Array<{ scope: string }>>`
    INSERT INTO "IdempotencyKey" ("scope", "key", "requestHash", "status", "responseBody", "createdAt")
    VALUES (${entry.scope}, ${entry.key}, ${entry.requestHash}, ${entry.status}::int, ${JSON.stringify(entry.body)}::jsonb, ${now}::timestamptz)
    ON CONFLICT ("scope", "key") DO UPDATE SET
      "requestHash" = EXCLUDED."requestHash", "status" = EXCLUDED."status",
      "responseBody" = EXCLUDED."responseBody", "createdAt" = EXCLUDED."createdAt"
    WHERE "IdempotencyKey"."createdAt" < ${cutoff}::timestamptz
    RETURNING "scope"`;
  if (rows.length === 0) throw new IdempotencyRace();
}

/** A unique violation on the IdempotencyKey primary key (if a plain insert was ever used). */
export function isIdempotencyKeyViolation(error: unknown): boolean {
  if (error instanceof IdempotencyRace) return true;
  let text = "";
  try {
    text = `${String(error)} ${JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}))}`;
  } catch {
    return false;
  }
  return /IdempotencyKey_pkey|"modelName":"IdempotencyKey"/.test(text) && /23505|P2002|UniqueConstraintViolation/.test(text);
}

export type IdempotentResult = { status: number; body: unknown; replayed: boolean };

function replayOrConflict(stored: StoredAnswer, requestHash: string): IdempotentResult {
  if (stored.requestHash !== requestHash) throw new ApiError(409, "idempotency_conflict", "api:errors.idempotencyConflict");
  // A retry is told it is a retry: 200 instead of the first answer's 201.
  return { status: stored.status === 201 ? 200 : stored.status, body: stored.body, replayed: true };
}

/**
 * Runs `create` at most once per (scope, key) and request content. `create` receives a `save`
 * callback to call inside its transaction with the answer it is about to give.
 */
export async function runIdempotent(options: {
  scope: string;
  key: string | null;
  requestHash: string;
  create: (save: (tx: Prisma.TransactionClient, status: number, body: unknown) => Promise<void>) => Promise<{ status: number; body: unknown }>;
}): Promise<IdempotentResult> {
  const { scope, key, requestHash } = options;
  if (key === null) {
    const result = await options.create(async () => undefined);
    return { ...result, replayed: false };
  }
  await purgeExpiredKeys();
  const stored = await findStoredAnswer(scope, key);
  if (stored) return replayOrConflict(stored, requestHash);
  try {
    const result = await options.create((tx, status, body) => saveAnswer(tx, { scope, key, requestHash, status, body }));
    return { ...result, replayed: false };
  } catch (error) {
    if (!isIdempotencyKeyViolation(error)) throw error;
    const winner = await findStoredAnswer(scope, key);
    if (!winner) throw error;
    return replayOrConflict(winner, requestHash);
  }
}

let lastPurge = 0;

/** Deletes this module's expired keys, at most every few minutes per process. */
export async function purgeExpiredKeys(now = new Date()): Promise<void> {
  if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now.getTime();
  await db.idempotencyKey
    .deleteMany({ where: { scope: { startsWith: API_SCOPE_PREFIX }, createdAt: { lt: new Date(now.getTime() - TTL_MS) } } })
    .catch((error: unknown) => console.error("[api] purging idempotency keys failed:", error));
}
