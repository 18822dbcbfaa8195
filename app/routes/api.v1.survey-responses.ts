// POST /api/v1/survey-responses. In production the server answers this path before Express
// (app/server/fast-api.ts) with `answerFast` below — this module's copy, from the server build, so
// it shares every cache with the rest of the app; this route serves it everywhere else (dev, tests).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed, payloadResponse } from "~/domain/api/errors.server";
import { readBodyText } from "~/domain/api/json-body.server";
import { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { clientIp } from "~/utils/request.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const payload = await postSurveyResponse({
      header: (name) => request.headers.get(name),
      readBody: () => readBodyText(request),
      clientIp: clientIp(request),
    });
    return payloadResponse(payload);
  });
}

/** The same handler on a bare request (no Web Request), for app/server/fast-api.ts. */
export { postSurveyResponse as answerFast };

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
