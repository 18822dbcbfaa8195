// Dissemination (difusión) of the implementation report, the pure part: the recipient list's
// spreadsheet format (the guide's columns: name, cargo, area or unit, category, email), reading and
// validating its rows, the form schemas, and the means of dissemination. Shared by the browser
// (form validation) and the server (import, export, recording). Messages are i18n keys
// ("validation.*" in common, "dissemination:*" ours), as in the other form schemas.
import { z } from "zod";
import { integerInRange, msg, optionalEmail, optionalText, requiredText } from "~/utils/validation";

export const RECIPIENT_CATEGORIES = ["PLANTA", "CONTRATA", "HONORARIOS", "CODIGO_DEL_TRABAJO", "DIRECTIVO", "COSOC"] as const;
export type RecipientCategory = (typeof RECIPIENT_CATEGORIES)[number];

/** How each category is written in the spreadsheet (the guide's words); export uses these. */
export const CATEGORY_SHEET_LABELS: Record<RecipientCategory, string> = {
  PLANTA: "Planta",
  CONTRATA: "Contrata",
  HONORARIOS: "Honorarios",
  CODIGO_DEL_TRABAJO: "Código del Trabajo",
  DIRECTIVO: "Directivo",
  COSOC: "COSOC",
};

/** Lower case, no accents, punctuation as single spaces: "  Código del  TRABAJO. " → "codigo del trabajo". */
export function normalizeWords(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Spellings accepted on import, after normalizeWords(). The guide's own words first, then the usual
// variants (estamento names with "de" / "a", plurals, the enum codes, the English labels of the page).
const CATEGORY_ALIASES: Record<string, RecipientCategory> = {};
for (const [category, words] of Object.entries({
  PLANTA: ["planta", "de planta", "personal de planta", "titular", "permanent staff", "permanent"],
  CONTRATA: ["contrata", "a contrata", "personal a contrata", "fixed term", "fixed term staff"],
  HONORARIOS: ["honorarios", "honorario", "a honorarios", "personal a honorarios", "fee based", "fee based staff", "contractor"],
  CODIGO_DEL_TRABAJO: ["codigo del trabajo", "codigo de trabajo", "personal regido por el codigo del trabajo", "ct", "labour code", "labor code"],
  DIRECTIVO: ["directivo", "directivos", "directiva", "directivas", "directivo a", "directivos as", "executive", "executives", "manager", "management"],
  COSOC: ["cosoc", "consejo de la sociedad civil", "consejo de sociedad civil", "sociedad civil", "civil society council"],
} satisfies Record<RecipientCategory, string[]>)) {
  for (const word of [...words, normalizeWords(category)]) CATEGORY_ALIASES[word] = category as RecipientCategory;
}

/** A category as written by a person ("Código del trabajo", "A CONTRATA", "cosoc"), or null. */
export function parseCategory(value: string): RecipientCategory | null {
  return CATEGORY_ALIASES[normalizeWords(value)] ?? null;
}

// --- the spreadsheet's columns -----------------------------------------------------------------

export const RECIPIENT_FIELDS = ["name", "cargo", "area", "category", "email"] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/** The header row written on export, in this order; the last two are filled for one dissemination only. */
export const SHEET_HEADERS = {
  name: "Nombre",
  cargo: "Cargo",
  area: "Área / Unidad",
  category: "Categoría",
  email: "Correo electrónico",
  date: "Fecha de difusión",
  means: "Medio de difusión",
} as const;
export const SHEET_NAME = "Destinatarios";

const HEADER_ALIASES: Record<string, RecipientField> = {};
for (const [field, words] of Object.entries({
  name: ["nombre", "nombres", "nombre completo", "nombre y apellidos", "nombre y apellido", "name", "full name"],
  cargo: ["cargo", "cargo funcion", "funcion", "position", "job title", "role"],
  area: ["area unidad", "area", "unidad", "area o unidad", "departamento", "unit", "area unit", "department"],
  category: ["categoria", "estamento", "calidad juridica", "tipo de contrato", "category", "staff category"],
  email: ["correo electronico", "correo", "email", "e mail", "mail", "correo institucional"],
} satisfies Record<RecipientField, string[]>)) {
  for (const word of words) HEADER_ALIASES[word] = field as RecipientField;
}

export const MAX_RECIPIENT_ROWS = 5000;
export const RECIPIENT_FILE_MAX_BYTES = 2 * 1024 * 1024;

export type RecipientRow = { name: string; cargo: string; area: string; category: RecipientCategory; email: string | null };

/** One problem in the file: its spreadsheet row (1 = the header), the column, the message key. */
export type RowError = { row: number; field: RecipientField | "file"; message: string; value?: string };

export type SheetParse = { ok: true; recipients: Array<RecipientRow & { row: number }> } | { ok: false; errors: RowError[] };

/**
 * A cell as exceljs gives it (string, number, Date, rich text, hyperlink, formula result, error)
 * as trimmed text. Excel turns typed addresses into mailto hyperlinks: their text is kept.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { richText?: Array<{ text?: unknown }>; text?: unknown; result?: unknown; hyperlink?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof r.text === "string" ? r.text : "")).join("").trim();
    if (v.text !== undefined) return cellText(v.text);
    if ("result" in v) return cellText(v.result);
    if (typeof v.hyperlink === "string") return v.hyperlink.replace(/^mailto:/i, "").trim();
  }
  return "";
}

/** Which column holds which field, from the header row; unknown columns are ignored. */
export function mapHeader(header: unknown[]): { columns: Partial<Record<RecipientField, number>>; errors: RowError[] } {
  const columns: Partial<Record<RecipientField, number>> = {};
  const errors: RowError[] = [];
  header.forEach((cell, index) => {
    const field = HEADER_ALIASES[normalizeWords(cellText(cell))];
    if (!field) return;
    if (columns[field] !== undefined) errors.push({ row: 1, field, message: "dissemination:import.errors.duplicateColumn", value: cellText(cell) });
    else columns[field] = index;
  });
  for (const field of ["name", "cargo", "category"] as const) {
    if (columns[field] === undefined) errors.push({ row: 1, field, message: msg("dissemination:import.errors.missingColumn", { column: SHEET_HEADERS[field] }) });
  }
  return { columns, errors };
}

const RowSchema = z.object({
  name: requiredText(200),
  cargo: requiredText(200),
  area: optionalText(200),
  email: optionalEmail(),
});

const isBlank = (cells: unknown[] | undefined) => !cells || cells.every((c) => cellText(c) === "");

/**
 * Reads the recipient rows of a sheet: rows[i] is spreadsheet row i + 1 (so errors name the rows a
 * person sees); the first non-blank row is the header, later blank rows are skipped. Every row is
 * checked; the result is either every recipient or every problem, never part of the list.
 */
export function parseRecipientSheet(rows: unknown[][]): SheetParse {
  const headerIndex = rows.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, field: "file", message: "dissemination:import.errors.noHeader" }] };
  const { columns, errors } = mapHeader(rows[headerIndex]!);
  if (errors.length) return { ok: false, errors: errors.map((e) => ({ ...e, row: headerIndex + 1 })) };
  const recipients: Array<RecipientRow & { row: number }> = [];
  const emailRows = new Map<string, number>();
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    const row = i + 1;
    const get = (field: RecipientField) => {
      const index = columns[field];
      return index === undefined ? "" : cellText(cells[index]);
    };
    const raw = { name: get("name"), cargo: get("cargo"), area: get("area"), category: get("category"), email: get("email") };
    if (Object.values(raw).every((v) => v === "")) continue; // a blank row
    if (recipients.length + 1 > MAX_RECIPIENT_ROWS) {
      errors.push({ row, field: "file", message: msg("dissemination:import.errors.tooManyRows", { max: MAX_RECIPIENT_ROWS }) });
      break;
    }
    const rowErrors: RowError[] = [];
    const parsed = RowSchema.safeParse({ name: raw.name, cargo: raw.cargo, area: raw.area || undefined, email: raw.email || undefined });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as RecipientField;
        rowErrors.push({ row, field, message: issue.message, value: raw[field] || undefined });
      }
    }
    const category = raw.category ? parseCategory(raw.category) : null;
    if (!raw.category) rowErrors.push({ row, field: "category", message: msg("validation.required") });
    else if (!category) rowErrors.push({ row, field: "category", message: "dissemination:import.errors.category", value: raw.category });
    if (parsed.success && parsed.data.email) {
      const first = emailRows.get(parsed.data.email);
      if (first !== undefined) rowErrors.push({ row, field: "email", message: msg("dissemination:import.errors.duplicateEmail", { row: first }), value: raw.email });
      else emailRows.set(parsed.data.email, row);
    }
    rowErrors.sort((a, b) => RECIPIENT_FIELDS.indexOf(a.field as RecipientField) - RECIPIENT_FIELDS.indexOf(b.field as RecipientField));
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const data = parsed.data!;
    recipients.push({ row, name: data.name, cargo: data.cargo, area: data.area ?? "", category: category!, email: data.email ?? null });
  }
  if (errors.length) return { ok: false, errors };
  if (recipients.length === 0) return { ok: false, errors: [{ row: headerIndex + 2, field: "file", message: "dissemination:import.errors.empty" }] };
  return { ok: true, recipients };
}

/** The export's cells for one recipient, in SHEET_HEADERS order; empty cells are null (date and means unless given). */
export function recipientCells(r: RecipientRow, dissemination?: { date: string; means: string } | null): Array<string | null> {
  return [r.name, r.cargo, r.area || null, CATEGORY_SHEET_LABELS[r.category], r.email || null, dissemination?.date ?? null, dissemination?.means ?? null];
}

// --- forms ---------------------------------------------------------------------------------------

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
  });

const yearField = () => integerInRange(2000, 2100);

export const RecipientSchema = z.object({
  year: yearField(),
  name: requiredText(200),
  cargo: requiredText(200),
  area: optionalText(200),
  category: choice(RECIPIENT_CATEGORIES),
  email: optionalEmail(),
});
export type RecipientInput = z.infer<typeof RecipientSchema>;

export const IMPORT_MODES = ["replace", "append"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const ImportSchema = z.object({
  year: yearField(),
  mode: choice(IMPORT_MODES),
  /** Checked on the server (size, type from its first bytes, every row). */
  file: z.any().optional(),
});

/** The usual means (the guide: "correo, captura de pantalla, oficio, acta, etc."); stored as these codes. */
export const DISSEMINATION_MEANS = ["EMAIL", "MEETING", "INTRANET", "NOTICE_BOARD", "OFFICIAL_LETTER", "WEBSITE", "OTHER"] as const;
export type DisseminationMeans = (typeof DISSEMINATION_MEANS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Today's calendar day in Chile ("YYYY-MM-DD"). */
export function chileDay(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function disseminationSchema(today = chileDay()) {
  return z
    .object({
      year: yearField(),
      date: z
        .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
        .trim()
        .refine(validDay, msg("dissemination:errors.date"))
        // One day of slack: the browser's and the server's "today" may differ around midnight.
        .refine((v) => !validDay(v) || v <= nextDay(today), msg("dissemination:errors.future")),
      means: choice(DISSEMINATION_MEANS),
      notes: optionalText(2000),
      sendEmail: z.boolean().default(false),
    })
    .refine((v) => v.means !== "OTHER" || Boolean(v.notes), { message: msg("dissemination:errors.otherNeedsNotes"), path: ["notes"] });
}
export type DisseminationInput = z.infer<ReturnType<typeof disseminationSchema>>;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Recipients per category, every category present (zero included), in the guide's order. */
export function countByCategory(recipients: Array<{ category: RecipientCategory }>): Record<RecipientCategory, number> {
  const counts = Object.fromEntries(RECIPIENT_CATEGORIES.map((c) => [c, 0])) as Record<RecipientCategory, number>;
  for (const r of recipients) counts[r.category]++;
  return counts;
}

/** The email attachment descriptor for the implementation report (resolved by the outbox worker). */
export type ReportAttachment = { kind: "implementation-report"; year: number; lng: "es" | "en" };
