import { createContext, useContext } from "react";
import { PAYLOAD_ELEMENT_ID } from "~/i18n/payload";

/**
 * Gives the payload's JSON text. On the server it is computed when called — the root renders this
 * script after the page's content, so every string the page used has been looked up by then; in the
 * browser it is the text the server sent, so hydration sees identical markup.
 */
export const I18nPayloadText = createContext<() => string>(() => "");

/** The page's translations as inert JSON (type application/json: never executed, CSP-safe). */
export function I18nPayloadScript() {
  const text = useContext(I18nPayloadText)();
  return <script type="application/json" id={PAYLOAD_ELEMENT_ID} dangerouslySetInnerHTML={{ __html: text }} suppressHydrationWarning />;
}
