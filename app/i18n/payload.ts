// The translations a server-rendered page used, sent inside the page so the browser needs no
// translation files to hydrate it (and does not download every namespace of every language: issue 6
// budgets the kiosk's first-screen JavaScript). Namespaces a later client-side navigation needs come
// from /i18n/<lng>/<ns>?v=<version> (app/routes/i18n.$lng.$ns.ts), cached for good per version.
import type { Language } from "./config";

export const PAYLOAD_ELEMENT_ID = "i18n-payload";

export type Translations = Record<string, unknown>;

export type I18nPayload = {
  /** Content hash of every translation file: changes whenever a string does. */
  version: string;
  lng: Language;
  /** Every language the site offers (the kiosk's service worker caches them all). */
  languages: readonly Language[];
  /** Every namespace there is (the browser fetches no other). */
  namespaces: readonly string[];
  /** Namespace → translations, per language read while rendering. */
  resources: Partial<Record<Language, Record<string, Translations>>>;
};

export function namespaceUrl(lng: string, ns: string, version: string): string {
  return `/i18n/${encodeURIComponent(lng)}/${encodeURIComponent(ns)}?v=${encodeURIComponent(version)}`;
}

/** JSON safe inside <script>: no "</script>", no HTML comment openers, no line separators. */
export function serializePayload(payload: I18nPayload): string {
  return JSON.stringify(payload)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
