// GET /api/v1/cases/{folio}: with `Authorization: Bearer` (scope cases:read) the staff view of the
// case; without, the citizen's view (?accessCode=…, the access code is the credential).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { getCaseForCaller } from "~/domain/api/staff-api.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, "v1", (ctx) => getCaseForCaller(request, ctx, params.folio ?? ""));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("GET");
  });
}
