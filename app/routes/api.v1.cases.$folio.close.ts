// POST /api/v1/cases/{folio}/close: close with an outcome: {"outcome", "note"?}
// Token with cases:manage. Logic in domain/api/staff-api.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { postCaseAction } from "~/domain/api/staff-api.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, "v1", async (ctx) => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    return postCaseAction(request, ctx, params.folio ?? "", "close");
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
