// Reply templates: texts offered when answering a case, for a kind and/or a trámite (or any) and a
// language, with placeholders such as {{folio}} (see domain/cases/reply-placeholders.ts). Every
// change is audited.
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { hasStrayBraces, unknownPlaceholders } from "~/domain/cases/reply-placeholders";
import { UnknownReferenceError } from "./areas.server";
import { audit } from "./audit.server";
import { normalizeTemplateBody, type ReplyTemplateInput } from "./reply-template-schema";

type Tx = Prisma.TransactionClient;

/** A body with placeholders that are not in REPLY_PLACEHOLDERS (or stray braces: `names` is then empty). */
export class InvalidPlaceholdersError extends Error {
  constructor(readonly names: string[]) {
    super(names.length > 0 ? `Unknown placeholders: ${names.join(", ")}` : "Stray braces in the template body");
  }
}

const templateSelect = {
  id: true,
  name: true,
  kind: true,
  tramiteId: true,
  locale: true,
  body: true,
  active: true,
  updatedAt: true,
  tramite: { select: { name: true } },
} as const;

function toData(input: ReplyTemplateInput) {
  const body = normalizeTemplateBody(input.body);
  // The form schema refuses these too; this keeps any other caller from storing a broken template.
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0 || hasStrayBraces(body)) throw new InvalidPlaceholdersError(unknown);
  return { name: input.name, kind: input.kind ?? null, tramiteId: input.tramiteId ?? null, locale: input.locale, body };
}

/** The trámite must be the institution's (UnknownReferenceError("tramiteId") otherwise). */
async function assertTemplateReferences(tx: Tx, institutionId: string, data: { tramiteId: string | null }) {
  if (data.tramiteId && (await tx.tramite.count({ where: { institutionId, id: data.tramiteId } })) === 0) {
    throw new UnknownReferenceError("tramiteId");
  }
}

/** All the institution's templates: active ones first, then by name. */
export function listReplyTemplates({ institutionId }: { institutionId: string }) {
  return db.replyTemplate.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { name: "asc" }], select: templateSelect });
}

export function getReplyTemplate({ institutionId, id }: { institutionId: string; id: string }) {
  return db.replyTemplate.findFirst({ where: { institutionId, id }, select: templateSelect });
}

export async function createReplyTemplate({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: ReplyTemplateInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertTemplateReferences(tx, institutionId, data);
    const template = await tx.replyTemplate.create({ data: { institutionId, ...data }, select: templateSelect });
    await audit(tx, { institutionId, actorId, action: "replyTemplate.create", entity: "ReplyTemplate", entityId: template.id, data });
    return template;
  });
}

export async function updateReplyTemplate({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: ReplyTemplateInput }) {
  const data = toData(input);
  return db.$transaction(async (tx) => {
    await assertTemplateReferences(tx, institutionId, data);
    const { count } = await tx.replyTemplate.updateMany({ where: { institutionId, id }, data });
    if (count === 0) return null;
    await audit(tx, { institutionId, actorId, action: "replyTemplate.update", entity: "ReplyTemplate", entityId: id, data });
    return id;
  });
}

export async function setReplyTemplateActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.replyTemplate.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) {
      await audit(tx, {
        institutionId,
        actorId,
        action: active ? "replyTemplate.activate" : "replyTemplate.deactivate",
        entity: "ReplyTemplate",
        entityId: id,
      });
    }
    return count > 0;
  });
}
