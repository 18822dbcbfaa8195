import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { supportedLanguages, type Language } from "~/i18n/config";

/** A plain POST form, so it works without JavaScript; the server sets the cookie and comes back. */
export function LanguageSwitcher({ current }: { current: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/idioma" className="language-switcher" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <span className="visually-hidden">{t("language.label")}: </span>
      {supportedLanguages.map((lng) => (
        <button
          key={lng}
          type="submit"
          name="lng"
          value={lng}
          lang={lng}
          aria-current={lng === current ? "true" : undefined}
          className={lng === current ? "lang-current" : undefined}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </Form>
  );
}
