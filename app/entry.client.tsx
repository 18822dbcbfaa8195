import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { fallbackLanguage, isLanguage } from "./i18n/config";
import { createI18n } from "./i18n/i18n";

async function hydrate() {
  const declared = document.documentElement.dataset.lng;
  const i18n = await createI18n(isLanguage(declared) ? declared : fallbackLanguage);
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
