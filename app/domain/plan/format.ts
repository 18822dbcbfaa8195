// Display helpers for plan pages (pure). Calendar days are stored as UTC midnight: format them in
// UTC so they never shift a day in Chile's time zone.
const locales: Record<string, string> = { es: "es-CL", en: "en-GB" };

export function formatDay(value: string | null | undefined, lng: string): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locales[lng] ?? "es-CL", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

export function formatNumber(value: number | null | undefined, lng: string, maximumFractionDigits = 2): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locales[lng] ?? "es-CL", { maximumFractionDigits }).format(value);
}

/** Month names 1–12, short and long, in the page's language. */
export function monthNames(lng: string): Array<{ month: number; short: string; long: string }> {
  const locale = locales[lng] ?? "es-CL";
  const short = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const long = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, i) => {
    const date = new Date(Date.UTC(2026, i, 1));
    return { month: i + 1, short: short.format(date).replace(".", ""), long: long.format(date) };
  });
}

/** A period code ("2026-S1", "2026-M03", "2026-Y") in words, e.g. "1.er semestre 2026". */
export function periodLabel(t: (key: string, options?: Record<string, unknown>) => string, code: string | null, lng: string): string {
  if (!code) return "—";
  const m = /^(\d{4})-(Y|M|Q|S)(\d{0,2})$/.exec(code);
  if (!m) return code;
  const [, year, letter, n] = m;
  if (letter === "M") return `${monthNames(lng)[Number(n) - 1]?.long ?? n} ${year}`;
  return t(`plan:periodLabel.${letter}`, { n: Number(n || 1), year });
}

/** A moment (who entered a figure, when) in Chile's time zone. */
export function formatDateTimeShort(value: string, lng: string): string {
  return new Intl.DateTimeFormat(locales[lng] ?? "es-CL", { dateStyle: "medium", timeStyle: "short", timeZone: "America/Santiago" }).format(new Date(value));
}
