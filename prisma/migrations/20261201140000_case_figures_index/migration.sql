-- The committee dashboard, the implementation report and the transparency page aggregate a year of
-- cases by reception date (app/domain/committee/case-figures.server.ts). The reception-date index
-- becomes a covering one: same name and key columns, plus every column those aggregates read, so a
-- year of cases is an index-only scan instead of one heap page per case.
-- Prisma cannot express INCLUDE: schema.prisma still declares the plain index, and a future
-- `prisma migrate diff` may propose recreating it without the extra columns. Keep this one.
-- (No semicolons or quotes in these comments: the Prisma migration runner splits the file on them.)
DROP INDEX "Case_institutionId_receivedAt_idx";

CREATE INDEX "Case_institutionId_receivedAt_idx" ON "Case" ("institutionId", "receivedAt")
  INCLUDE ("kind", "channel", "status", "outcome", "respondedAt", "dueAt", "responseBusinessDays", "officeId", "tramiteId");
