// Sessions are database rows (revocable, expiring). The cookie carries a random token; the
// database keeps only its SHA-256, so a copy of the database cannot be used to sign in.
import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { db } from "~/db/client.server";
import { getEnv, secureCookies } from "~/utils/env.server";

const env = () => getEnv();

export const sessionCookie = createCookie("oirs_session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies(),
  secrets: [process.env.SESSION_SECRET ?? "oirs-development-only-secret"],
});

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const sessionUserSelect = {
  id: true,
  institutionId: true,
  email: true,
  name: true,
  role: true,
  areaId: true,
  officeId: true,
  locale: true,
} as const;

export type SessionUser = {
  id: string;
  institutionId: string;
  email: string;
  name: string;
  role: "ADMIN" | "OIRS_OFFICER" | "AREA_OFFICIAL" | "COMMITTEE";
  areaId: string | null;
  officeId: string | null;
  locale: string;
  sessionId: string;
};

export async function createSession(options: { userId: string; ip?: string; userAgent?: string | null }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3600_000);
  await db.session.create({
    data: {
      tokenHash: hashToken(token),
      userId: options.userId,
      expiresAt,
      ip: options.ip,
      userAgent: options.userAgent?.slice(0, 300),
    },
  });
  const setCookie = await sessionCookie.serialize(token, { expires: expiresAt });
  return { token, expiresAt, setCookie };
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The signed-in user, or null when there is no live session (expired, revoked, or deactivated user). */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const session = await db.session.findFirst({
    where: {
      tokenHash: hashToken(token),
      revokedAt: null,
      expiresAt: { gt: new Date() },
      user: { active: true },
    },
    select: { id: true, lastSeenAt: true, user: { select: sessionUserSelect } },
  });
  if (!session) return null;
  // Touch at most once a minute to keep writes cheap.
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return { ...session.user, sessionId: session.id };
}

/** Revokes the request's session and returns the header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) {
    await db.session.updateMany({
      where: { tokenHash: hashToken(token), revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
  return sessionCookie.serialize("", { expires: new Date(0), maxAge: 0 });
}

export async function revokeUserSessions(userId: string): Promise<void> {
  await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
