import { Prisma } from "~/generated/prisma/client";

/** The fields of a unique constraint a write violated, or null for any other error. */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    const target = (error.meta?.target ?? []) as string[] | string;
    return Array.isArray(target) ? target : [target];
  }
  // The PGlite adapter passes PostgreSQL's unique_violation (23505) through without mapping it to P2002.
  const cause = (error as { cause?: { kind?: string; code?: string; detail?: string } }).cause;
  if (error instanceof Error && error.name === "DriverAdapterError" && cause?.kind === "postgres" && cause.code === "23505") {
    const columns = /^Key \((.+?)\)=/.exec(cause.detail ?? "")?.[1];
    return columns ? columns.split(",").map((c) => c.trim().replace(/^"|"$/g, "")) : [];
  }
  return null;
}
