// /api/v1/cases: POST files a case (token with cases:write); GET lists and filters cases (token
// with cases:read). Logic in domain/api.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { postCase } from "~/domain/api/cases-api.server";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { listCases } from "~/domain/api/staff-api.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async (ctx) => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    return postCase(request, ctx);
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", (ctx) => listCases(request, ctx));
}
