// GET /kiosco/sw.js: the kiosk's service worker (source: kiosk/sw.ts). The function is compiled into
// the server build with the rest of the app and served as text, so the production build needs no
// extra build step and nothing is downloaded. `Service-Worker-Allowed: /kiosco` lets it control
// /kiosco itself (a worker's default scope would be /kiosco/ only).
import { createHash } from "node:crypto";
import { kioskServiceWorker } from "../../kiosk/sw";

const source = kioskServiceWorker.toString();
const version = createHash("sha256").update(source).digest("hex").slice(0, 12);
const body = `"use strict";\n(${source})(self, ${JSON.stringify(version)});\n`;

export async function loader() {
  return new Response(body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Service-Worker-Allowed": "/kiosco",
      // Browsers check for a new worker on every visit; never serve a stale one.
      "Cache-Control": "no-cache",
    },
  });
}
