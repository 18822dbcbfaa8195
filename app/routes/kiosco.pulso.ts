// POST /kiosco/pulso: the kiosk's heartbeat. With its device credential it reports how many items
// it holds queued offline; the answer is its current settings (mode, idle timeout, languages,
// survey questions). 401 device_refused for an unknown or revoked credential.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError, handleApi, jsonResponse, methodNotAllowed } from "~/domain/api/errors.server";
import { isPlainObject, readJsonBody } from "~/domain/api/json-body.server";
import { bearerCredential, kioskForCredential, recordHeartbeat } from "~/domain/kiosk/kiosks.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, "v1", async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    // The credential before the body: an unknown device gets 401 whatever it sends.
    const device = await kioskForCredential(bearerCredential(request));
    if (!device || device.revokedAt) throw new ApiError(401, "device_refused", "surveys:api.deviceRefused");
    const body = await readJsonBody(request);
    const queued = isPlainObject(body) && typeof body.queued === "number" ? body.queued : 0;
    const outcome = await recordHeartbeat({ credential: bearerCredential(request), queued });
    if (outcome.kind === "refused") throw new ApiError(401, "device_refused", "surveys:api.deviceRefused");
    return jsonResponse({ config: outcome.config });
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, "v1", async () => {
    throw methodNotAllowed("POST");
  });
}
