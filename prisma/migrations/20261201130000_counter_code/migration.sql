-- Rate this attention at the counter (app/domain/surveys/counter-code.server.ts, README Office totem):
-- an invitation an officer creates from the case page carries the hash of a short counter code
-- and its expiry, and the case timeline records that the rating was offered.
-- (No semicolons or quotes in these comments: the embedded migrator splits the file on them.)

-- AlterEnum
ALTER TYPE "CaseEventType" ADD VALUE 'RATING_OFFERED';

-- AlterTable
ALTER TABLE "SurveyInvitation" ADD COLUMN "counterCodeHash" TEXT,
ADD COLUMN "counterCodeExpiresAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_counterCodeHash_key" ON "SurveyInvitation"("counterCodeHash");
