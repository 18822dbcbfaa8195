// "Mi cuenta": what a signed-in user sees about themselves and the preferences they set themselves.
import { db } from "~/db/client.server";
import type { Role } from "~/generated/prisma/enums";

/** Roles that receive the daily digest of open cases (an administrator only with cases assigned). */
export const DIGEST_ROLES = ["OIRS_OFFICER", "AREA_OFFICIAL", "ADMIN"] as const satisfies readonly Role[];

export function receivesDigest(role: Role): boolean {
  return (DIGEST_ROLES as readonly Role[]).includes(role);
}

const accountSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  digestEnabled: true,
  area: { select: { name: true } },
} as const;

export type Account = {
  id: string;
  name: string;
  email: string;
  role: Role;
  digestEnabled: boolean;
  areaName: string | null;
};

/** The signed-in user's own account, or null when it no longer exists or was deactivated. */
export async function getAccount(options: { userId: string }): Promise<Account | null> {
  const row = await db.user.findFirst({ where: { id: options.userId, active: true }, select: accountSelect });
  if (!row) return null;
  const { area, ...rest } = row;
  return { ...rest, areaName: area?.name ?? null };
}

/** Turns the user's daily digest on or off. Returns false when there is no such active user. */
export async function setDigestEnabled(options: { userId: string; enabled: boolean }): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: options.userId, active: true }, data: { digestEnabled: options.enabled } });
  return count === 1;
}
