// GET /satisfaccion/exportar.csv?<results filters>: one row per response, as CSV (streamed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { parseResultFilters } from "~/domain/surveys/results";
import { exportResults, resultsExportResponse, type Translate } from "~/domain/surveys/results-export.server";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { clientIp } from "~/utils/request.server";
import { withOutagePage } from "~/utils/outage.server";

export const loader = withOutagePage(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "surveys:results");
  const { filters } = parseResultFilters(new URL(request.url).searchParams);
  const [lng, t] = await Promise.all([getLanguage(request), getFixedT(request, "results")]);
  return resultsExportResponse(
    await exportResults({ user, filters, format: "csv", lng, t: t as unknown as Translate, ip: clientIp(request), signal: request.signal }),
  );
});
