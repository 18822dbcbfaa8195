-- Answering an invitation updates its row (usedAt). Leaving 10 % of each page free lets
-- PostgreSQL do that as a heap-only update, without new entries in the table's indexes.
ALTER TABLE "SurveyInvitation" SET (fillfactor = 90);
