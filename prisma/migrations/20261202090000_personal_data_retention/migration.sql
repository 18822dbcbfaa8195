-- Personal data retention (app/domain/privacy/anonymise.server.ts, README "Personal data").
--
-- The retention job looks, in batches, for cases closed (CERRADA, DERIVADA, DESISTIDA) before the
-- institution cutoff that are not anonymised yet, oldest closure first. This partial index holds
-- exactly those rows: a case leaves it when it is anonymised (or reopened), so each batch reads 500
-- index entries in order and stops, however many cases were anonymised before.
-- Prisma cannot express partial indexes: they live in this migration only, like the inbox indexes.
-- A future `prisma migrate diff` will propose dropping them, keep them.
-- (No semicolons or quotes in these comments: the Prisma migration runner splits the file on them.)
CREATE INDEX "Case_retention_idx" ON "Case" ("institutionId", "closedAt", "id")
  WHERE "anonymizedAt" IS NULL AND "status" IN ('CERRADA', 'DERIVADA', 'DESISTIDA');

-- Survey responses linked to a case (after a reply, or rate this attention), for anonymising their
-- comments with the case. Poster and kiosk responses (no case, most of the table) stay out of it.
CREATE INDEX "SurveyResponse_caseId_idx" ON "SurveyResponse" ("caseId") WHERE "caseId" IS NOT NULL;
