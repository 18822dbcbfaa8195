// POST /api/open311/v2/requests.json: file a case the Open311 GeoReport v2 way (form-encoded or JSON).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError, handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { postServiceRequest } from "~/domain/api/open311.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "open311", async (ctx) => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    return postServiceRequest(request, ctx);
  });
}

// Listing other people's requests is not offered: each one is private to its citizen.
export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "open311", async () => {
    throw new ApiError(405, "method_not_allowed", "api:open311.listing", {}, { Allow: "POST" });
  });
}
