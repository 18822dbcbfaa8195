// Any other address under /api: a JSON 404 instead of the HTML error page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError, handleApi } from "~/domain/api/errors.server";

function notFound(request: Request) {
  const style = new URL(request.url).pathname.startsWith("/api/open311/") ? "open311" : "v1";
  return handleApi(request, style, async () => {
    throw new ApiError(404, "not_found", "api:errors.routeNotFound");
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => notFound(request);
export const action = ({ request }: ActionFunctionArgs) => notFound(request);
