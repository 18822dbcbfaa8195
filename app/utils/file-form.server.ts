// Reads a form that may carry one uploaded file: text parts bounded (64 KB each), the file read up
// to one byte past its limit (enough to say "too large") and the rest drained, never buffered.
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

/** The body is over the whole-request ceiling, or malformed: refused as a whole (413). */
export class FileFormTooLargeError extends Error {}

export type FileFormLimits = {
  /** The file's own limit; a file one byte over it is kept so the caller can say "too large". */
  maxFileBytes: number;
  /** Whole-request ceiling, somewhat above maxFileBytes so an oversized file still gets a field error. */
  maxFormBytes: number;
  fileField?: string;
};

function boundedFileHandler(fieldName: string, maxFileBytes: number): UploadHandler {
  return async ({ name, filename, data }) => {
    if (name !== fieldName || !filename) {
      if (name === fieldName) for await (const _chunk of data) void _chunk;
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      if (size <= maxFileBytes) chunks.push(chunk);
      size += chunk.length;
    }
    const kept = Buffer.concat(chunks).subarray(0, maxFileBytes + 1);
    return new File([kept], filename.slice(0, 200), { type: "application/octet-stream" });
  };
}

/** Parses a urlencoded or multipart body; the file (if any) is returned apart from the form data. */
export async function readFileForm(request: Request, limits: FileFormLimits): Promise<{ formData: FormData; file: { name: string; bytes: Uint8Array } | null }> {
  const fileField = limits.fileField ?? "file";
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limits.maxFormBytes) throw new FileFormTooLargeError();
  const type = request.headers.get("Content-Type") ?? "";
  let formData: FormData;
  try {
    formData = type.startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_composeUploadHandlers(boundedFileHandler(fileField, limits.maxFileBytes), unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
        )
      : await request.formData();
  } catch {
    // A text part over 64 KB or a malformed body: refused as a whole.
    throw new FileFormTooLargeError();
  }
  let file: { name: string; bytes: Uint8Array } | null = null;
  const value = formData.get(fileField);
  if (value && typeof value !== "string") file = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  formData.delete(fileField);
  return { formData, file };
}
