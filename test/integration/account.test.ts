// "Mi cuenta": a signed-in user sees their own details and turns the daily digest on and off with a
// plain form POST (no JavaScript needed).
import { db } from "~/db/client.server";
import { getAccount, setDigestEnabled } from "~/domain/auth/account.server";
import { createSession } from "~/domain/auth/session.server";
import { action, loader } from "~/routes/cuenta";
import { seedDemo } from "../../prisma/seed";

let areaUser: { id: string };
let committee: { id: string };

async function cookieFor(userId: string): Promise<string> {
  const { setCookie } = await createSession({ userId });
  return setCookie.split(";")[0]!;
}

async function post(userId: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  const request = new Request("http://localhost/cuenta", {
    method: "POST",
    headers: { Cookie: await cookieFor(userId), "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return action({ request, params: {}, context: {} });
}

async function digestEnabled(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { digestEnabled: true } })).digestEnabled;
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", now: new Date("2026-03-11T14:00:00Z") });
  areaUser = await db.user.findUniqueOrThrow({ where: { email: "area@oirs.example" }, select: { id: true } });
  committee = await db.user.findUniqueOrThrow({ where: { email: "comite@oirs.example" }, select: { id: true } });
});

describe("Mi cuenta", () => {
  it("shows the user's own details and whether they get the digest", async () => {
    const request = new Request("http://localhost/cuenta", { headers: { Cookie: await cookieFor(areaUser.id) } });
    const response = (await loader({ request, params: {}, context: {} })) as Response;
    const data = await response.json();
    expect(data).toMatchObject({
      account: { email: "area@oirs.example", role: "AREA_OFFICIAL", digestEnabled: true, areaName: "Departamento de Gestión de Personas" },
      receivesDigest: true,
    });
    expect(data.account).not.toHaveProperty("passwordHash");

    const committeeRequest = new Request("http://localhost/cuenta", { headers: { Cookie: await cookieFor(committee.id) } });
    const committeeData = await ((await loader({ request: committeeRequest, params: {}, context: {} })) as Response).json();
    expect(committeeData.receivesDigest).toBe(false);
  });

  it("sends signed-out visitors to the login page", async () => {
    const request = new Request("http://localhost/cuenta");
    const thrown = await loader({ request, params: {}, context: {} }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fcuenta");
  });

  it("turns the digest off when the box is unchecked and on when it is checked", async () => {
    const off = (await post(areaUser.id, {})) as Response;
    expect(off.status).toBe(302);
    expect(off.headers.get("Location")).toBe("/cuenta?saved=1");
    expect(await digestEnabled(areaUser.id)).toBe(false);

    await post(areaUser.id, { digestEnabled: "on" });
    expect(await digestEnabled(areaUser.id)).toBe(true);
  });

  it("changes only the signed-in user's own setting, never an inactive user's", async () => {
    const oirs = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" }, select: { id: true } });
    await post(areaUser.id, {});
    expect(await digestEnabled(oirs.id)).toBe(true);
    await setDigestEnabled({ userId: areaUser.id, enabled: true });

    await db.user.update({ where: { id: oirs.id }, data: { active: false } });
    expect(await setDigestEnabled({ userId: oirs.id, enabled: false })).toBe(false);
    expect(await getAccount({ userId: oirs.id })).toBeNull();
    await db.user.update({ where: { id: oirs.id }, data: { active: true } });
  });
});
