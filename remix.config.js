/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler: every file directly in app/routes is a route; tests and helpers live elsewhere.
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: the whole route manifest is small, and lazy discovery fires /__manifest fetches that
    // navigation aborts (console errors) for no gain here.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
  // Keep Node built-ins and server-only packages out of the browser bundle.
  browserNodeBuiltinsPolyfill: { modules: {} },
};
