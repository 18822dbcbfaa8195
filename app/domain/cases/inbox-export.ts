// What the inbox export writes: its columns and the CSV encoding. Pure (no I/O).
//
// CSV dialect: UTF-8 with a byte-order mark, `;` between fields, CRLF line ends, RFC 4180 quoting.
// `;` because Excel with Chilean (es-CL) regional settings uses the comma as decimal separator and
// `;` as list separator, so a `;` file opens in columns with a double click; the BOM makes it read
// the file as UTF-8 (accents, ñ). Cells that a spreadsheet would take as a formula (starting with
// = + - @, tab or carriage return) get a leading apostrophe (OWASP "CSV injection").

export const CSV_SEPARATOR = ";";
export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

export const EXPORT_COLUMNS = [
  "folio",
  "kind",
  "status",
  "channel",
  "subject",
  "tramite",
  "office",
  "area",
  "assignee",
  "received",
  "due",
  "responded",
  "responseBusinessDays",
] as const;
/** Only for roles with `cases:export-personal`. */
export const PERSONAL_EXPORT_COLUMNS = ["citizenName", "citizenRut", "citizenEmail", "citizenPhone"] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number] | (typeof PERSONAL_EXPORT_COLUMNS)[number];
export type ExportFormat = "csv" | "xlsx";

export function exportColumns(personal: boolean): ExportColumn[] {
  return personal ? [...EXPORT_COLUMNS, ...PERSONAL_EXPORT_COLUMNS] : [...EXPORT_COLUMNS];
}

/** Columns holding a local date-time ("YYYY-MM-DD HH:MM", America/Santiago). */
export const DATE_EXPORT_COLUMNS: readonly ExportColumn[] = ["received", "due", "responded"];

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a value a spreadsheet would evaluate as a formula with an apostrophe. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: formula-neutralised text, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutralizeFormula(value);
  return /[";\r\n,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvCell).join(CSV_SEPARATOR) + CSV_EOL;
}

/** `casos-oirs-2026-11-23.csv`, dated with the local (Santiago) day of the export. */
export function exportFileName(format: ExportFormat, localDay: string): string {
  return `casos-oirs-${localDay}.${format}`;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
