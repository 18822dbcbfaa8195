// POST /kiosco/codigo: the totem checks a "rate this attention" counter code before the person
// rates (see domain/surveys/counter-code.server.ts). The kiosk's own endpoint, with its device
// credential, like /kiosco/solicitud; not part of the public API.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { checkKioskCounterCode } from "~/domain/surveys/counter-code.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    return checkKioskCounterCode(request);
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
