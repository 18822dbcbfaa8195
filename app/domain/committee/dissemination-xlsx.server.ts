// The recipient list as an Excel file: reading an upload (bounded, type from its bytes, the ZIP's
// declared sizes checked before exceljs inflates anything) and writing the export in the same
// format, so that export → import gives the same list.
import { FileFormTooLargeError, readFileForm } from "~/utils/file-form.server";
import ExcelJS from "exceljs";
import {
  CATEGORY_SHEET_LABELS,
  RECIPIENT_FILE_MAX_BYTES,
  SHEET_HEADERS,
  SHEET_NAME,
  parseRecipientSheet,
  recipientCells,
  type RecipientRow,
  type SheetParse,
} from "./dissemination";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Whole-request ceiling: a file somewhat over the limit still gets a field error. */
export const RECIPIENT_FORM_MAX_BYTES = RECIPIENT_FILE_MAX_BYTES + 512 * 1024;

export { FileFormTooLargeError as RecipientFormTooLargeError };

/** Parses a urlencoded or multipart body; the file (if any) is returned apart from the form data. */
export function readRecipientForm(request: Request, fileField = "file") {
  return readFileForm(request, { maxFileBytes: RECIPIENT_FILE_MAX_BYTES, maxFormBytes: RECIPIENT_FORM_MAX_BYTES, fileField });
}

/** What can be wrong with the file itself, before its rows are read; each has its HTTP status. */
export type FileProblem = "missing" | "tooLarge" | "badType" | "unreadable";
export const FILE_PROBLEM_STATUS: Record<FileProblem, number> = { missing: 400, tooLarge: 413, badType: 415, unreadable: 422 };

const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;

/**
 * The sizes a ZIP declares in its central directory, without inflating anything: a 2 MB upload
 * must not become gigabytes in memory. Null when the directory cannot be read (not a ZIP, ZIP64,
 * truncated).
 */
export function zipDeclaredSize(bytes: Uint8Array): { entries: number; inflated: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEocd = 22;
  if (bytes.length < minEocd) return null;
  let eocd = -1;
  for (let i = bytes.length - minEocd; i >= Math.max(0, bytes.length - minEocd - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || dirOffset === 0xffffffff) return null; // ZIP64: not what a spreadsheet of recipients needs
  let offset = dirOffset;
  let inflated = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return null;
    inflated += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { entries, inflated };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Size, type (an .xlsx is a ZIP: its first bytes, never its name), and what the ZIP says it holds. */
export function checkRecipientFile(file: { name: string; bytes: Uint8Array } | null): FileProblem | null {
  if (!file || file.bytes.length === 0) return "missing";
  if (file.bytes.length > RECIPIENT_FILE_MAX_BYTES) return "tooLarge";
  if (file.bytes.length < 4 || !ZIP_MAGIC.every((b, i) => file.bytes[i] === b)) return "badType";
  const declared = zipDeclaredSize(file.bytes);
  if (!declared) return "unreadable";
  if (declared.entries > MAX_ZIP_ENTRIES || declared.inflated > MAX_INFLATED_BYTES) return "tooLarge";
  return null;
}

/**
 * Reads the recipients from an uploaded workbook: the sheet named like the export's, else the first
 * one. A ZIP that is not a workbook (a .docx, a broken file) is "unreadable"; row problems come back
 * in the parse result.
 */
export async function readRecipientWorkbook(bytes: Uint8Array): Promise<{ ok: false; problem: FileProblem } | { ok: true; parse: SheetParse }> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Buffer<ArrayBufferLike>; the runtime takes any Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === SHEET_NAME.toLowerCase()) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, problem: "unreadable" };
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows[number - 1] = values;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { ok: true, parse: parseRecipientSheet(rows) };
}

/**
 * The export: the header row (the guide's columns) and one row per recipient. With a dissemination,
 * its date and means fill the last two columns (the list as evidence of that dissemination).
 */
export async function writeRecipientWorkbook(options: {
  recipients: RecipientRow[];
  dissemination?: { date: string; means: string } | null;
  created?: Date;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "OIRS";
  workbook.created = options.created ?? new Date();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  const widths = [34, 34, 30, Math.max(...Object.values(CATEGORY_SHEET_LABELS).map((l) => l.length)) + 4, 32, 18, 24];
  sheet.columns = Object.values(SHEET_HEADERS).map((header, i) => ({ header, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of options.recipients) sheet.addRow(recipientCells(r, options.dissemination));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Object.keys(SHEET_HEADERS).length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
