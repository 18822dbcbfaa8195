// Survey invitations: created when a case is answered, in the reply's transaction, with a
// single-use token (stored only as its hash) and an email through the outbox.
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { CaseKind, Channel } from "~/generated/prisma/enums";
import { publicUrl } from "~/utils/env.server";
import { hashSecret } from "./targets.server";

/** Days an emailed invitation can be answered. */
export const INVITATION_DAYS = 30;

export type InvitationInput = {
  institutionId: string;
  caseId: string;
  channel: Channel;
  caseKind: CaseKind;
  officeId: string | null;
  areaId: string | null;
  tramiteId: string | null;
  /** The official who answered. */
  officialId: string | null;
  now: Date;
  /** "Rate this attention": the hash of the counter code a kiosk accepts, and until when (counter-code.server.ts). */
  counterCode?: { hash: string; expiresAt: Date };
};

export function surveyUrl(token: string): string {
  return `${publicUrl()}/encuesta/${token}`;
}

/** Creates the invitation; null when the institution has no active default template. */
export async function createInvitation(tx: Prisma.TransactionClient, input: InvitationInput): Promise<{ id: string; token: string; url: string; expiresAt: Date } | null> {
  const template = await tx.surveyTemplate.findFirst({
    where: { institutionId: input.institutionId, isDefault: true, active: true },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  if (!template) return null;
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + INVITATION_DAYS * 86_400_000);
  const created = await tx.surveyInvitation.create({
    data: {
      institutionId: input.institutionId,
      tokenHash: hashSecret(token),
      templateId: template.id,
      caseId: input.caseId,
      channel: input.channel,
      caseKind: input.caseKind,
      officeId: input.officeId,
      areaId: input.areaId,
      tramiteId: input.tramiteId,
      officialId: input.officialId,
      sentAt: input.now,
      expiresAt,
      counterCodeHash: input.counterCode?.hash ?? null,
      counterCodeExpiresAt: input.counterCode?.expiresAt ?? null,
    },
    select: { id: true },
  });
  return { id: created.id, token, url: surveyUrl(token), expiresAt };
}
