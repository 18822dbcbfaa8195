// POST /kiosco/solicitud: a request filed at the totem (see domain/kiosk/file-request.server.ts).
// A resource route outside /api/v1: it is the kiosk's own endpoint (device credential, kiosk
// answer shape), not part of the public API described in OpenAPI.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "~/domain/api/errors.server";
import { fileKioskRequest } from "~/domain/kiosk/file-request.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    return fileKioskRequest(request);
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
