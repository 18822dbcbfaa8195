// API tokens for `Authorization: Bearer …` (checked in domain/api/tokens.server.ts). A token is
// `oirs_` + 32 random bytes in hex; it is returned once, when created, and only its SHA-256 and
// its first characters (the prefix, to tell tokens apart) are stored. Every change is audited,
// with the prefix but never the token.
import { createHash, randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { apiTokenStatus, isApiScope, sortScopes, type ApiScopeName } from "./api-scopes";
import { audit } from "./audit.server";
import { clearTokenCache } from "~/domain/api/tokens.server";

export const API_TOKEN_PREFIX = "oirs_";
/** "oirs_" and 7 hex digits: enough to tell tokens apart, far too little to guess the rest. */
export const API_TOKEN_PREFIX_LENGTH = 12;
const TOKEN_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CreateApiTokenInput = {
  name: string;
  scopes: readonly string[];
  /** Days from now; null or missing (and no expiresAt): never expires. */
  expiresInDays?: number | null;
  /** An exact expiry, instead of expiresInDays. */
  expiresAt?: Date | null;
};

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  createdBy: { select: { name: true } },
} as const;

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A new random token: `oirs_` and 64 hex digits. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString("hex");
}

function expiryOf(input: CreateApiTokenInput, now: Date): Date | null {
  if (input.expiresAt) return input.expiresAt;
  const days = input.expiresInDays;
  if (days === null || days === undefined) return null;
  if (!Number.isInteger(days) || days < 1) throw new RangeError("expiresInDays must be a positive integer");
  return new Date(now.getTime() + days * DAY_MS);
}

/**
 * Creates a token and returns it in plain text — the only time it is available — with the stored
 * row. Scopes are stored once each in a fixed order; at least one known scope is required.
 */
export async function createApiToken({
  institutionId,
  actorId,
  input,
  now = new Date(),
}: {
  institutionId: string;
  actorId: string;
  input: CreateApiTokenInput;
  now?: Date;
}): Promise<{ token: string; row: ApiTokenRow }> {
  const name = input.name.trim();
  if (!name) throw new RangeError("A token needs a name");
  const unknown = input.scopes.filter((scope) => !isApiScope(scope));
  if (unknown.length > 0) throw new RangeError(`Unknown API scopes: ${unknown.join(", ")}`);
  const scopes: ApiScopeName[] = sortScopes(input.scopes);
  if (scopes.length === 0) throw new RangeError("A token needs at least one scope");
  const expiresAt = expiryOf(input, now);

  const token = generateApiToken();
  const prefix = token.slice(0, API_TOKEN_PREFIX_LENGTH);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { institutionId, name, prefix, tokenHash: sha256(token), scopes, expiresAt, createdById: actorId, createdAt: now },
      select: tokenSelect,
    });
    await audit(tx, {
      institutionId,
      actorId,
      action: "apiToken.create",
      entity: "ApiToken",
      entityId: created.id,
      data: { name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, row: { ...row, status: apiTokenStatus(row, now) } };
}

export type ApiTokenRow = Awaited<ReturnType<typeof findTokens>>[number] & { status: ReturnType<typeof apiTokenStatus> };

function findTokens(where: { institutionId: string; id?: string }) {
  return db.apiToken.findMany({ where, orderBy: [{ createdAt: "desc" }, { name: "asc" }], select: tokenSelect });
}

/** The institution's tokens, newest first, each with its status (active, expired or revoked) at `now`. */
export async function listApiTokens({ institutionId, now = new Date() }: { institutionId: string; now?: Date }): Promise<ApiTokenRow[]> {
  return (await findTokens({ institutionId })).map((row) => ({ ...row, status: apiTokenStatus(row, now) }));
}

export async function getApiToken({ institutionId, id, now = new Date() }: { institutionId: string; id: string; now?: Date }): Promise<ApiTokenRow | null> {
  const [row] = await findTokens({ institutionId, id });
  return row ? { ...row, status: apiTokenStatus(row, now) } : null;
}

/**
 * Revokes a token at once and for good. Idempotent: revoking a revoked token keeps the first
 * revocation date and is not audited again. False when the institution has no such token.
 */
export async function revokeApiToken({
  institutionId,
  actorId,
  id,
  now = new Date(),
}: {
  institutionId: string;
  actorId: string;
  id: string;
  now?: Date;
}): Promise<boolean> {
  const revoked = await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { institutionId, id }, select: { name: true, prefix: true, revokedAt: true } });
    if (!token) return false;
    if (token.revokedAt) return true;
    const { count } = await tx.apiToken.updateMany({ where: { institutionId, id, revokedAt: null }, data: { revokedAt: now } });
    if (count > 0) {
      await audit(tx, { institutionId, actorId, action: "apiToken.revoke", entity: "ApiToken", entityId: id, data: { name: token.name, prefix: token.prefix } });
    }
    return true;
  });
  // Immediate in this instance; other instances stop trusting it within TOKEN_CACHE_MS.
  if (revoked) clearTokenCache();
  return revoked;
}
