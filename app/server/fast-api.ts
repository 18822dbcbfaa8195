// The API endpoints that take bursts of submissions are answered here, on the bare Node request,
// before Express, compression and the Remix request handler: minus routing, middleware and the
// data router's action pipeline. The handlers come from the server build's route modules — the
// same module instances as the rest of the app, so caches (API tokens, kiosks, intake settings) and
// their invalidation are shared; importing them from source here would make a second copy that a
// revocation in the app does not clear. Survey responses (posters, kiosks, invitations) skip Web
// Requests too; filing a case (POST /api/v1/cases) builds one Web Request, body streamed, for the
// route's action. Both answer JSON only, so their security headers are the fixed set every
// non-HTML response gets (security-headers.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActionFunction, ServerBuild } from "@remix-run/node";
import { ApiError, errorPayload, type ApiPayload } from "~/domain/api/errors.server";
import { MAX_BODY_BYTES } from "~/domain/api/json-body.server";
import { languageFromHeader } from "~/domain/api/i18n.server";
import type { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { clientIpFrom } from "~/utils/request.server";
import { baseHeaders, RESOURCE_POLICY } from "./security-headers";

const JSON_HEADERS = Object.entries({ ...baseHeaders("/api/v1"), "Content-Security-Policy": RESOURCE_POLICY });

function tooLarge(): ApiError {
  return new ApiError(413, "payload_too_large", "api:errors.tooLarge", { max: Math.floor(MAX_BODY_BYTES / 1024) });
}

/** The body as UTF-8 text, refusing more than MAX_BODY_BYTES whatever Content-Length says. */
function readBody(req: IncomingMessage): Promise<string> {
  const declared = req.headers["content-length"];
  if (declared && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, total).toString("utf8")));
    req.on("error", () => reject(new ApiError(400, "bad_request", "api:errors.malformedJson")));
  });
}

function writeHeaders(res: ServerResponse, status: number, headers: Iterable<[string, string]>) {
  res.statusCode = status;
  for (const [name, value] of JSON_HEADERS) res.setHeader(name, value);
  for (const [name, value] of headers) res.setHeader(name, value);
}

function send(res: ServerResponse, payload: ApiPayload) {
  writeHeaders(res, payload.status, Object.entries(payload.headers));
  res.end(payload.body);
}

async function sendResponse(res: ServerResponse, response: Response) {
  const body = Buffer.from(await response.arrayBuffer());
  writeHeaders(res, response.status, response.headers);
  res.end(body);
}

/** The Node request as a Web Request whose body streams from the socket (limits apply as read). */
function webRequest(req: IncomingMessage): { request: Request; drain: () => void } {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // What main.ts gives Remix: the socket address, for clientIp() to weigh against X-Forwarded-For.
  headers.set("x-oirs-remote-address", req.socket.remoteAddress ?? "unknown");
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  const body = bodyStream(req);
  return { request: new Request(url, { method: req.method, headers, body: body.stream, duplex: "half" } as RequestInit), drain: body.drain };
}

/** Beyond this, a refused body is not drained: the connection is cut instead. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * The request body as a Web stream. Unlike Readable.toWeb, a body left unread (refused as too large,
 * or by its Content-Length before any read) is drained rather than the socket destroyed, so the
 * client reads its 4xx answer and the connection stays usable.
 */
function bodyStream(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; drain: () => void } {
  let done = false;
  const drain = () => {
    if (req.complete) return;
    done = true;
    let drained = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > MAX_DRAIN_BYTES) req.destroy();
    });
    req.resume();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on("end", () => {
        if (!done) controller.close();
        done = true;
      });
      req.on("error", (error) => {
        if (!done) controller.error(error);
        done = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel: drain,
  });
  return { stream, drain };
}

function header(req: IncomingMessage) {
  return (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? null);
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function surveyResponseHandler(answerFast: typeof postSurveyResponse): Handler {
  return (req, res) => {
    const get = header(req);
    answerFast({ header: get, readBody: () => readBody(req), clientIp: clientIpFrom(get, req.socket.remoteAddress) })
      .then((payload) => send(res, payload))
      .catch((error: unknown) => {
        const ctx = { locale: languageFromHeader(get("accept-language")) ?? ("es" as const), style: "v1" as const };
        send(res, errorPayload(error instanceof ApiError ? error : new ApiError(500, "internal", "api:errors.internal"), ctx));
      });
  };
}

function caseHandler(action: ActionFunction): Handler {
  return (req, res) => {
    const { request, drain } = webRequest(req);
    Promise.resolve(action({ request, params: {}, context: {} }))
      .then((response) => {
        if (!(response instanceof Response)) throw new Error("the cases action did not answer a Response");
        drain(); // a refusal that never read the body
        return sendResponse(res, response);
      })
      .catch((error: unknown) => {
        // The action answers every refusal itself; this is a failure to write the answer.
        console.error("[api] POST /api/v1/cases failed to answer:", error);
        if (!res.headersSent) writeHeaders(res, 500, []);
        res.end();
      });
  };
}

/**
 * The hot POST paths of this build, answered before Express; any other request (and these paths
 * with a query string) goes to Express. Returns false for "not mine".
 */
export function hotPathsOf(build: ServerBuild): (req: IncomingMessage, res: ServerResponse) => boolean {
  const surveys = build.routes["routes/api.v1.survey-responses"]?.module as { answerFast?: typeof postSurveyResponse } | undefined;
  const cases = build.routes["routes/api.v1.cases"]?.module.action;
  if (!surveys?.answerFast || !cases) throw new Error("the server build lacks the API routes the fast paths answer");
  const handlers: Record<string, Handler> = {
    "/api/v1/survey-responses": surveyResponseHandler(surveys.answerFast),
    "/api/v1/cases": caseHandler(cases),
  };
  return (req, res) => {
    if (req.method !== "POST" || !req.url) return false;
    const handler = handlers[req.url];
    if (!handler) return false;
    handler(req, res);
    return true;
  };
}
