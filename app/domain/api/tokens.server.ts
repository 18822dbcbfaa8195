// API tokens: `Authorization: Bearer <token>`. Only the SHA-256 of a token is stored; a token is
// usable while not revoked and not expired, and carries scopes: "cases:write" (file cases),
// "cases:read" (list and read any case, staff view) and "cases:manage" (assign, note, reply, close).
import { createHash } from "node:crypto";
import { db } from "~/db/client.server";
import { ApiError } from "./errors.server";

export type ApiScope = "cases:write" | "cases:read" | "cases:manage";

export type ApiPrincipal = {
  id: string;
  institutionId: string;
  name: string;
  scopes: string[];
};

export type TokenCheck = { kind: "none" } | { kind: "invalid" } | { kind: "ok"; token: ApiPrincipal };

/** lastUsedAt is written at most this often per token, to keep writes off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_TOKEN_LENGTH = 512;
/**
 * A token that was valid is trusted for this long without asking the database again (one query
 * less per request). Revoking or expiring a token therefore takes effect within this time on
 * every instance.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 1_000;

type CachedToken = { token: ApiPrincipal; expiresAt: Date | null; lastUsedAt: number; checkedAt: number };
const tokenCache = new Map<string, CachedToken>();

/** Forgets cached tokens (tests; after revoking a token in this process). */
export function clearTokenCache() {
  tokenCache.clear();
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The bearer token of the Authorization header; "" when the header is there but not a bearer token. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header.trim());
  return match ? match[1]! : "";
}

const tokenSelect = { id: true, institutionId: true, name: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;

/** Looks a raw token up; "none" when no token was given at all. */
export async function authenticateToken(raw: string | null | undefined, now = new Date()): Promise<TokenCheck> {
  if (raw === null || raw === undefined) return { kind: "none" };
  if (raw.length < 8 || raw.length > MAX_TOKEN_LENGTH) return { kind: "invalid" };
  const hash = hashToken(raw);
  const nowMs = now.getTime();
  const cached = tokenCache.get(hash);
  if (cached && nowMs - cached.checkedAt < TOKEN_CACHE_MS && (!cached.expiresAt || cached.expiresAt.getTime() > nowMs)) {
    await touch(cached, now);
    return { kind: "ok", token: cached.token };
  }
  tokenCache.delete(hash);
  const row = await db.apiToken.findUnique({ where: { tokenHash: hash }, select: tokenSelect });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= nowMs)) return { kind: "invalid" };
  const entry: CachedToken = {
    token: { id: row.id, institutionId: row.institutionId, name: row.name, scopes: row.scopes },
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt?.getTime() ?? 0,
    checkedAt: nowMs,
  };
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  tokenCache.set(hash, entry);
  await touch(entry, now);
  return { kind: "ok", token: entry.token };
}

/** Records use at most once a minute per token (and per instance). */
async function touch(entry: CachedToken, now: Date) {
  if (now.getTime() - entry.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
  entry.lastUsedAt = now.getTime();
  // The guard in the WHERE keeps concurrent instances from all writing the same minute.
  await db.apiToken.updateMany({
    where: { id: entry.token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
}

export function hasScope(token: ApiPrincipal, scope: ApiScope): boolean {
  return token.scopes.includes(scope);
}

export function unauthorized(): ApiError {
  return new ApiError(401, "unauthorized", "api:errors.unauthorized", {}, { "WWW-Authenticate": 'Bearer realm="oirs", error="invalid_token"' });
}

export function forbidden(scope: ApiScope): ApiError {
  return new ApiError(403, "forbidden", "api:errors.forbidden", { scope }, { "WWW-Authenticate": `Bearer realm="oirs", error="insufficient_scope", scope="${scope}"` });
}

/** The request's token with the scope, or a 401 (missing, unknown, revoked, expired) / 403 (scope). */
export async function requireBearer(request: Request, scope: ApiScope): Promise<ApiPrincipal> {
  const check = await authenticateToken(bearerToken(request));
  if (check.kind !== "ok") throw unauthorized();
  if (!hasScope(check.token, scope)) throw forbidden(scope);
  return check.token;
}
