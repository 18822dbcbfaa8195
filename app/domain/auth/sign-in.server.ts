import { db } from "~/db/client.server";
import { createLimiter, hit, isBlocked } from "~/domain/security/rate-limit.server";
import { burnVerificationTime, verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { landingPath } from "./permissions";

// 10 failed attempts from one IP within 10 minutes, then 429 until the window passes.
export const FAILED_LOGIN_LIMIT = 10;
const failedLogins = createLimiter({ keyPrefix: "login-fail", points: FAILED_LOGIN_LIMIT, durationSeconds: 600 });

export type SignInResult =
  | { ok: true; setCookie: string; landing: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function signIn(options: {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}): Promise<SignInResult> {
  const blocked = await isBlocked(failedLogins, options.ip);
  if (!blocked.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: blocked.retryAfterSeconds };

  const user = await db.user.findUnique({
    where: { email: options.email.trim().toLowerCase() },
    select: { id: true, institutionId: true, role: true, active: true, passwordHash: true },
  });
  const valid = user?.active ? await verifyPassword(user.passwordHash, options.password) : false;
  if (!user?.active) await burnVerificationTime(options.password);

  if (!user || !valid) {
    await hit(failedLogins, options.ip);
    await db.auditLog.create({
      data: { action: "auth.sign_in_failed", ip: options.ip, institutionId: user?.institutionId },
    });
    return { ok: false, reason: "invalid" };
  }

  const { setCookie } = await createSession({ userId: user.id, ip: options.ip, userAgent: options.userAgent });
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } }),
    db.auditLog.create({
      data: { action: "auth.sign_in", actorId: user.id, institutionId: user.institutionId, ip: options.ip },
    }),
  ]);
  return { ok: true, setCookie, landing: landingPath(user.role) };
}
