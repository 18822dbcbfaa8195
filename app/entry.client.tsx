import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { I18nPayloadText } from "./components/I18nPayloadScript";
import { createClientI18n, readPayloadText } from "./i18n/i18n.client";

async function hydrate() {
  const payloadText = readPayloadText();
  const i18n = await createClientI18n(payloadText);
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <I18nPayloadText.Provider value={() => payloadText}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </I18nPayloadText.Provider>
      </I18nextProvider>,
    );
  });
}

void hydrate();
