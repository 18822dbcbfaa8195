// GET /api/v1/indicators/satisfaction (token with indicators:read): the satisfaction indicators for
// a period, overall and per group. Logic in domain/api/indicators-api.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { satisfactionIndicators } from "~/domain/api/indicators-api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", (ctx) => satisfactionIndicators(request, ctx));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("GET");
  });
}
