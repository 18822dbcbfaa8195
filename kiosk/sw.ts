// The kiosk's service worker: keeps the totem's shell (the /kiosco page, every script and style it
// loads, the manifest and icon; the app uses system fonts, so there are no font files) in a cache so
// /kiosco opens with the network off. Served by app/routes/kiosco.sw[.]js.ts as
// `(${kioskServiceWorker})(self, "<version>")` with `Service-Worker-Allowed: /kiosco`, so it controls
// /kiosco and /kiosco/activar only — never the rest of the site.
//
// - Page loads under /kiosco: network first (fresh after a deploy), the cached page when the
//   network or the server is down. Each successful load refreshes the cache with the page and any
//   new /build/ file it references.
// - /build/* (fingerprinted, immutable) and /i18n/<lng>/<ns>?v=… (versioned translations): cache first.
//   The page carries its own translations; the worker also stores the same namespaces in every other
//   language, so the totem can switch language with the network off.
// - Everything else (POSTs to the API, the heartbeat) goes straight to the network: the page's
//   offline queue (kiosk/queue.ts) handles those.
//
// This function is stringified: it must not use anything from outside its own body.

type SwEvent = { waitUntil(p: Promise<unknown>): void };
type SwFetchEvent = SwEvent & { request: Request; respondWith(r: Promise<Response>): void };
type SwGlobal = {
  location: { origin: string };
  caches: CacheStorage;
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: SwEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: SwFetchEvent) => void): void;
};

export function kioskServiceWorker(sw: SwGlobal, version: string) {
  const CACHE = `oirs-kiosk-${version}`;
  const PAGE = "/kiosco";
  const STATIC = ["/kiosco/manifest.webmanifest", "/kiosco/icon.svg", "/favicon.svg"];
  const NETWORK_TIMEOUT_MS = 4000;

  /** The page's namespaces in every language the site offers (see app/i18n/payload.ts). */
  function translationsOf(html: string): string[] {
    const m = /<script type="application\/json" id="i18n-payload">([^<]*)<\/script>/.exec(html);
    if (!m) return [];
    try {
      const payload = JSON.parse(m[1]!) as { version: string; languages: string[]; resources: Record<string, Record<string, unknown>> };
      const namespaces = new Set(Object.values(payload.resources).flatMap((byNs) => Object.keys(byNs)));
      return payload.languages.flatMap((lng) =>
        [...namespaces].map((ns) => `/i18n/${encodeURIComponent(lng)}/${encodeURIComponent(ns)}?v=${encodeURIComponent(payload.version)}`),
      );
    } catch {
      return [];
    }
  }

  /** The same-origin /build/ scripts and styles a page references, and its translations. */
  function assetsOf(html: string): string[] {
    const urls = new Set<string>();
    const re = /(?:href|src)="(\/build\/[^"]+)"/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(html))) urls.add(m[1]!);
    // The module script imports the entry and route chunks by URL, inside the inline script.
    const inline = /["'](\/build\/[^"']+\.(?:js|css))["']/g;
    while ((m = inline.exec(html))) urls.add(m[1]!);
    for (const url of translationsOf(html)) urls.add(url);
    return [...urls];
  }

  function isVersioned(path: string): boolean {
    return path.startsWith("/build/") || path.startsWith("/i18n/");
  }

  async function cacheMissing(cache: Cache, urls: string[]) {
    await Promise.all(
      urls.map(async (url) => {
        if (await cache.match(url)) return;
        const res = await fetch(url, { credentials: "same-origin" });
        if (res.ok) await cache.put(url, res);
      }),
    );
  }

  /** Stores a fresh /kiosco page and everything it loads. */
  async function storeShell(cache: Cache, page: Response) {
    const html = await page.clone().text();
    const assets = assetsOf(html);
    await cache.put(PAGE, page);
    await cacheMissing(cache, assets);
    // Drop files of earlier builds (and translations of earlier versions) this page no longer loads.
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      if (isVersioned(url.pathname) && !assets.includes(url.pathname + url.search)) await cache.delete(request);
    }
  }

  async function precache() {
    const cache = await sw.caches.open(CACHE);
    const page = await fetch(PAGE, { credentials: "same-origin", cache: "no-store" });
    if (page.ok) await storeShell(cache, page);
    await cacheMissing(cache, STATIC).catch(() => undefined);
  }

  function withTimeout(p: Promise<Response>, ms: number): Promise<Response> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timeout")), ms);
      p.then(
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  async function page(event: SwFetchEvent): Promise<Response> {
    const cache = await sw.caches.open(CACHE);
    const path = new URL(event.request.url).pathname;
    try {
      const res = await withTimeout(fetch(event.request), NETWORK_TIMEOUT_MS);
      if (res.status >= 500) throw new Error(`server error ${res.status}`);
      if (res.ok && (path === PAGE || path === `${PAGE}/`)) event.waitUntil(storeShell(cache, res.clone()).catch(() => undefined));
      return res;
    } catch (error) {
      const cached = (await cache.match(event.request, { ignoreSearch: true })) ?? (await cache.match(PAGE));
      if (cached) return cached;
      throw error;
    }
  }

  async function asset(request: Request): Promise<Response> {
    const cache = await sw.caches.open(CACHE);
    const cached = await cache.match(request, { ignoreSearch: false });
    if (cached) return cached;
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    return res;
  }

  async function staleWhileRevalidate(event: SwFetchEvent): Promise<Response> {
    const cache = await sw.caches.open(CACHE);
    const cached = await cache.match(event.request);
    const fresh = fetch(event.request).then(async (res) => {
      if (res.ok) await cache.put(event.request, res.clone());
      return res;
    });
    if (cached) {
      event.waitUntil(fresh.catch(() => undefined));
      return cached;
    }
    return fresh;
  }

  sw.addEventListener("install", (event) => {
    event.waitUntil(precache().then(() => sw.skipWaiting()));
  });

  sw.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await sw.caches.keys()) if (name.startsWith("oirs-kiosk-") && name !== CACHE) await sw.caches.delete(name);
        await sw.clients.claim();
      })(),
    );
  });

  sw.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (url.origin !== sw.location.origin) return;
    if (request.mode === "navigate" && (url.pathname === PAGE || url.pathname.startsWith(`${PAGE}/`))) {
      event.respondWith(page(event));
      return;
    }
    if (isVersioned(url.pathname)) {
      event.respondWith(asset(request));
      return;
    }
    if (STATIC.includes(url.pathname)) event.respondWith(staleWhileRevalidate(event));
  });
}
