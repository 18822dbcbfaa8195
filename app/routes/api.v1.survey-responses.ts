// POST /api/v1/survey-responses. In production the Express server answers this path itself
// (app/server/fast-api.ts) with the same handler; this route serves it everywhere else (dev, tests).
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

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
