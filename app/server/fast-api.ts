// The API endpoints that take bursts of submissions are answered here, before compression and the
// Remix request handler: the handlers are the Remix routes' own, minus route matching and the data
// router's action pipeline. Survey responses (posters, kiosks, invitations) skip Web Requests too;
// filing a case (POST /api/v1/cases) builds one Web Request, body streamed, for the shared handler.
import { Readable } from "node:stream";
import type express from "express";
import { postCase } from "~/domain/api/cases-api.server";
import { ApiError, errorPayload, handleApi, type ApiPayload } from "~/domain/api/errors.server";
import { MAX_BODY_BYTES } from "~/domain/api/json-body.server";
import { languageFromHeader } from "~/domain/api/i18n.server";
import { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { clientIpFrom } from "~/utils/request.server";

function tooLarge(): ApiError {
  return new ApiError(413, "payload_too_large", "api:errors.tooLarge", { max: Math.floor(MAX_BODY_BYTES / 1024) });
}

/** The body as UTF-8 text, refusing more than MAX_BODY_BYTES whatever Content-Length says. */
function readBody(req: express.Request): Promise<string> {
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

function send(res: express.Response, payload: ApiPayload) {
  res.status(payload.status);
  for (const [name, value] of Object.entries(payload.headers)) res.setHeader(name, value);
  res.end(payload.body);
}

/** The Express request as a Web Request whose body streams from the socket (limits apply as read). */
function webRequest(req: express.Request): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // What main.ts gives Remix: the socket address, for clientIp() to weigh against X-Forwarded-For.
  headers.set("x-oirs-remote-address", req.socket.remoteAddress ?? "unknown");
  const url = `http://${req.headers.host ?? "localhost"}${req.originalUrl}`;
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  return new Request(url, { method: req.method, headers, body, duplex: "half" } as RequestInit);
}

async function sendResponse(res: express.Response, response: Response) {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function mountFastApi(app: express.Express) {
  app.post("/api/v1/cases", (req, res, next) => {
    const request = webRequest(req);
    handleApi(request, "v1", (ctx) => postCase(request, ctx))
      .then((response) => sendResponse(res, response))
      .catch(next);
  });

  app.post("/api/v1/survey-responses", (req, res) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    };
    postSurveyResponse({ header, readBody: () => readBody(req), clientIp: clientIpFrom(header, req.socket.remoteAddress) })
      .then((payload) => send(res, payload))
      .catch((error: unknown) => {
        const ctx = { locale: languageFromHeader(header("accept-language")) ?? ("es" as const), style: "v1" as const };
        send(res, errorPayload(error instanceof ApiError ? error : new ApiError(500, "internal", "api:errors.internal"), ctx));
      });
  });
}
