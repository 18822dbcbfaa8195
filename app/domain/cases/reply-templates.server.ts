// Reply templates for the composer: the institution's active templates that fit a case's kind and
// trámite, most specific first (trámite and kind, then trámite, then kind, then general).
import { db } from "~/db/client.server";
import type { CaseKindValue } from "./schemas";

export type ReplyTemplateOption = { id: string; name: string; kind: CaseKindValue | null; tramiteId: string | null; locale: string; body: string };

export async function listReplyTemplatesFor(options: {
  institutionId: string;
  kind: CaseKindValue;
  tramiteId?: string | null;
  /** The case's language: its templates come first. */
  locale?: string;
}): Promise<ReplyTemplateOption[]> {
  const templates = await db.replyTemplate.findMany({
    where: {
      institutionId: options.institutionId,
      active: true,
      OR: [{ kind: null }, { kind: options.kind }],
      AND: [{ OR: [{ tramiteId: null }, ...(options.tramiteId ? [{ tramiteId: options.tramiteId }] : [])] }],
    },
    select: { id: true, name: true, kind: true, tramiteId: true, locale: true, body: true },
    orderBy: { name: "asc" },
  });
  const score = (t: ReplyTemplateOption) => (t.tramiteId ? 2 : 0) + (t.kind ? 1 : 0) + (options.locale && t.locale === options.locale ? 4 : 0);
  return templates.sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name, "es"));
}

export async function getReplyTemplate(options: { institutionId: string; id: string }): Promise<ReplyTemplateOption | null> {
  return db.replyTemplate.findFirst({
    where: { id: options.id, institutionId: options.institutionId, active: true },
    select: { id: true, name: true, kind: true, tramiteId: true, locale: true, body: true },
  });
}
