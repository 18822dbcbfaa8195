import type { InitOptions } from "i18next";
import { defaultNS, supportedLanguages, type Language } from "./config";

/** Options the server's and the browser's i18next instances share. */
export function sharedOptions(lng: Language): InitOptions {
  return {
    lng,
    defaultNS,
    supportedLngs: [...supportedLanguages],
    // "es" and "en" only: never look for regional variants (es-CL) that no file provides.
    load: "currentOnly",
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  };
}
