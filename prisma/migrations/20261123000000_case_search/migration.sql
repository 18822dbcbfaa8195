-- Full-text search for the staff inbox (subject, description, citizen name), kept by PostgreSQL
-- itself as a generated column so no write path can forget it.
ALTER TABLE "Case" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  to_tsvector('spanish'::regconfig, coalesce("subject", '') || ' ' || coalesce("description", '') || ' ' || coalesce("citizenName", ''))
) STORED;

-- CreateIndex
CREATE INDEX "Case_search_idx" ON "Case" USING GIN ("search");
