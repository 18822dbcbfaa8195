// Reads a citizen form that may carry attachments. Text parts are bounded; file parts are read up
// to one byte past the limit (enough to say "too large") and the rest is drained, never buffered.
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { boundedRequest, fieldNamesAreReasonable } from "~/utils/request.server";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES, type IncomingFile } from "./attachments";

/** Whole-request ceiling: three files plus the text fields, with room for multipart framing. */
export const MAX_FORM_BYTES = ATTACHMENT_MAX_FILES * ATTACHMENT_MAX_BYTES + 256 * 1024;

export class FormTooLargeError extends Error {}

function boundedFileHandler(fieldName: string): UploadHandler {
  return async ({ name, filename, data }) => {
    if (name !== fieldName || !filename) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      if (size <= ATTACHMENT_MAX_BYTES) chunks.push(chunk);
      size += chunk.length;
    }
    const kept = Buffer.concat(chunks).subarray(0, ATTACHMENT_MAX_BYTES + 1);
    return new File([kept], filename.slice(0, 200), { type: "application/octet-stream" });
  };
}

/** Parses a urlencoded or multipart body; throws FormTooLargeError past MAX_FORM_BYTES (declared or read). */
export async function readCitizenForm(request: Request, fileField = "attachments"): Promise<{ formData: FormData; files: IncomingFile[] }> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_FORM_BYTES) throw new FormTooLargeError();
  const type = request.headers.get("Content-Type") ?? "";
  const bounded = boundedRequest(request, MAX_FORM_BYTES);
  let formData: FormData;
  try {
    formData = type.startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          bounded.request,
          unstable_composeUploadHandlers(boundedFileHandler(fileField), unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
        )
      : await bounded.request.formData();
  } catch (error) {
    throw bounded.exceeded() ? new FormTooLargeError() : error;
  }
  if (!fieldNamesAreReasonable(formData)) throw new Error("a field name no form of this site has");
  const files: IncomingFile[] = [];
  for (const value of formData.getAll(fileField)) {
    if (typeof value === "string") continue;
    files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  formData.delete(fileField);
  return { formData, files };
}
