// GET /api/open311/v2/services.json: the case kinds and the trámite catalogue as Open311 services.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { listServices } from "~/domain/api/open311.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "open311", (ctx) => listServices(ctx));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "open311", async () => {
    throw methodNotAllowed("GET");
  });
}
