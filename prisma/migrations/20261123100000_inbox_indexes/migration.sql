-- Indexes for the staff inbox (app/domain/cases/inbox.server.ts), measured at 1,000,000 cases and
-- 5,000,000 events by test/bench/inbox.bench.ts (README "Performance").
--
-- All three are partial indexes over open cases (about 5 % of all cases), which the Prisma schema
-- cannot express: they live in this migration only. See the note above model Case in
-- schema.prisma: a future `prisma migrate diff` will propose dropping them, keep them.
-- (No semicolons or quotes in these comments: the Prisma migration runner splits the file on them.)
--
-- Open cases by deadline. The default inbox (open, most urgent first) walks it in order and stops
-- after one page. The INCLUDE columns let the page count and the filtered counts (kind, area,
-- assignee, channel, trámite, office, deadline, received date) run as index-only scans instead of
-- visiting one heap page per case.
CREATE INDEX "Case_open_due_idx" ON "Case" ("institutionId", "dueAt", "id")
  INCLUDE ("status", "kind", "channel", "areaId", "assigneeId", "tramiteId", "officeId", "receivedAt")
  WHERE "status" IN ('INGRESADA', 'ASIGNADA', 'EN_TRAMITE', 'ESPERA_CIUDADANO', 'REABIERTA');

-- The same for an area official, whose inbox is always limited to their area.
CREATE INDEX "Case_open_area_due_idx" ON "Case" ("areaId", "dueAt", "id")
  INCLUDE ("institutionId", "status", "kind", "channel", "assigneeId", "tramiteId", "officeId", "receivedAt")
  WHERE "status" IN ('INGRESADA', 'ASIGNADA', 'EN_TRAMITE', 'ESPERA_CIUDADANO', 'REABIERTA');

-- Free text among open cases (the default status filter of the inbox): a small GIN index, so a common
-- word does not build a bitmap over every closed case that mentions it.
CREATE INDEX "Case_open_search_idx" ON "Case" USING GIN ("search")
  WHERE "status" IN ('INGRESADA', 'ASIGNADA', 'EN_TRAMITE', 'ESPERA_CIUDADANO', 'REABIERTA');
