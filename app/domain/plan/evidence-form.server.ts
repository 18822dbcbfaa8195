// Reads the evidence upload form: text parts bounded, one file part read up to one byte past
// 20 MB (enough to say "too large") and the rest drained, never buffered.
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { EVIDENCE_MAX_BYTES } from "./evidence-files";

/** Whole-request ceiling: a file somewhat over the limit still gets a field error, not a 413. */
export const EVIDENCE_MAX_FORM_BYTES = EVIDENCE_MAX_BYTES + 5 * 1024 * 1024;

export class EvidenceFormTooLargeError extends Error {}

function boundedFileHandler(fieldName: string): UploadHandler {
  return async ({ name, filename, data }) => {
    if (name !== fieldName || !filename) {
      if (name === fieldName) for await (const _chunk of data) void _chunk;
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      if (size <= EVIDENCE_MAX_BYTES) chunks.push(chunk);
      size += chunk.length;
    }
    const kept = Buffer.concat(chunks).subarray(0, EVIDENCE_MAX_BYTES + 1);
    return new File([kept], filename.slice(0, 200), { type: "application/octet-stream" });
  };
}

/** Parses a urlencoded or multipart body; the file (if any) is returned apart from the form data. */
export async function readEvidenceForm(request: Request, fileField = "file"): Promise<{ formData: FormData; file: { name: string; bytes: Uint8Array } | null }> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > EVIDENCE_MAX_FORM_BYTES) throw new EvidenceFormTooLargeError();
  const type = request.headers.get("Content-Type") ?? "";
  let formData: FormData;
  try {
    formData = type.startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_composeUploadHandlers(boundedFileHandler(fileField), unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
        )
      : await request.formData();
  } catch {
    // A text part over 64 KB or a malformed body: refused as a whole.
    throw new EvidenceFormTooLargeError();
  }
  let file: { name: string; bytes: Uint8Array } | null = null;
  const value = formData.get(fileField);
  if (value && typeof value !== "string") file = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  formData.delete(fileField);
  return { formData, file };
}
