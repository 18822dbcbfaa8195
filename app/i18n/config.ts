// Shared by the server and the browser. Each feature owns a namespace file per language
// under locales/<lng>/<ns>.json; add new namespaces to resources.ts.
export const supportedLanguages = ["es", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "es";
export const defaultNS = "common";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** BCP 47 tag for <html lang> and Intl: Spanish as used in Chile. */
export function htmlLang(lng: Language): string {
  return lng === "es" ? "es-CL" : "en";
}
