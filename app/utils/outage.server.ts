// Pages while the database is unreachable: "service temporarily unavailable" (503) in the visitor's
// language, never an error page with a 500. The root loader reads the database on every page, so it
// is where an outage is noticed (root.tsx); entry.server.tsx turns a client-side navigation's failed
// data request into the same answer. The JSON APIs have their own handling (domain/api/errors.server.ts).
import { json } from "@remix-run/node";
import { isDatabaseUnavailable, isOutage } from "~/domain/api/errors.server";
import { escapeHtml } from "~/domain/notify/email-layout.server";
import { htmlLang, type Language } from "~/i18n/config";
import { createI18n, getLanguage } from "~/i18n/i18n.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /**
     * Set by an action that refused a submission because the database failed: the page is rendered
     * again (without JavaScript) with what was typed, from what the loaders can still give.
     */
    refusedSubmission?: boolean;
  }
}

export const OUTAGE_RETRY_AFTER_SECONDS = 30;

export { isOutage };

/** What a loader throws during an outage; the root ErrorBoundary shows it in `lng`. */
export function unavailableResponse(lng: Language): Response {
  return json(
    { reason: "unavailable", lng },
    { status: 503, headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

// Requests during which a loader or action failed because of the database (recorded by
// entry.server.tsx's handleError, which Remix calls with the original error before answering).
const outageRequests = new WeakSet<Request>();

export function noteOutage(error: unknown, request: Request) {
  if (isDatabaseUnavailable(error)) outageRequests.add(request);
}

export function hadOutage(request: Request): boolean {
  return outageRequests.has(request);
}

/**
 * For resource routes (downloads, exports, sign-out), which have no ErrorBoundary: a database
 * outage answers a short 503 page in the visitor's language, with Retry-After, instead of Remix's
 * plain-text 500. Any other error is rethrown unchanged.
 */
export function withOutagePage<Args extends { request: Request }>(handler: (args: Args) => Promise<Response>) {
  return async (args: Args): Promise<Response> => {
    try {
      return await handler(args);
    } catch (error) {
      if (!(await isOutage(error))) throw error;
      console.error(`[outage] ${args.request.method} ${new URL(args.request.url).pathname}: database unavailable`);
      return unavailablePage(await getLanguage(args.request));
    }
  };
}

async function unavailablePage(lng: Language): Promise<Response> {
  const t = (await createI18n(lng)).getFixedT(lng, "common");
  const title = escapeHtml(t("errors.unavailableTitle"));
  const html =
    `<!doctype html><html lang="${htmlLang(lng)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1><p>${escapeHtml(t("errors.unavailable"))}</p>` +
    `<p><a href="/">${escapeHtml(t("errors.goHome"))}</a></p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
