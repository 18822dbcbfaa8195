// Attachment rules. The type is decided from the file's first bytes, never from its name or the
// Content-Type the browser sent (both are the sender's claim).

export const ATTACHMENT_MAX_FILES = 3;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

export type AttachmentType = { mimeType: "application/pdf" | "image/jpeg" | "image/png"; extension: "pdf" | "jpg" | "png" };

const SIGNATURES: Array<{ bytes: number[]; type: AttachmentType }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: { mimeType: "application/pdf", extension: "pdf" } }, // %PDF-
  { bytes: [0xff, 0xd8, 0xff], type: { mimeType: "image/jpeg", extension: "jpg" } },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: { mimeType: "image/png", extension: "png" } },
];

export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  for (const { bytes, type } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return type;
  }
  return null;
}

/**
 * A file name safe to store and show: no path, no control characters, bounded length, with the
 * extension of the detected type.
 */
export function safeFileName(original: string, type: AttachmentType): string {
  const base = original
    .split(/[\\/]/)
    .pop()!
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/\.+$/, "")
    .trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, "").slice(0, 80) || "adjunto";
  return `${stem}.${type.extension}`;
}

export type AttachmentProblem = "tooMany" | "tooLarge" | "badType" | "empty";

export type IncomingFile = { name: string; bytes: Uint8Array };
export type AcceptedFile = { fileName: string; mimeType: AttachmentType["mimeType"]; bytes: Uint8Array };

/** Checks every file; returns the accepted files or the first problem found (nothing partial). */
export function checkAttachments(files: IncomingFile[]): { ok: true; files: AcceptedFile[] } | { ok: false; problem: AttachmentProblem; fileName?: string } {
  const present = files.filter((f) => f.bytes.length > 0 || f.name);
  if (present.length > ATTACHMENT_MAX_FILES) return { ok: false, problem: "tooMany" };
  const accepted: AcceptedFile[] = [];
  for (const file of present) {
    if (file.bytes.length === 0) return { ok: false, problem: "empty", fileName: file.name };
    if (file.bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, problem: "tooLarge", fileName: file.name };
    const type = sniffAttachmentType(file.bytes.subarray(0, 16));
    if (!type) return { ok: false, problem: "badType", fileName: file.name };
    accepted.push({ fileName: safeFileName(file.name, type), mimeType: type.mimeType, bytes: file.bytes });
  }
  return { ok: true, files: accepted };
}

/** The field error (an i18n key with the file name) for a refused set of attachments. */
export function attachmentError(problem: { problem: AttachmentProblem; fileName?: string }): string {
  const key = `cases:validation.attachments.${problem.problem}`;
  return problem.fileName ? `${key}|${JSON.stringify({ file: problem.fileName.slice(0, 80) })}` : key;
}
