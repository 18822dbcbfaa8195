// The browser's i18next: starts with the translations the server rendered the page with (read from
// the page, see payload.ts) and fetches any other namespace or language when a component asks for it
// (react-i18next suspends until it arrives).
import { createInstance, type BackendModule, type i18n as I18n } from "i18next";
import { sharedOptions } from "./i18n";
import { fallbackLanguage, isLanguage } from "./config";
import { namespaceUrl, PAYLOAD_ELEMENT_ID, type I18nPayload } from "./payload";

/** The payload's text exactly as the server wrote it (the root re-renders it unchanged). */
export function readPayloadText(): string {
  return document.getElementById(PAYLOAD_ELEMENT_ID)?.textContent ?? "";
}

function parsePayload(text: string): I18nPayload {
  try {
    const payload = JSON.parse(text) as I18nPayload;
    if (isLanguage(payload.lng) && typeof payload.version === "string") return payload;
  } catch {
    // fall through: an error page without a payload still hydrates, fetching what it needs
  }
  return { version: "", lng: fallbackLanguage, languages: [fallbackLanguage], namespaces: [], resources: {} };
}

function fetchBackend(version: string): BackendModule {
  return {
    type: "backend",
    init() {},
    read(lng, ns, callback) {
      fetch(namespaceUrl(lng, ns, version), { credentials: "same-origin" })
        .then(async (res) => {
          if (!res.ok) throw new Error(`translations ${lng}/${ns}: HTTP ${res.status}`);
          callback(null, await res.json());
        })
        .catch((error: Error) => callback(error, false));
    },
  };
}

export async function createClientI18n(payloadText: string): Promise<I18n> {
  const payload = parsePayload(payloadText);
  const bundled = Object.values(payload.resources).flatMap((byNs) => Object.keys(byNs ?? {}));
  const instance = createInstance().use(fetchBackend(payload.version));
  const requested = new Set<string>();
  await instance.init({
    ...sharedOptions(payload.lng),
    resources: payload.resources,
    partialBundledLanguages: true,
    ns: [...new Set(bundled)],
    // English is complete (test/unit/i18n-parity.test.ts): never fetch Spanish just as a fallback.
    fallbackLng: false,
    // A key of a namespace (or language) nobody asked for yet — "plan:…" in a message an action
    // returned after a client-side navigation, a poster previewed in the other language — fetches
    // that namespace in that language, once; components re-render when it is added.
    saveMissing: true,
    missingKeyHandler: (lngs, ns) => {
      if (!payload.namespaces.includes(ns)) return;
      const missing = lngs.filter((l) => isLanguage(l) && !instance.hasResourceBundle(l, ns) && !requested.has(`${l}|${ns}`));
      if (missing.length === 0) return;
      for (const l of missing) requested.add(`${l}|${ns}`);
      void instance.reloadResources(missing, [ns]);
    },
    react: { bindI18nStore: "added" },
  });
  return instance;
}
