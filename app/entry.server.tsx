import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { I18nPayloadText } from "./components/I18nPayloadScript";
import { NonceProvider } from "./components/Nonce";
import { createI18n, getLanguage, recordUsedTranslations } from "./i18n/i18n.server";
import { serializePayload } from "./i18n/payload";
import { documentPolicy, imageOrigin } from "./server/security-headers";
import { hadOutage, noteOutage, unavailableResponse } from "./utils/outage.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The Express server's nonce for this request (app/server/main.ts): on Remix's inline scripts,
  // React's streaming scripts and in this page's policy. The policy also allows the institution's
  // logo, which may be an image on its own website.
  const nonce = loadContext.cspNonce ?? "";
  if (nonce) {
    const root = remixContext.staticHandlerContext.loaderData.root as { institution?: { logoUrl?: string | null } | null } | undefined;
    const logo = imageOrigin(root?.institution?.logoUrl);
    responseHeaders.set("Content-Security-Policy", documentPolicy({ nonce, imageSources: logo ? [logo] : [] }));
  }
  const lng = await getLanguage(request);
  const i18n = await createI18n(lng);
  const usedTranslations = recordUsedTranslations(i18n, lng);
  // Bots get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <I18nPayloadText.Provider value={() => serializePayload(usedTranslations())}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
          </I18nPayloadText.Provider>
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce: nonce || undefined,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  noteOutage(error, request);
  if (request.signal.aborted) return;
  console.error(error);
}

/**
 * A client-side navigation whose loader failed because the database is unreachable gets the same
 * answer as a page load (root.tsx): a 503 the ErrorBoundary shows as "service temporarily
 * unavailable", rather than a 500 "unexpected error".
 */
export async function handleDataRequest(response: Response, { request }: { request: Request }): Promise<Response> {
  if (response.status !== 500 || !response.headers.has("X-Remix-Error") || !hadOutage(request)) return response;
  const unavailable = unavailableResponse(await getLanguage(request));
  unavailable.headers.set("X-Remix-Catch", "yes");
  return unavailable;
}
