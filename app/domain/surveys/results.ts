// The satisfaction results' filters (/satisfaccion, its exports and the indicators API): one Zod
// schema per URL parameter, the default period, month labels for the trend. Pure (no I/O, no
// server imports): shared by the page, its exports, the API and the SQL (results.server.ts).
//
// On the page a bad parameter never fails the view: it is ignored (its default is used) and
// reported in `errors`, and the loader answers 400 so a script or a link checker sees it. The API
// refuses it outright (400 with a localised message).
import { z } from "zod";

export const RESULT_CHANNELS = ["WEB", "KIOSK", "PRESENCIAL", "TELEFONO", "EMAIL", "CARTA", "REDES", "API"] as const;
export const RESULT_KINDS = ["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD"] as const;
export type ResultChannel = (typeof RESULT_CHANNELS)[number];
export type ResultKind = (typeof RESULT_KINDS)[number];

/** The breakdowns the page offers; `all` (the page's default) shows every one. */
export const GROUP_BYS = ["channel", "office", "area", "tramite", "official"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
/** What the indicators API accepts as groupBy (the list). */
export const API_GROUP_BYS = ["channel", "office", "tramite", "area"] as const satisfies readonly GroupBy[];
export type ApiGroupBy = (typeof API_GROUP_BYS)[number];

/** Comments are listed newest first, this many per page. */
export const COMMENTS_PAGE_SIZE = 50;
/** Longest period one view covers (the trend has one row per month). */
export const MAX_PERIOD_YEARS = 10;
export const TIME_ZONE = "America/Santiago";

export type ResultFilters = {
  /** First local day (America/Santiago) of the period, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last local day, inclusive. */
  to: string;
  channel?: ResultChannel;
  kind?: ResultKind;
  officeId?: string;
  areaId?: string;
  tramiteId?: string;
  officialId?: string;
  /** A survey template's key: every version of it. */
  template?: string;
  /** One breakdown only (the page shows all of them without it). */
  groupBy?: GroupBy;
  /** Page of the comments list. */
  page: number;
};

export type ResultFilterName = keyof ResultFilters;

export type ResultFilterError =
  /** The parameter's value is not valid; it was ignored. */
  | { code: "invalid"; field: ResultFilterName }
  /** `from` was after `to`: the two were swapped. */
  | { code: "swappedDates" }
  /** The period was longer than MAX_PERIOD_YEARS: `from` was moved forward. */
  | { code: "periodTooLong" }
  /** A parameter the view does not know (API only). */
  | { code: "unknown"; field: string };

// ---------------------------------------------------------------------------------------------
// Dates

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const localDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The local (America/Santiago) date of an instant, YYYY-MM-DD. */
export function localDay(instant: Date): string {
  return localDayFormat.format(instant);
}

/** The page's default period: 1 January of the current local year up to today. */
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  const today = localDay(now);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February → 28 February (or 1 March): keep the result a real date.
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** "YYYY-MM" of every month the period touches, oldest first. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** "mar 2026" / "Mar 2026" for a "YYYY-MM" month, in the reader's language. */
export function monthLabel(month: string, lng: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(lng === "en" ? "en-GB" : "es-CL", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
}

// ---------------------------------------------------------------------------------------------
// One schema per parameter

const uuid = z.string().trim().toLowerCase().uuid();
const localDate = z.string().trim().refine(isCalendarDate);
export const TEMPLATE_KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

export const ResultFilterSchema = z.object({
  from: localDate,
  to: localDate,
  channel: z.string().trim().toUpperCase().pipe(z.enum(RESULT_CHANNELS)),
  kind: z.string().trim().toUpperCase().pipe(z.enum(RESULT_KINDS)),
  officeId: uuid,
  areaId: uuid,
  tramiteId: uuid,
  officialId: uuid,
  template: z.string().trim().regex(TEMPLATE_KEY_RE),
  groupBy: z.string().trim().toLowerCase().pipe(z.enum(GROUP_BYS)),
  page: z.coerce.number().int().min(1).max(100_000),
});

export const RESULT_FILTER_FIELDS = Object.keys(ResultFilterSchema.shape) as Array<keyof typeof ResultFilterSchema.shape>;

export type ParsedResultFilters = { filters: ResultFilters; errors: ResultFilterError[] };

/**
 * Reads the filters from a query string. Never throws: a bad value is left out (the default is
 * used) and reported. Empty values (an unselected <select> in a GET form) mean "not set".
 */
export function parseResultFilters(params: URLSearchParams, now: Date = new Date()): ParsedResultFilters {
  const today = localDay(now);
  const parsedValues: Partial<ResultFilters> = {};
  const errors: ResultFilterError[] = [];
  const target = parsedValues as Record<string, unknown>;
  for (const field of RESULT_FILTER_FIELDS) {
    const raw = params.get(field);
    if (raw === null || raw.trim() === "") continue;
    const parsed = ResultFilterSchema.shape[field].safeParse(raw);
    if (!parsed.success) {
      errors.push({ code: "invalid", field });
      continue;
    }
    target[field] = parsed.data;
  }
  // A missing bound follows the other one: from 1 January of `to`'s year; up to today, or to the
  // end of `from`'s year when that is in the future. Neither: this year so far.
  const to = parsedValues.to ?? (parsedValues.from && parsedValues.from > today ? `${parsedValues.from.slice(0, 4)}-12-31` : today);
  const from = parsedValues.from ?? `${to.slice(0, 4)}-01-01`;
  const filters: ResultFilters = { ...parsedValues, from, to, page: parsedValues.page ?? 1 };
  if (filters.from > filters.to) {
    [filters.from, filters.to] = [filters.to, filters.from];
    errors.push({ code: "swappedDates" });
  }
  const earliest = shiftYears(filters.to, -MAX_PERIOD_YEARS);
  if (filters.from < earliest) {
    filters.from = earliest;
    errors.push({ code: "periodTooLong" });
  }
  return { filters, errors };
}

/** The query string for a set of filters (the period always; page only past the first). */
export function resultsSearchParams(filters: ResultFilters, overrides: Partial<ResultFilters> = {}): URLSearchParams {
  const f = { ...filters, ...overrides };
  const out = new URLSearchParams();
  out.set("from", f.from);
  out.set("to", f.to);
  if (f.channel) out.set("channel", f.channel);
  if (f.kind) out.set("kind", f.kind);
  if (f.officeId) out.set("officeId", f.officeId);
  if (f.areaId) out.set("areaId", f.areaId);
  if (f.tramiteId) out.set("tramiteId", f.tramiteId);
  if (f.officialId) out.set("officialId", f.officialId);
  if (f.template) out.set("template", f.template);
  if (f.groupBy) out.set("groupBy", f.groupBy);
  if (f.page > 1) out.set("page", String(f.page));
  return out;
}

export function resultsQuery(filters: ResultFilters, overrides: Partial<ResultFilters> = {}): string {
  return `?${resultsSearchParams(filters, overrides).toString()}`;
}

/** How many filters narrow the responses beyond the period. */
export function activeFilterCount(filters: ResultFilters): number {
  const keys = ["channel", "kind", "officeId", "areaId", "tramiteId", "officialId", "template"] as const;
  return keys.filter((k) => Boolean(filters[k])).length;
}

/** The breakdowns to show: the one asked for, else all. */
export function breakdownsFor(filters: Pick<ResultFilters, "groupBy">): GroupBy[] {
  return filters.groupBy ? [filters.groupBy] : [...GROUP_BYS];
}

// ---------------------------------------------------------------------------------------------
// The indicators API's query string: strict (every problem is an error)

export const API_PARAMETERS = ["from", "to", "groupBy", "locale"] as const;

export type ApiIndicatorsQuery = { from: string; to: string; groupBy?: ApiGroupBy };

export type ApiQueryError = { field: string; code: "required" | "date" | "groupBy" | "order" | "periodTooLong" | "unknown" };

/** `from` and `to` are required dates; groupBy one of API_GROUP_BYS. */
export function parseApiIndicatorsQuery(params: URLSearchParams): { ok: true; query: ApiIndicatorsQuery } | { ok: false; errors: ApiQueryError[] } {
  const errors: ApiQueryError[] = [];
  for (const name of new Set(params.keys())) {
    if (!(API_PARAMETERS as readonly string[]).includes(name)) errors.push({ field: name, code: "unknown" });
  }
  const date = (name: "from" | "to"): string | undefined => {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "") {
      errors.push({ field: name, code: "required" });
      return undefined;
    }
    if (!isCalendarDate(raw.trim())) {
      errors.push({ field: name, code: "date" });
      return undefined;
    }
    return raw.trim();
  };
  const from = date("from");
  const to = date("to");
  let groupBy: ApiGroupBy | undefined;
  const rawGroup = params.get("groupBy");
  if (rawGroup !== null && rawGroup.trim() !== "") {
    const value = rawGroup.trim().toLowerCase();
    if ((API_GROUP_BYS as readonly string[]).includes(value)) groupBy = value as ApiGroupBy;
    else errors.push({ field: "groupBy", code: "groupBy" });
  }
  if (from && to && from > to) errors.push({ field: "to", code: "order" });
  else if (from && to && from < shiftYears(to, -MAX_PERIOD_YEARS)) errors.push({ field: "from", code: "periodTooLong" });
  if (errors.length > 0 || !from || !to) return { ok: false, errors };
  return { ok: true, query: { from, to, groupBy } };
}
