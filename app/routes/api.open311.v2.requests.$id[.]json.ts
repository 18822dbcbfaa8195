// GET /api/open311/v2/requests/{service_request_id}.json?access_code=… (or api_key with cases:read).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { getServiceRequest } from "~/domain/api/open311.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, "open311", (ctx) => getServiceRequest(request, ctx, params.id ?? ""));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "open311", async () => {
    throw methodNotAllowed("GET");
  });
}
