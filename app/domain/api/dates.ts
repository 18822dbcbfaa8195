// ISO-8601 timestamps with the institution's UTC offset (America/Santiago), as the APIs answer
// them: "2026-03-02T00:00:00-03:00". Pure; the formatter is built once (Intl objects are costly).
export const API_TIME_ZONE = "America/Santiago";

/** How far back a case's `receivedAt` may go: as for an officer registering a letter, within a year. */
export const MAX_BACKDATE_DAYS = 366;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The instant as local wall-clock time in `timeZone` with its offset; seconds precision. */
export function isoWithOffset(date: Date, timeZone: string = API_TIME_ZONE): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError("invalid date");
  const seconds = Math.floor(time / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(seconds)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wallClockAsUtc - seconds) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const yearText = year < 0 || year > 9999 ? String(year) : pad(year, 4);
  return `${yearText}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Same, or null for a missing date. */
export function isoWithOffsetOrNull(date: Date | null | undefined, timeZone?: string): string | null {
  return date ? isoWithOffset(date, timeZone) : null;
}
