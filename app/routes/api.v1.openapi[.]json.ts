// GET /api/v1/openapi.json: the OpenAPI document of the v1 and Open311 APIs.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/domain/api/errors.server";
import { openApiDocument } from "~/domain/api/openapi";
import { publicUrl } from "~/utils/env.server";

export async function loader(_args: LoaderFunctionArgs) {
  return jsonResponse(openApiDocument(publicUrl()));
}
