// An officer registers a request that arrived by phone, at the counter, by letter or by email.
// Same rules as the citizen's form; the legal clock starts at the real reception time.
import type { SessionUser } from "~/domain/auth/session.server";
import { localDateTime } from "~/domain/sla/calendar";
import { attachmentError, checkAttachments, type IncomingFile } from "./attachments";
import { createCase, type CreatedCase } from "./create-case.server";
import { CaseInputError } from "./errors";
import type { StaffRegisterInput } from "./schemas";

/** How far back a reception date may go: a letter found late is still registered, within reason. */
const MAX_BACKDATE_DAYS = 366;

export async function registerCase(options: { user: Pick<SessionUser, "id" | "name">; input: StaffRegisterInput; files: IncomingFile[]; now?: Date }): Promise<CreatedCase> {
  const now = options.now ?? new Date();
  const { receivedDate, receivedTime, channel, ...input } = options.input;
  let submittedAt: Date;
  try {
    submittedAt = localDateTime(receivedDate, receivedTime);
  } catch {
    throw new CaseInputError({ receivedDate: ["cases:validation.date"] });
  }
  if (submittedAt.getTime() > now.getTime() + 60_000) throw new CaseInputError({ receivedDate: ["cases:validation.futureDate"] });
  if (now.getTime() - submittedAt.getTime() > MAX_BACKDATE_DAYS * 86_400_000) throw new CaseInputError({ receivedDate: ["cases:validation.tooOld"] });

  const attachments = checkAttachments(options.files);
  if (!attachments.ok) throw new CaseInputError({ attachments: [attachmentError(attachments)] });
  return createCase({
    input: { ...input, locale: input.locale ?? "es" },
    source: { channel, actorLabel: options.user.name, createdById: options.user.id, submittedAt },
    files: attachments.files,
    now,
  });
}
