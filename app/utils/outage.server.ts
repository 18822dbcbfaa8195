// Pages while the database is unreachable: "service temporarily unavailable" (503) in the visitor's
// language, never an error page with a 500. The root loader reads the database on every page, so it
// is where an outage is noticed (root.tsx); entry.server.tsx turns a client-side navigation's failed
// data request into the same answer. The JSON APIs have their own handling (domain/api/errors.server.ts).
import { json } from "@remix-run/node";
import { isDatabaseUnavailable } from "~/domain/api/errors.server";
import type { Language } from "~/i18n/config";

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

export { isOutage } from "~/domain/api/errors.server";

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
