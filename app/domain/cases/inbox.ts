// The staff inbox's filters: one Zod schema per URL parameter, parsed from the query string and
// written back to it. Pure (no I/O, no server imports): shared by the inbox page, its export
// routes and the domain query (inbox.server.ts).
//
// A bad parameter never fails the page: it falls back to its default and is reported in
// `notices`, so a hand-edited or stale link still shows an inbox.
import { z } from "zod";

export const INBOX_KINDS = ["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD"] as const;
export const INBOX_CHANNELS = ["WEB", "KIOSK", "PRESENCIAL", "TELEFONO", "EMAIL", "CARTA", "REDES", "API"] as const;
export const INBOX_STATUSES = [
  "INGRESADA",
  "ASIGNADA",
  "EN_TRAMITE",
  "ESPERA_CIUDADANO",
  "RESPONDIDA",
  "CERRADA",
  "DERIVADA",
  "DESISTIDA",
  "REABIERTA",
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export type InboxChannel = (typeof INBOX_CHANNELS)[number];
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Cases still waiting for the institution or the citizen: the inbox's default. */
export const OPEN_STATUSES = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "REABIERTA"] as const satisfies readonly InboxStatus[];
/** The legal clock pauses while the institution waits for the citizen (Ley 19.880 art. 31). */
export const PAUSED_STATUS = "ESPERA_CIUDADANO" as const satisfies InboxStatus;
/** Open and with the clock running: the only cases that can be on time, due soon or overdue. */
export const CLOCK_RUNNING_STATUSES = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"] as const satisfies readonly InboxStatus[];

/** ok: more than 2 business days left · soon: due within 2 business days (today included) · overdue · paused. */
export const DEADLINE_FILTERS = ["ok", "soon", "overdue", "paused"] as const;
export type DeadlineFilter = (typeof DEADLINE_FILTERS)[number];
/** "Due soon" means due on or before the end of the 2nd business day after today. */
export const SOON_BUSINESS_DAYS = 2;

export const INBOX_SORTS = ["due", "received", "folio"] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
export const Q_MAX = 100;
/** `assignee=none`: cases nobody has taken yet · `area=none`: the OIRS queue (not routed to an area). */
export const UNASSIGNED = "none" as const;

export type InboxFilters = {
  kind?: InboxKind;
  /** Never empty. Defaults to OPEN_STATUSES; `status=all` gives every status. */
  status: InboxStatus[];
  channel?: InboxChannel;
  area?: string; // an area id, or UNASSIGNED for the OIRS queue (no area yet)
  assignee?: string; // a user id or UNASSIGNED
  tramite?: string;
  office?: string;
  deadline?: DeadlineFilter;
  /** Received on or after this local date (America/Santiago), YYYY-MM-DD. */
  from?: string;
  /** Received on or before this local date (inclusive). */
  to?: string;
  q?: string;
  sort: InboxSort;
  dir: SortDirection;
  page: number;
  size: number;
};

export type InboxFilterName = keyof InboxFilters;

export const DEFAULT_INBOX_FILTERS: Readonly<InboxFilters> = Object.freeze({
  status: [...OPEN_STATUSES],
  sort: "due",
  dir: "asc",
  page: 1,
  size: DEFAULT_PAGE_SIZE,
});

// ---------------------------------------------------------------------------------------------
// One schema per parameter

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const uuid = z.string().trim().toLowerCase().uuid();
const localDate = z.string().trim().refine(isCalendarDate);

/** `status=A&status=B`, `status=A,B` or `status=all`. */
const statusList = z
  .array(z.string())
  .transform((values) => values.flatMap((v) => v.split(",")).map((v) => v.trim().toUpperCase()).filter(Boolean))
  .pipe(z.union([z.tuple([z.literal("ALL")]), z.array(z.enum(INBOX_STATUSES)).min(1)]))
  .transform((values): InboxStatus[] => (values[0] === "ALL" ? [...INBOX_STATUSES] : INBOX_STATUSES.filter((s) => (values as string[]).includes(s))));

/**
 * The inbox's query string, one schema per parameter (each parsed on its own so one bad value
 * does not discard the others). Values arrive as strings; `status` as every value given.
 */
export const InboxFilterSchema = z.object({
  kind: z.string().trim().toUpperCase().pipe(z.enum(INBOX_KINDS)),
  status: statusList,
  channel: z.string().trim().toUpperCase().pipe(z.enum(INBOX_CHANNELS)),
  area: z.union([z.literal(UNASSIGNED), uuid]),
  assignee: z.union([z.literal(UNASSIGNED), uuid]),
  tramite: uuid,
  office: uuid,
  deadline: z.enum(DEADLINE_FILTERS),
  from: localDate,
  to: localDate,
  q: z
    .string()
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().max(Q_MAX)),
  sort: z.enum(INBOX_SORTS),
  dir: z.enum(SORT_DIRECTIONS),
  page: z.coerce.number().int().min(1).max(1_000_000),
  size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE),
});

const FIELDS = Object.keys(InboxFilterSchema.shape) as Array<keyof typeof InboxFilterSchema.shape>;

export type InboxNotice =
  /** The parameter's value was not valid; its default was used. */
  | { code: "invalid"; field: InboxFilterName }
  /** `from` was after `to`: the two were swapped. */
  | { code: "swappedDates" };

export type ParsedInboxFilters = { filters: InboxFilters; notices: InboxNotice[] };

/** Reads the inbox filters from a query string. Never throws. */
export function parseInboxFilters(params: URLSearchParams): ParsedInboxFilters {
  const filters: InboxFilters = { ...DEFAULT_INBOX_FILTERS, status: [...DEFAULT_INBOX_FILTERS.status] };
  const notices: InboxNotice[] = [];
  const target = filters as Record<string, unknown>;
  for (const field of FIELDS) {
    const raw = field === "status" ? params.getAll(field).filter((v) => v.trim() !== "") : params.get(field);
    // An empty value (an unselected <select> in a GET form) means "not set".
    if (raw === null || (typeof raw === "string" && raw.trim() === "") || (Array.isArray(raw) && raw.length === 0)) continue;
    const parsed = InboxFilterSchema.shape[field].safeParse(raw);
    if (!parsed.success) {
      notices.push({ code: "invalid", field });
      continue;
    }
    if (parsed.data === "") continue; // q of only spaces
    target[field] = parsed.data;
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    [filters.from, filters.to] = [filters.to, filters.from];
    notices.push({ code: "swappedDates" });
  }
  return { filters, notices };
}

function sameStatuses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** True when the filter asks for every status (no status condition). */
export function isAllStatuses(status: readonly string[]): boolean {
  return sameStatuses(status, INBOX_STATUSES);
}

/** True when the filter is the default "open cases" set. */
export function isDefaultStatuses(status: readonly string[]): boolean {
  return sameStatuses(status, OPEN_STATUSES);
}

/**
 * The query string for a set of filters, leaving defaults out (so links stay short and the
 * clean inbox is just `/gestion`). `overrides` replaces fields first (e.g. `{ page: 3 }`).
 */
export function inboxSearchParams(filters: InboxFilters, overrides: Partial<InboxFilters> = {}): URLSearchParams {
  const f = { ...filters, ...overrides };
  const out = new URLSearchParams();
  if (f.q) out.set("q", f.q);
  if (f.kind) out.set("kind", f.kind);
  if (!isDefaultStatuses(f.status)) out.set("status", isAllStatuses(f.status) ? "all" : f.status.join(","));
  if (f.channel) out.set("channel", f.channel);
  if (f.area) out.set("area", f.area);
  if (f.assignee) out.set("assignee", f.assignee);
  if (f.tramite) out.set("tramite", f.tramite);
  if (f.office) out.set("office", f.office);
  if (f.deadline) out.set("deadline", f.deadline);
  if (f.from) out.set("from", f.from);
  if (f.to) out.set("to", f.to);
  if (f.sort !== DEFAULT_INBOX_FILTERS.sort) out.set("sort", f.sort);
  if (f.dir !== DEFAULT_INBOX_FILTERS.dir) out.set("dir", f.dir);
  if (f.size !== DEFAULT_INBOX_FILTERS.size) out.set("size", String(f.size));
  if (f.page !== 1) out.set("page", String(f.page));
  return out;
}

/** `?…` for links (empty string for the default inbox). */
export function inboxQuery(filters: InboxFilters, overrides: Partial<InboxFilters> = {}): string {
  const query = inboxSearchParams(filters, overrides).toString();
  return query ? `?${query}` : "";
}

/** How many filters narrow the result beyond the defaults (for "n filters applied"). */
export function activeFilterCount(filters: InboxFilters): number {
  const keys = ["q", "kind", "channel", "area", "assignee", "tramite", "office", "deadline", "from", "to"] as const;
  return keys.filter((k) => Boolean(filters[k])).length + (isDefaultStatuses(filters.status) ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// Rows

/** Where a case stands against its deadline, as the inbox shows it (colour and text). */
export type RowDeadline =
  /** Answered, closed, derived or desisted: no clock. */
  | { state: "closed" }
  /** Waiting for the citizen: the clock is paused. */
  | { state: "paused" }
  | { state: "overdue"; businessDays: number }
  /** Due by the end of today (still on time). */
  | { state: "today"; businessDays: 0 }
  /** Due within SOON_BUSINESS_DAYS business days after today. */
  | { state: "soon"; businessDays: number }
  | { state: "ok"; businessDays: number };

/** Page numbers to show around the current one: first, last, and a window (null = a gap). */
export function paginationWindow(page: number, pageCount: number, radius = 2): Array<number | null> {
  if (pageCount <= 1) return [1];
  const pages = new Set<number>([1, pageCount]);
  for (let p = Math.max(1, page - radius); p <= Math.min(pageCount, page + radius); p++) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (typeof last === "number" && p - last > 1) out.push(null);
    out.push(p);
  }
  return out;
}
