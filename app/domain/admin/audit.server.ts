import type { Prisma } from "~/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** Records an administrative action in the same transaction as the change. */
export function audit(
  tx: Tx,
  entry: { institutionId: string; actorId: string; action: string; entity: string; entityId: string; data?: Record<string, unknown> },
) {
  const { password: _password, ...safeData } = (entry.data ?? {}) as Record<string, unknown>;
  return tx.auditLog.create({
    data: { ...entry, data: entry.data ? (safeData as Prisma.InputJsonValue) : undefined },
  });
}
