-- Dissemination of the implementation report (app/domain/committee/dissemination.server.ts,
-- README Dissemination): how many recipients were emailed the report when a dissemination was
-- recorded, and the indexes the page reads by.
-- (No semicolons or quotes in these comments: the embedded migrator splits the file on them.)

-- AlterTable
ALTER TABLE "Dissemination" ADD COLUMN "emailedCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "DisseminationRecipient_planId_idx" ON "DisseminationRecipient"("planId");

-- CreateIndex
CREATE INDEX "Dissemination_planId_date_idx" ON "Dissemination"("planId", "date");
