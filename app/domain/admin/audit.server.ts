import type { Prisma } from "~/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** Records an administrative action in the same transaction as the change. */
export function audit(
  tx: Tx,
  entry: {
    institutionId: string;
    /** null for what the system does by itself (the retention job). */
    actorId: string | null;
    action: string;
    entity: string;
    entityId?: string | null;
    data?: Record<string, unknown>;
    /** The client's address, for actions on personal data. */
    ip?: string | null;
  },
) {
  const { password: _password, ...safeData } = (entry.data ?? {}) as Record<string, unknown>;
  return tx.auditLog.create({
    data: { ...entry, entityId: entry.entityId ?? null, ip: entry.ip ?? null, data: entry.data ? (safeData as Prisma.InputJsonValue) : undefined },
  });
}
