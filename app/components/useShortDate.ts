import { useTranslation } from "react-i18next";

const formats = new Map<string, Intl.DateTimeFormat>();

/** "17 mar 2026" in the reader's language, in Chile's time zone. */
export function useShortDate(): (d: string | Date) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-GB" : "es-CL";
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "America/Santiago" });
    formats.set(locale, format);
  }
  return (d) => format.format(new Date(d));
}
