// Dates shown to people are always in Chile's time zone, whatever the server's.
const TIME_ZONE = "America/Santiago";

const locales: Record<string, string> = { es: "es-CL", en: "en-GB" };

export function formatDate(value: Date | string, lng: string): string {
  return new Intl.DateTimeFormat(locales[lng] ?? "es-CL", { dateStyle: "long", timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatDateTime(value: Date | string, lng: string): string {
  return new Intl.DateTimeFormat(locales[lng] ?? "es-CL", { dateStyle: "long", timeStyle: "short", timeZone: TIME_ZONE }).format(new Date(value));
}
