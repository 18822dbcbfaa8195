// Business-day calendar for the legal clock (Ley 19.880, arts. 24–26): Saturdays, Sundays and
// public holidays do not count. Pure: no I/O; the institution's own holidays are passed in
// (see calendar.server.ts). All local dates are in America/Santiago.
//
// Chile changes its clocks at local midnight (24:00 → 23:00 on the first Sunday of April, and
// 24:00 → 01:00 on the first Sunday of September), so a day may be 23 or 25 hours long and
// 00:00 may not exist. Nothing here assumes a fixed offset or that 00:00 exists: the start of a
// day is "the first instant whose local date is that day".
import Holidays from "date-holidays";

export type LocalDate = string; // "YYYY-MM-DD" in America/Santiago
export const TIME_ZONE = "America/Santiago";

export type ExtraHoliday = { date: LocalDate; name?: string; region?: string | null };

export type Calendar = {
  isBusinessDay(day: LocalDate): boolean;
  holidayName(day: LocalDate): string | null;
};

/** Guard for loops that walk day by day looking for a business day. */
const MAX_NON_BUSINESS_RUN = 400;
/** Guard for spans walked day by day (a century is far beyond any case's life). */
const MAX_SPAN_DAYS = 366 * 100;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const DEFAULT_EXTRA_NAME = "Feriado";

// ---------------------------------------------------------------------------------------------
// Local dates

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLocalDate(day: LocalDate): { y: number; m: number; d: number } {
  const match = typeof day === "string" ? LOCAL_DATE_RE.exec(day) : null;
  if (!match) throw new RangeError(`Invalid local date: ${String(day)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) {
    throw new RangeError(`Invalid local date: ${day}`);
  }
  return { y, m, d };
}

/** Days since 1970-01-01 of a local date (the calendar date, not an instant). */
function dayNumber(day: LocalDate): number {
  const { y, m, d } = parseLocalDate(day);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: LocalDate): number {
  const { y, m, d } = parseLocalDate(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addCalendarDays(day: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not an integer number of days: ${n}`);
  return fromDayNumber(dayNumber(day) + n);
}

// ---------------------------------------------------------------------------------------------
// Instants ↔ local dates

let formatter: Intl.DateTimeFormat | undefined;
function localFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat("en-US", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  return formatter;
}

type LocalParts = { y: number; m: number; d: number; h: number; mi: number; s: number };

function localParts(ms: number): LocalParts {
  const out: Record<string, number> = {};
  for (const part of localFormatter().formatToParts(new Date(ms))) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return { y: out.year, m: out.month, d: out.day, h: out.hour === 24 ? 0 : out.hour, mi: out.minute, s: out.second };
}

function partsToLocalDate(p: LocalParts): LocalDate {
  return `${String(p.y).padStart(4, "0")}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

function assertInstant(instant: Date, what = "instant"): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid ${what}`);
  return ms;
}

function localDateOfMs(ms: number): LocalDate {
  return partsToLocalDate(localParts(ms));
}

export function toLocalDate(instant: Date): LocalDate {
  return localDateOfMs(assertInstant(instant));
}

/** UTC offset (local wall clock minus UTC) in effect at an instant, in ms. */
function offsetAt(ms: number): number {
  const p = localParts(ms);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

function isFirstInstantOf(day: LocalDate, ms: number): boolean {
  return localDateOfMs(ms) === day && localDateOfMs(ms - 1) !== day;
}

const startCache = new Map<LocalDate, number>();
const START_CACHE_LIMIT = 5000;

/** The first instant whose local date is `day` (00:00, or 01:00 on the September change). */
export function startOfLocalDay(day: LocalDate): Date {
  const cached = startCache.get(day);
  if (cached !== undefined) return new Date(cached);
  const { y, m, d } = parseLocalDate(day);
  const utcMidnight = Date.UTC(y, m - 1, d);

  let found: number | undefined;
  // Fast path: local midnight under the offsets in force around that day. When 00:00 does not
  // exist (spring forward) the candidate lands on the first existing instant, which is checked.
  for (const probe of [utcMidnight - 12 * HOUR_MS, utcMidnight + 12 * HOUR_MS, utcMidnight + 36 * HOUR_MS]) {
    const candidate = utcMidnight - offsetAt(probe);
    if (isFirstInstantOf(day, candidate)) {
      found = candidate;
      break;
    }
  }
  if (found === undefined) {
    // Fallback: binary search for the first instant whose local date is >= day. Local dates
    // never go backwards in this zone, so the predicate is monotonic.
    let lo = utcMidnight - 30 * HOUR_MS; // local date surely < day
    let hi = utcMidnight + 30 * HOUR_MS; // local date surely >= day
    for (let i = 0; i < 64 && hi - lo > 1; i++) {
      const mid = Math.floor((lo + hi) / 2);
      if (localDateOfMs(mid) >= day) hi = mid;
      else lo = mid;
    }
    if (localDateOfMs(hi) !== day) throw new RangeError(`Local day ${day} does not exist in ${TIME_ZONE}`);
    found = hi;
  }
  if (startCache.size >= START_CACHE_LIMIT) startCache.clear();
  startCache.set(day, found);
  return new Date(found);
}

/** The last millisecond of `day` (23:59:59.999 local). */
export function endOfLocalDay(day: LocalDate): Date {
  return new Date(startOfLocalDay(addCalendarDays(day, 1)).getTime() - 1);
}

// ---------------------------------------------------------------------------------------------
// Holidays

let holidaysInstance: Holidays | undefined;
const nationalCache = new Map<number, ReadonlyArray<{ date: LocalDate; name: string }>>();
const nationalByDate = new Map<number, ReadonlyMap<LocalDate, string>>();

function computeNationalHolidays(year: number): Array<{ date: LocalDate; name: string }> {
  holidaysInstance ??= new Holidays("CL");
  const byDate = new Map<LocalDate, string>();
  for (const h of holidaysInstance.getHolidays(year) || []) {
    // Only legal holidays: date-holidays marks 31 December as "bank" (banks close; it is a
    // business day for the public administration).
    if (h.type !== "public") continue;
    const date = h.date.slice(0, 10);
    if (!byDate.has(date)) byDate.set(date, h.name);
    // date-holidays lists Easter Sunday but not Holy Saturday, which is a legal holiday in Chile
    // (Ley 2.977). It is always a Saturday, so business-day counts do not change, but name it.
    if (h.rule === "easter -2") {
      const saturday = addCalendarDays(date, 1);
      if (!byDate.has(saturday)) byDate.set(saturday, "Sábado Santo");
    }
  }
  return [...byDate.entries()].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

function nationalMap(year: number): ReadonlyMap<LocalDate, string> {
  let map = nationalByDate.get(year);
  if (!map) {
    const list = computeNationalHolidays(year);
    nationalCache.set(year, Object.freeze(list.map((h) => Object.freeze(h))));
    map = new Map(list.map((h) => [h.date, h.name]));
    nationalByDate.set(year, map);
  }
  return map;
}

/** Chile's national public holidays in a year, by local date, sorted. */
export function nationalHolidays(year: number): Array<{ date: LocalDate; name: string }> {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid year: ${year}`);
  nationalMap(year);
  return nationalCache.get(year)!.map((h) => ({ ...h }));
}

/**
 * A calendar of business days. Extra holidays (the institution's own: election days, one-off legal
 * holidays, regional ones) apply always when their region is null/undefined/empty, and only when
 * `options.region` equals their region otherwise.
 */
export function createCalendar(options: { extraHolidays?: ExtraHoliday[]; region?: string | null } = {}): Calendar {
  const region = options.region || null;
  const extra = new Map<LocalDate, string>();
  for (const h of options.extraHolidays ?? []) {
    if (h.region && h.region !== region) continue;
    parseLocalDate(h.date);
    const name = h.name?.trim() || DEFAULT_EXTRA_NAME;
    // A nationwide entry and a regional one on the same date: keep the first name seen.
    if (!extra.has(h.date)) extra.set(h.date, name);
  }

  const holidayName = (day: LocalDate): string | null => {
    const { y } = parseLocalDate(day);
    return extra.get(day) ?? nationalMap(y).get(day) ?? null;
  };
  const isBusinessDay = (day: LocalDate): boolean => {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) return false;
    return holidayName(day) === null;
  };
  return { isBusinessDay, holidayName };
}

// ---------------------------------------------------------------------------------------------
// Counting business days

/** The first business day strictly after `day`. */
export function nextBusinessDay(calendar: Calendar, day: LocalDate): LocalDate {
  let current = day;
  for (let i = 0; i < MAX_NON_BUSINESS_RUN; i++) {
    current = addCalendarDays(current, 1);
    if (calendar.isBusinessDay(current)) return current;
  }
  throw new Error(`No business day within ${MAX_NON_BUSINESS_RUN} days after ${day}: check the holidays`);
}

/** The n-th business day strictly after `day` (n = 0 → `day` itself, business day or not). */
export function addBusinessDays(calendar: Calendar, day: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Business days must be a non-negative integer: ${n}`);
  let current = day;
  parseLocalDate(current);
  for (let i = 0; i < n; i++) current = nextBusinessDay(calendar, current);
  return current;
}

/**
 * When a filing counts as received (Ley 19.880): on a business day, at the moment it was
 * submitted; on a Saturday, Sunday or holiday, at the start of the next business day.
 */
export function legalReception(calendar: Calendar, submittedAt: Date): Date {
  const ms = assertInstant(submittedAt, "submission time");
  const day = localDateOfMs(ms);
  if (calendar.isBusinessDay(day)) return new Date(ms);
  return startOfLocalDay(nextBusinessDay(calendar, day));
}

/**
 * The deadline for `businessDays` business days: counting starts the business day after the
 * (legal) reception day, and the case is due at the end (23:59:59.999 local) of the n-th business
 * day. `receivedAt` is passed through legalReception first, so a raw submission time on a
 * non-business day gives the same result as its legal reception (idempotent). By construction
 * the deadline is always on a business day; n = 0 means the end of the reception day.
 */
export function dueDate(calendar: Calendar, receivedAt: Date, businessDays: number): Date {
  if (!Number.isInteger(businessDays) || businessDays < 0) {
    throw new RangeError(`Business days must be a non-negative integer: ${businessDays}`);
  }
  const receptionDay = toLocalDate(legalReception(calendar, receivedAt));
  return endOfLocalDay(addBusinessDays(calendar, receptionDay, businessDays));
}

function countBusinessDays(calendar: Calendar, fromDay: LocalDate, toDay: LocalDate): number {
  const span = dayNumber(toDay) - dayNumber(fromDay);
  if (span <= 0) return 0;
  if (span > MAX_SPAN_DAYS) throw new RangeError(`Span too long: ${fromDay} to ${toDay}`);
  let count = 0;
  let current = fromDay;
  for (let i = 0; i < span; i++) {
    current = addCalendarDays(current, 1);
    if (calendar.isBusinessDay(current)) count++;
  }
  return count;
}

/**
 * Business days d with localDate(from) < d <= localDate(to); 0 when `to` is on or before
 * `from`'s day. For "response time in business days": answered the day after reception → 1;
 * answered on the reception day → 0.
 */
export function businessDaysBetween(calendar: Calendar, from: Date, to: Date): number {
  return countBusinessDays(calendar, toLocalDate(from), toLocalDate(to));
}

export type DeadlineState = {
  /** now is after dueAt. */
  overdue: boolean;
  /**
   * Never negative. Not overdue: business days left after today, i.e. business days d with
   * today < d <= due day (due today → 0, due the next business day → 1). Overdue: business days
   * late, i.e. business days d with due day < d <= today, at least 1 (so on the Saturday after a
   * Friday deadline the case is 1 day late, and still 1 on Monday, 2 on Tuesday).
   */
  businessDays: number;
  /** Not overdue and the deadline falls today (local date). */
  dueToday: boolean;
};

/** Where a case stands against its deadline at `now`; see DeadlineState for the definitions. */
export function deadlineState(calendar: Calendar, now: Date, dueAt: Date): DeadlineState {
  const nowMs = assertInstant(now);
  const dueMs = assertInstant(dueAt, "deadline");
  const today = localDateOfMs(nowMs);
  const dueDay = localDateOfMs(dueMs);
  if (nowMs > dueMs) {
    return { overdue: true, businessDays: Math.max(1, countBusinessDays(calendar, dueDay, today)), dueToday: false };
  }
  return { overdue: false, businessDays: countBusinessDays(calendar, today, dueDay), dueToday: today === dueDay };
}

/**
 * Signed form of deadlineState: when not overdue, the business days left after today (>= 0;
 * 0 = due today, still on time); when overdue, minus the business days late (<= -1).
 * Negative if and only if overdue.
 */
export function businessDaysLeft(calendar: Calendar, now: Date, dueAt: Date): number {
  const state = deadlineState(calendar, now, dueAt);
  return state.overdue ? -state.businessDays : state.businessDays;
}

/**
 * The instant of a wall-clock time in Chile ("2026-03-05", "16:30"), for dates typed by staff
 * (a letter received last Thursday afternoon). A time skipped by the clock change resolves to
 * the first instant after it.
 */
export function localDateTime(day: LocalDate, time: string): Date {
  const { y, m, d } = parseLocalDate(day);
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new RangeError(`Invalid local time: ${time}`);
  const wall = Date.UTC(y, m - 1, d, Number(match[1]), Number(match[2]));
  let ms = wall - offsetAt(wall);
  ms = wall - offsetAt(ms);
  const start = startOfLocalDay(day).getTime();
  return new Date(Math.max(ms, start));
}
