-- Satisfaction results (app/domain/surveys/results.server.ts, README "Satisfaction results"),
-- measured at 5,000,000 responses by test/bench/survey-results.bench.ts.
--
-- Rollups: per local day, template version and combination of at most two dimensions. The results
-- page reads a few hundred rows per day of the period from them instead of every response, and the
-- days they do not cover yet (today, at least) from the raw tables. They are derived data, kept by
-- the app (no trigger: a survey submission stays one INSERT), and rebuilt from scratch at any time.
-- (No semicolons or quotes in these comments: the Prisma migration runner splits the file on them.)

-- CreateTable
CREATE TABLE "SurveyResultRollup" (
    "id" BIGSERIAL NOT NULL,
    "institutionId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "dims" SMALLINT NOT NULL,
    "templateId" UUID NOT NULL,
    "channel" "Channel",
    "caseKind" "CaseKind",
    "officeId" UUID,
    "areaId" UUID,
    "tramiteId" UUID,
    "officialId" UUID,
    "s1" INTEGER NOT NULL DEFAULT 0,
    "s2" INTEGER NOT NULL DEFAULT 0,
    "s3" INTEGER NOT NULL DEFAULT 0,
    "s4" INTEGER NOT NULL DEFAULT 0,
    "s5" INTEGER NOT NULL DEFAULT 0,
    "s6" INTEGER NOT NULL DEFAULT 0,
    "s7" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SurveyResultRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswerRollup" (
    "id" BIGSERIAL NOT NULL,
    "institutionId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "dims" SMALLINT NOT NULL,
    "templateId" UUID NOT NULL,
    "channel" "Channel",
    "caseKind" "CaseKind",
    "officeId" UUID,
    "areaId" UUID,
    "tramiteId" UUID,
    "officialId" UUID,
    "answers" JSONB NOT NULL,

    CONSTRAINT "SurveyAnswerRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyInvitationRollup" (
    "id" BIGSERIAL NOT NULL,
    "institutionId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "answeredOn" DATE,
    "dims" SMALLINT NOT NULL,
    "templateId" UUID NOT NULL,
    "channel" "Channel",
    "caseKind" "CaseKind",
    "officeId" UUID,
    "areaId" UUID,
    "tramiteId" UUID,
    "officialId" UUID,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SurveyInvitationRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyRollupState" (
    "institutionId" UUID NOT NULL,
    "responsesThrough" DATE,
    "invitationsThrough" DATE,
    "invitationsFinalThrough" DATE,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyRollupState_pkey" PRIMARY KEY ("institutionId")
);

-- CreateIndex
CREATE INDEX "SurveyResultRollup_institutionId_dims_day_idx" ON "SurveyResultRollup"("institutionId", "dims", "day");

-- CreateIndex
CREATE INDEX "SurveyAnswerRollup_institutionId_dims_day_idx" ON "SurveyAnswerRollup"("institutionId", "dims", "day");

-- CreateIndex
CREATE INDEX "SurveyInvitationRollup_institutionId_dims_day_idx" ON "SurveyInvitationRollup"("institutionId", "dims", "day");


-- Comments on the results page, newest first, with the same filters as the figures. Partial (about
-- one response in five has a comment), covering, so the page of 50 and its offset are read from the
-- index alone before the 50 rows are fetched. Prisma cannot express a partial index: it lives here
-- only (see the note on model SurveyResponse).
CREATE INDEX "SurveyResponse_comments_idx" ON "SurveyResponse" ("institutionId", "createdAt", "id")
  INCLUDE ("channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId", "templateId")
  WHERE "comment" IS NOT NULL;
