import { createContext, useContext } from "react";

/**
 * This request's Content-Security-Policy nonce for inline scripts (app/entry.server.tsx provides
 * it). In the browser it is "": browsers hide nonce attributes once the page has loaded (the
 * attribute reads "", only the element's `nonce` property keeps the value), the inline scripts
 * have already run by then, and Remix renders them with `suppressHydrationWarning`, so hydration
 * neither needs the value nor reports a difference.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
