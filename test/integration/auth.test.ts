import { db } from "~/db/client.server";
import { hashPassword } from "~/domain/auth/password.server";
import { destroySession, getSessionUser, hashToken, revokeUserSessions, sessionCookie } from "~/domain/auth/session.server";
import { FAILED_LOGIN_LIMIT, signIn } from "~/domain/auth/sign-in.server";

async function requestWith(setCookie: string) {
  const token = await sessionCookie.parse(setCookie.split(";")[0]!);
  const cookie = await sessionCookie.serialize(token);
  return new Request("http://localhost/gestion", { headers: { Cookie: cookie.split(";")[0]! } });
}

describe("staff sign-in", () => {
  let institutionId: string;

  beforeAll(async () => {
    const institution = await db.institution.create({ data: { name: "Institución de prueba", shortName: "Prueba" } });
    institutionId = institution.id;
    const passwordHash = await hashPassword("correct horse battery");
    await db.user.createMany({
      data: [
        { institutionId, email: "oficial@prueba.cl", name: "Oficial", role: "OIRS_OFFICER", passwordHash },
        { institutionId, email: "inactivo@prueba.cl", name: "Inactivo", role: "ADMIN", passwordHash, active: false },
      ],
    });
  });

  it("signs in with the right password and lands on the role's page", async () => {
    const result = await signIn({ email: " Oficial@Prueba.cl ", password: "correct horse battery", ip: "10.0.0.1", userAgent: "test" });
    expect(result).toMatchObject({ ok: true, landing: "/gestion" });
    if (!result.ok) throw new Error("unreachable");
    expect(result.setCookie).toMatch(/HttpOnly/i);
    expect(result.setCookie).toMatch(/SameSite=Lax/i);
    const user = await getSessionUser(await requestWith(result.setCookie));
    expect(user?.email).toBe("oficial@prueba.cl");
  });

  it("answers a wrong password, an unknown email and an inactive user the same way", async () => {
    const attempts = [
      { email: "oficial@prueba.cl", password: "wrong" },
      { email: "nadie@prueba.cl", password: "correct horse battery" },
      { email: "inactivo@prueba.cl", password: "correct horse battery" },
    ];
    for (const attempt of attempts) {
      expect(await signIn({ ...attempt, ip: "10.0.0.2", userAgent: null })).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it(`refuses an IP after ${FAILED_LOGIN_LIMIT} failures, even with the right password`, async () => {
    const ip = "10.0.0.3";
    for (let i = 0; i < FAILED_LOGIN_LIMIT; i++) {
      expect((await signIn({ email: "oficial@prueba.cl", password: `bad-${i}`, ip, userAgent: null })).ok).toBe(false);
    }
    const blocked = await signIn({ email: "oficial@prueba.cl", password: "correct horse battery", ip, userAgent: null });
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (blocked.ok || blocked.reason !== "rate_limited") throw new Error("unreachable");
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(600);
    // Another IP is unaffected.
    expect((await signIn({ email: "oficial@prueba.cl", password: "correct horse battery", ip: "10.0.0.4", userAgent: null })).ok).toBe(true);
  });

  it("stores only a hash of the session token, and sign-out revokes it", async () => {
    const result = await signIn({ email: "oficial@prueba.cl", password: "correct horse battery", ip: "10.0.0.5", userAgent: null });
    if (!result.ok) throw new Error("sign-in failed");
    const request = await requestWith(result.setCookie);
    const token = await sessionCookie.parse(result.setCookie.split(";")[0]!);
    expect(await db.session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.session.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    const cleared = await destroySession(request);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await getSessionUser(request)).toBeNull();
  });

  it("does not accept an expired session or one revoked by an administrator", async () => {
    const result = await signIn({ email: "oficial@prueba.cl", password: "correct horse battery", ip: "10.0.0.6", userAgent: null });
    if (!result.ok) throw new Error("sign-in failed");
    const request = await requestWith(result.setCookie);
    const token = await sessionCookie.parse(result.setCookie.split(";")[0]!);
    await db.session.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getSessionUser(request)).toBeNull();

    const again = await signIn({ email: "oficial@prueba.cl", password: "correct horse battery", ip: "10.0.0.6", userAgent: null });
    if (!again.ok) throw new Error("sign-in failed");
    const user = await getSessionUser(await requestWith(again.setCookie));
    await revokeUserSessions(user!.id);
    expect(await getSessionUser(await requestWith(again.setCookie))).toBeNull();
  });

  it("records sign-ins and failures in the audit log", async () => {
    expect(await db.auditLog.count({ where: { action: "auth.sign_in" } })).toBeGreaterThan(0);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in_failed" } })).toBeGreaterThan(0);
  });
});
