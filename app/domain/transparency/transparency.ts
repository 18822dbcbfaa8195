// The public transparency page (/transparencia) and its open-data CSV: the year parameter, the
// small-number suppression rule, and the CSV's rows and encoding. Pure (no I/O, no server imports):
// the SQL that produces the raw monthly counts is in monthly.server.ts.
//
// Suppression (statistical disclosure control), applied on the server before anything leaves it:
// - A count from 1 to 9 is withheld ("—" on the page; an empty value with suppressed=true in the
//   CSV). 0 is shown as 0: it reveals nothing about anyone.
// - A percentage or a mean is withheld when the number of cases or responses it is computed from
//   (its n) is from 1 to 9, and so is that n. With n = 0 there is nothing to compute: "no data".
// - Secondary suppression: the cases received in a month are published in two breakdowns (by kind
//   and by channel) next to their total. If a breakdown's withheld cells added up to less than 10,
//   the total minus the shown cells would give them away (a single withheld cell exactly, several
//   ones nearly). So, in each breakdown of each month, the smallest shown non-zero cells are also
//   withheld until the withheld cells add up to at least 10. Then the total only reveals a sum of at
//   least 10 spread over at least two cells. When the total itself is from 1 to 9 it is withheld and
//   so is every non-zero cell of that month. Months are never added up (no yearly totals), so no
//   other sum exposes a withheld cell.
import { z } from "zod";

export const TRANSPARENCY_KINDS = ["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD"] as const;
export const TRANSPARENCY_CHANNELS = ["WEB", "KIOSK", "PRESENCIAL", "TELEFONO", "EMAIL", "CARTA", "REDES", "API"] as const;
export type TransparencyKind = (typeof TRANSPARENCY_KINDS)[number];
export type TransparencyChannel = (typeof TRANSPARENCY_CHANNELS)[number];

/** Counts below this (and above 0) are withheld, and so are figures resting on fewer cases. */
export const MIN_PUBLISHED_N = 10;
/** The earliest year the page accepts. */
export const FIRST_YEAR = 2000;
export const TIME_ZONE = "America/Santiago";

// ---------------------------------------------------------------------------------------------
// The year

const localYearFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric" });
const localMonthFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit" });

/** The current year in Chile. */
export function currentLocalYear(now: Date): number {
  return Number(localYearFormat.format(now));
}

/** The current month in Chile, "YYYY-MM". */
export function currentLocalMonth(now: Date): string {
  const parts = localMonthFormat.formatToParts(now);
  return `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}`;
}

export type YearError = "invalid" | "outOfRange";
export type ParsedYear = { year: number; error: YearError | null };

const YearSchema = z.string().trim().regex(/^\d{4}$/).transform(Number);

/**
 * `?anio=`: absent or empty → the current year; four digits from FIRST_YEAR to the current year →
 * that year; anything else → the current year with an error (the routes answer 400).
 */
export function parseYear(value: string | null | undefined, now: Date): ParsedYear {
  const current = currentLocalYear(now);
  if (value === null || value === undefined || value.trim() === "") return { year: current, error: null };
  const parsed = YearSchema.safeParse(value);
  if (!parsed.success) return { year: current, error: "invalid" };
  if (parsed.data < FIRST_YEAR || parsed.data > current) return { year: current, error: "outOfRange" };
  return { year: parsed.data, error: null };
}

/** The years the selector offers, newest first: from the first year with cases (at least last year) to this one. */
export function selectableYears(firstDataYear: number | null, now: Date): number[] {
  const current = currentLocalYear(now);
  const first = Math.max(FIRST_YEAR, Math.min(firstDataYear ?? current, current - 1));
  const years: number[] = [];
  for (let y = current; y >= first; y--) years.push(y);
  return years;
}

/** "YYYY-MM" of the months of `year` published at `now`: every month of a past year, up to the current month of this one. */
export function monthsToPublish(year: number, now: Date): string[] {
  const current = currentLocalMonth(now);
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, "0")}`;
    if (month > current) break;
    months.push(month);
  }
  return months;
}

// ---------------------------------------------------------------------------------------------
// Suppression

/** A published count: value null when withheld. */
export type CountCell = { value: number | null; suppressed: boolean };
/** A published percentage or mean with the n it rests on: both null when withheld; value null (n = 0) when there is nothing to compute. */
export type RatioCell = { value: number | null; n: number | null; suppressed: boolean };

/** True for a count that may not be published on its own: 1 to 9. */
export function isSmallCount(count: number): boolean {
  return count > 0 && count < MIN_PUBLISHED_N;
}

/** Primary suppression of one count. */
export function publishCount(count: number): CountCell {
  return isSmallCount(count) ? { value: null, suppressed: true } : { value: count, suppressed: false };
}

/**
 * A breakdown of `total` into `cells` (which add up to it), with primary and secondary suppression:
 * cells from 1 to 9 are withheld; then, while the withheld cells add up to less than 10, the
 * smallest shown non-zero cell is withheld too (ties: the first). A total from 1 to 9 is withheld.
 */
export function publishBreakdown(cells: readonly number[], total: number): { cells: CountCell[]; total: CountCell } {
  const withheld = cells.map(isSmallCount);
  let hiddenSum = cells.reduce((sum, c, i) => (withheld[i] ? sum + c : sum), 0);
  const totalCell = publishCount(total);
  if (!totalCell.suppressed && withheld.some(Boolean)) {
    while (hiddenSum < MIN_PUBLISHED_N) {
      let pick = -1;
      cells.forEach((c, i) => {
        if (!withheld[i] && c > 0 && (pick === -1 || c < cells[pick]!)) pick = i;
      });
      if (pick === -1) break; // nothing left to withhold (only when the cells do not add up to the total)
      withheld[pick] = true;
      hiddenSum += cells[pick]!;
    }
  }
  return {
    cells: cells.map((c, i) => (withheld[i] ? { value: null, suppressed: true } : { value: c, suppressed: false })),
    total: totalCell,
  };
}

/** A percentage or mean `value` computed from `n` cases or responses. */
export function publishRatio(value: number | null, n: number): RatioCell {
  if (n <= 0 || value === null) return { value: null, n: Math.max(0, n), suppressed: false };
  if (isSmallCount(n)) return { value: null, n: null, suppressed: true };
  return { value, n, suppressed: false };
}

function round1(value: number): number {
  return Math.round((value + Number.EPSILON) * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// A year of figures

/** What the SQL gives for one month (all counts of cases received that month). */
export type RawMonth = {
  month: string;
  received: number;
  byKind: Partial<Record<TransparencyKind, number>>;
  byChannel: Partial<Record<TransparencyChannel, number>>;
  /** Cases whose deadline outcome is known (answered, or overdue unanswered). */
  decided: number;
  /** Of those, answered on or before the due date. */
  onTime: number;
  /** Answered cases (with their response time in business days). */
  answered: number;
  /** Mean business days to answer, over the answered cases. */
  meanDays: number | null;
  /** Survey responses of the month (by response date) and their ISU (percent, one decimal). */
  surveyN: number;
  isu: number | null;
};

export type PublishedMonth = {
  month: string;
  received: CountCell;
  byKind: Record<TransparencyKind, CountCell>;
  byChannel: Record<TransparencyChannel, CountCell>;
  /** % answered within the deadline; n = cases whose deadline outcome is known. */
  onTime: RatioCell;
  /** Mean business days to answer; n = answered cases. */
  meanDays: RatioCell;
  /** ISU (%); n = survey responses. */
  isu: RatioCell;
};

export type PublishedYear = { year: number; months: PublishedMonth[] };

/** An empty month (no cases, no responses). */
export function emptyRawMonth(month: string): RawMonth {
  return { month, received: 0, byKind: {}, byChannel: {}, decided: 0, onTime: 0, answered: 0, meanDays: null, surveyN: 0, isu: null };
}

function breakdownRecord<K extends string>(keys: readonly K[], counts: Partial<Record<K, number>>, total: number): { cells: Record<K, CountCell>; total: CountCell } {
  const published = publishBreakdown(keys.map((k) => counts[k] ?? 0), total);
  return { cells: Object.fromEntries(keys.map((k, i) => [k, published.cells[i]!])) as Record<K, CountCell>, total: published.total };
}

/** Applies the suppression rule to one month's raw figures: the only shape that leaves the server. */
export function publishMonth(raw: RawMonth): PublishedMonth {
  const kinds = breakdownRecord(TRANSPARENCY_KINDS, raw.byKind, raw.received);
  const channels = breakdownRecord(TRANSPARENCY_CHANNELS, raw.byChannel, raw.received);
  return {
    month: raw.month,
    received: kinds.total,
    byKind: kinds.cells,
    byChannel: channels.cells,
    onTime: publishRatio(raw.decided > 0 ? round1((raw.onTime / raw.decided) * 100) : null, raw.decided),
    meanDays: publishRatio(raw.answered > 0 && raw.meanDays !== null ? round1(raw.meanDays) : null, raw.answered),
    isu: publishRatio(raw.surveyN > 0 ? raw.isu : null, raw.surveyN),
  };
}

export function publishYear(year: number, months: readonly RawMonth[]): PublishedYear {
  return { year, months: months.map(publishMonth) };
}

// ---------------------------------------------------------------------------------------------
// The CSV (open data): tidy/long, one row per month × measure × category.
//
// Dialect: RFC 4180 — UTF-8 (every value is ASCII: codes and numbers), comma separator, CRLF line
// ends, a header row, fields quoted only when they hold a comma, quote or line break; numbers with
// a dot as decimal separator and no thousands separator, so any tool reads them as numbers.

export const CSV_COLUMNS = ["month", "measure", "breakdown", "category", "value", "n", "suppressed"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_MEASURES = ["cases_received", "answered_on_time_pct", "mean_business_days_to_answer", "isu_pct"] as const;
export type CsvMeasure = (typeof CSV_MEASURES)[number];
export const CSV_BREAKDOWNS = ["total", "kind", "channel"] as const;
/** The category of a row without breakdown. */
export const CSV_ALL = "ALL";

export type CsvRow = {
  month: string;
  measure: CsvMeasure;
  breakdown: (typeof CSV_BREAKDOWNS)[number];
  category: string;
  value: number | null;
  n: number | null;
  suppressed: boolean;
};

export const CSV_EOL = "\r\n";

/** One field per RFC 4180; text a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return values.map(csvField).join(",") + CSV_EOL;
}

/** The rows of a published year: per month, the total, by kind, by channel, then the three ratios. */
export function csvRows(published: PublishedYear): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const m of published.months) {
    const count = (breakdown: CsvRow["breakdown"], category: string, cell: CountCell): CsvRow => ({
      month: m.month,
      measure: "cases_received",
      breakdown,
      category,
      value: cell.value,
      n: null,
      suppressed: cell.suppressed,
    });
    const ratio = (measure: CsvMeasure, cell: RatioCell): CsvRow => ({
      month: m.month,
      measure,
      breakdown: "total",
      category: CSV_ALL,
      value: cell.value,
      n: cell.n,
      suppressed: cell.suppressed,
    });
    rows.push(count("total", CSV_ALL, m.received));
    for (const k of TRANSPARENCY_KINDS) rows.push(count("kind", k, m.byKind[k]));
    for (const c of TRANSPARENCY_CHANNELS) rows.push(count("channel", c, m.byChannel[c]));
    rows.push(ratio("answered_on_time_pct", m.onTime), ratio("mean_business_days_to_answer", m.meanDays), ratio("isu_pct", m.isu));
  }
  return rows;
}

/** The whole CSV: header and rows. */
export function transparencyCsv(published: PublishedYear): string {
  return csvLine(CSV_COLUMNS) + csvRows(published).map((r) => csvLine(CSV_COLUMNS.map((c) => r[c]))).join("");
}

export function transparencyCsvFilename(year: number): string {
  return `oirs-transparencia-${year}.csv`;
}
