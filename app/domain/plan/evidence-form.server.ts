// Reads the evidence upload form: one file up to 20 MB (see app/utils/file-form.server.ts).
import { FileFormTooLargeError, readFileForm } from "~/utils/file-form.server";
import { EVIDENCE_MAX_BYTES } from "./evidence-files";

/** Whole-request ceiling: a file somewhat over the limit still gets a field error, not a 413. */
export const EVIDENCE_MAX_FORM_BYTES = EVIDENCE_MAX_BYTES + 5 * 1024 * 1024;

export { FileFormTooLargeError as EvidenceFormTooLargeError };

export function readEvidenceForm(request: Request, fileField = "file") {
  return readFileForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES, maxFormBytes: EVIDENCE_MAX_FORM_BYTES, fileField });
}
