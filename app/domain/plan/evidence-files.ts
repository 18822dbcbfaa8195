// Evidence files (medios de verificación): up to 20 MB, PDF, images or Office documents. The type is
// decided from the file's first bytes (as for case attachments); Office Open XML files are ZIP
// archives, told apart by their extension only after the ZIP signature matched.
import { sniffAttachmentType } from "~/domain/cases/attachments";

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export type EvidenceType = { mimeType: string; extension: string; label: string };

const OFFICE: Record<string, EvidenceType> = {
  docx: { mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx", label: "DOCX" },
  xlsx: { mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx", label: "XLSX" },
  pptx: { mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extension: "pptx", label: "PPTX" },
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export function sniffEvidenceType(head: Uint8Array, fileName: string): EvidenceType | null {
  const basic = sniffAttachmentType(head);
  if (basic) return { mimeType: basic.mimeType, extension: basic.extension, label: basic.extension === "jpg" ? "JPEG" : basic.extension.toUpperCase() };
  if (head.length >= 4 && ZIP.every((b, i) => head[i] === b)) {
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
    return ext ? (OFFICE[ext] ?? null) : null;
  }
  return null;
}

export type EvidenceProblem = "missing" | "tooLarge" | "badType";

/** A file name safe to store and show, with the detected type's extension. */
export function safeEvidenceName(original: string, type: EvidenceType): string {
  const base = original
    .split(/[\\/]/)
    .pop()!
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/\.+$/, "")
    .trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, "").slice(0, 100) || "evidencia";
  return `${stem}.${type.extension}`;
}

export function checkEvidenceFile(file: { name: string; bytes: Uint8Array } | null):
  | { ok: true; fileName: string; type: EvidenceType }
  | { ok: false; problem: EvidenceProblem } {
  if (!file || file.bytes.length === 0) return { ok: false, problem: "missing" };
  if (file.bytes.length > EVIDENCE_MAX_BYTES) return { ok: false, problem: "tooLarge" };
  const type = sniffEvidenceType(file.bytes.subarray(0, 16), file.name);
  if (!type) return { ok: false, problem: "badType" };
  return { ok: true, fileName: safeEvidenceName(file.name, type), type };
}
