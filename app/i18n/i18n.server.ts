import { createHash } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, isLanguage, supportedLanguages, type Language } from "./config";
import { sharedOptions } from "./i18n";
import type { I18nPayload, Translations } from "./payload";
import { namespaces, resources } from "./resources";
import { secureCookies } from "~/utils/env.server";

/** Changes whenever any string does; versions the browser's cached translation files. */
export const translationsVersion = createHash("sha256").update(JSON.stringify(resources)).digest("hex").slice(0, 12);

/** A fresh i18next instance with every namespace of both languages (server only). */
export async function createI18n(lng: Language): Promise<I18n> {
  const instance = createInstance();
  await instance.init({ ...sharedOptions(lng), resources, ns: namespaces, fallbackLng: fallbackLanguage });
  return instance;
}

/** The namespace's translations, or null for an unknown language or namespace. */
export function translationsOf(lng: string, ns: string): Translations | null {
  if (!isLanguage(lng) || !(namespaces as readonly string[]).includes(ns)) return null;
  return resources[lng][ns as keyof (typeof resources)["es"]] as Translations;
}

/**
 * Records every (language, namespace) the instance — and its clones, which share its store — looks
 * a key up in, and returns what the page needs in the browser: exactly those translations.
 */
export function recordUsedTranslations(instance: I18n, lng: Language): () => I18nPayload {
  const used = new Map<Language, Set<string>>();
  // i18next's typings omit ResourceStore#getResource, the one lookup every translation goes through.
  const store = instance.store as unknown as { getResource: (code: string, ns: string, ...rest: unknown[]) => unknown };
  const getResource = store.getResource.bind(store);
  store.getResource = (code, ns, ...rest) => {
    if (isLanguage(code) && translationsOf(code, ns)) {
      const set = used.get(code) ?? new Set<string>();
      set.add(ns);
      used.set(code, set);
    }
    return getResource(code, ns, ...rest);
  };
  return () => {
    const picked: I18nPayload["resources"] = {};
    for (const [code, nsSet] of used) {
      picked[code] = Object.fromEntries([...nsSet].sort().map((ns) => [ns, translationsOf(code, ns)!]));
    }
    return { version: translationsVersion, lng, languages: supportedLanguages, namespaces, resources: picked };
  };
}

// The chosen language persists for a year; a first visit follows Accept-Language.
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
  secure: secureCookies(),
});

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
});

export async function getLanguage(request: Request): Promise<Language> {
  const lng = await detector.getLocale(request);
  return isLanguage(lng) ? lng : fallbackLanguage;
}

/** A translate function for the request's language (server-rendered text, emails, errors). */
export async function getFixedT(request: Request, ns?: string | string[]) {
  const lng = await getLanguage(request);
  const i18n = await createI18n(lng);
  return i18n.getFixedT(lng, ns);
}
