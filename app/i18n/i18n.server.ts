import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, isLanguage, supportedLanguages, type Language } from "./config";
import { createI18n } from "./i18n";
import { secureCookies } from "~/utils/env.server";

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
