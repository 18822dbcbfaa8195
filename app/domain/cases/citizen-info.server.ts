// The citizen's side of an information request (art. 31): what was asked and until when they can
// answer, for the tracking page. The answer itself goes through recordCitizenInfo (actions.server.ts).
import { db } from "~/db/client.server";
import { loadCalendar } from "~/domain/sla/calendar.server";
import { citizenAnswerDueAt } from "~/domain/sla/clock";
import type { CitizenCaseView } from "./citizen-view.server";

export type PendingInfoRequest = { message: string; askedAt: Date; answerBy: Date };

/** The open question of a case waiting for the citizen, or null. */
export async function pendingInfoRequest(view: Pick<CitizenCaseView, "id" | "status" | "timeline">): Promise<PendingInfoRequest | null> {
  if (view.status !== "ESPERA_CIUDADANO") return null;
  const asked = [...view.timeline].reverse().find((e) => e.type === "INFO_REQUESTED" && e.message);
  if (!asked?.message) return null;
  const row = await db.case.findUnique({ where: { id: view.id }, select: { institutionId: true, pausedAt: true, office: { select: { region: true } } } });
  if (!row) return null;
  const calendar = await loadCalendar({ institutionId: row.institutionId, region: row.office?.region ?? null });
  return { message: asked.message, askedAt: asked.createdAt, answerBy: citizenAnswerDueAt(calendar, row.pausedAt ?? asked.createdAt) };
}
