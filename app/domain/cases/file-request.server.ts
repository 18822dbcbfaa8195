// The citizen's web (and kiosk) filing: per-IP limit, attachment checks, then createCase.
// Returns an outcome the route turns into a page; only unexpected failures throw.
import { createLimiter, hit } from "~/domain/security/rate-limit.server";
import { attachmentError, checkAttachments, type IncomingFile } from "./attachments";
import { createCase, type CaseSource, type CreatedCase } from "./create-case.server";
import { CaseInputError } from "./errors";
import type { NewCaseInput } from "./schemas";

// Generous for a shared office connection, tight for a script.
const submissions = createLimiter({ keyPrefix: "public-submissions", points: 20, durationSeconds: 10 * 60 });

export type FileRequestOutcome =
  | { kind: "created"; created: CreatedCase }
  | { kind: "invalid"; fieldErrors: Record<string, string[]> }
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "unavailable" };

export async function fileCitizenRequest(options: {
  input: NewCaseInput;
  files: IncomingFile[];
  ip: string;
  source: CaseSource;
}): Promise<FileRequestOutcome> {
  const attachments = checkAttachments(options.files);
  if (!attachments.ok) return { kind: "invalid", fieldErrors: { attachments: [attachmentError(attachments)] } };
  try {
    const limit = await hit(submissions, options.ip);
    if (!limit.allowed) return { kind: "limited", retryAfterSeconds: limit.retryAfterSeconds };
    const created = await createCase({ input: options.input, source: options.source, files: attachments.files });
    return { kind: "created", created };
  } catch (error) {
    if (error instanceof CaseInputError) return { kind: "invalid", fieldErrors: error.fieldErrors };
    // The database (or the disk) failed: nothing was committed; the citizen keeps the form.
    console.error("[cases] could not save a citizen request:", error instanceof Error ? error.message : error);
    return { kind: "unavailable" };
  }
}
