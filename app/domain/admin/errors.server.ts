import { Prisma } from "~/generated/prisma/client";

/** The fields of a unique constraint a write violated, or null for any other error. */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    const target = (error.meta?.target ?? []) as string[] | string;
    return Array.isArray(target) ? target : [target];
  }
  return null;
}
