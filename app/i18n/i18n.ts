import { createInstance, type i18n as I18n } from "i18next";
import { defaultNS, fallbackLanguage, supportedLanguages, type Language } from "./config";
import { namespaces, resources } from "./resources";

/** A fresh i18next instance for one request (server) or the page (browser). */
export async function createI18n(lng: Language): Promise<I18n> {
  const instance = createInstance();
  await instance.init({
    lng,
    resources,
    ns: namespaces,
    defaultNS,
    fallbackLng: fallbackLanguage,
    supportedLngs: [...supportedLanguages],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
