// Production has no demo seed: this creates the institution (if none exists yet) and its first administrator.
import { db } from "~/db/client.server";
import { hashPassword } from "~/domain/auth/password.server";

export async function createFirstAdmin(options: {
  email: string;
  name: string;
  password: string;
  institutionName?: string;
  institutionShortName?: string;
}) {
  if (options.password.length < 12) throw new Error("The password must be at least 12 characters long.");
  const passwordHash = await hashPassword(options.password);
  return db.$transaction(async (tx) => {
    let institution = await tx.institution.findFirst({ orderBy: { createdAt: "asc" } });
    if (!institution) {
      if (!options.institutionName) throw new Error("No institution exists yet: pass --institution \"Name\".");
      institution = await tx.institution.create({
        data: { name: options.institutionName, shortName: options.institutionShortName ?? options.institutionName },
      });
    }
    const user = await tx.user.create({
      data: {
        institutionId: institution.id,
        email: options.email.trim().toLowerCase(),
        name: options.name,
        role: "ADMIN",
        passwordHash,
      },
    });
    await tx.auditLog.create({
      data: { institutionId: institution.id, actorId: user.id, action: "admin.bootstrap", entity: "User", entityId: user.id },
    });
    return { institution, user };
  });
}
