import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { hashPassword } from "~/domain/auth/password.server";
import type { UserCreateInput, UserUpdateInput } from "./schemas";
import { assertReferences, listAreaOptions } from "./areas.server";
import { audit } from "./audit.server";

type Tx = Prisma.TransactionClient;

const userSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  areaId: true,
  officeId: true,
  active: true,
  area: { select: { name: true } },
  office: { select: { name: true } },
} as const;

const toData = (input: UserCreateInput | UserUpdateInput) => ({
  name: input.name,
  email: input.email.trim().toLowerCase(),
  role: input.role,
  areaId: input.areaId ?? null,
  officeId: input.officeId ?? null,
});

const references = (data: ReturnType<typeof toData>) => [
  { field: "areaId", model: "area" as const, id: data.areaId },
  { field: "officeId", model: "office" as const, id: data.officeId },
];

function revokeSessions(tx: Tx, userId: string) {
  return tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export function listUsers({ institutionId }: { institutionId: string }) {
  return db.user.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { name: "asc" }], select: userSelect });
}

export function getUser({ institutionId, id }: { institutionId: string; id: string }) {
  return db.user.findFirst({ where: { institutionId, id }, select: userSelect });
}

/** Active users to choose from (e.g. as an area's head), plus the current choice even if now inactive. */
export function listUserOptions({ institutionId, currentId }: { institutionId: string; currentId?: string | null }) {
  return db.user.findMany({
    where: { institutionId, OR: [{ active: true }, ...(currentId ? [{ id: currentId }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true },
  });
}

/** The areas and offices the user form offers. */
export async function getUserFormOptions({ institutionId, user }: { institutionId: string; user?: { areaId: string | null; officeId: string | null } }) {
  const [areas, offices] = await Promise.all([
    listAreaOptions({ institutionId, currentId: user?.areaId }),
    db.office.findMany({
      where: { institutionId, OR: [{ active: true }, ...(user?.officeId ? [{ id: user.officeId }] : [])] },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
  return { areas, offices };
}

export async function createUser({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: UserCreateInput }) {
  const data = toData(input);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, references(data));
    const user = await tx.user.create({ data: { institutionId, ...data, passwordHash }, select: userSelect });
    await audit(tx, { institutionId, actorId, action: "user.create", entity: "User", entityId: user.id, data });
    return user;
  });
}

/** A blank password leaves it unchanged; a new one signs the user out everywhere. */
export async function updateUser({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: UserUpdateInput }) {
  const data = toData(input);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    await assertReferences(tx, institutionId, references(data));
    const { count } = await tx.user.updateMany({ where: { institutionId, id }, data: { ...data, passwordHash } });
    if (count === 0) return null;
    if (passwordHash) await revokeSessions(tx, id);
    await audit(tx, { institutionId, actorId, action: "user.update", entity: "User", entityId: id, data: { ...data, passwordChanged: Boolean(passwordHash) } });
    return id;
  });
}

/** "self" when an administrator tries to deactivate their own account. Deactivation ends every session. */
export async function setUserActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  if (!active && id === actorId) return "self" as const;
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { institutionId, id }, data: { active } });
    if (count === 0) return "not-found" as const;
    if (!active) await revokeSessions(tx, id);
    await audit(tx, { institutionId, actorId, action: active ? "user.activate" : "user.deactivate", entity: "User", entityId: id });
    return "ok" as const;
  });
}
