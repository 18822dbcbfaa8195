// POST /api/v1/cases/{folio}/assign: assign the case to an area and/or an official: {"areaCode", "assigneeEmail", "reason"?}
// Token with cases:manage. Logic in domain/api/staff-api.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { postCaseAction } from "~/domain/api/staff-api.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, "v1", async (ctx) => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    return postCaseAction(request, ctx, params.folio ?? "", "assign");
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
