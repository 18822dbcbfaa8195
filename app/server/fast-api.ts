// The API endpoints that take bursts of anonymous submissions (survey responses from posters,
// kiosks and invitations) are answered here, before the Remix request handler: the handler is
// the same as the Remix route's, minus the cost of building Web Requests and matching routes.
import type express from "express";
import { ApiError, errorPayload, type ApiPayload } from "~/domain/api/errors.server";
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

export function mountFastApi(app: express.Express) {
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
