// GET /gestion/exportar.xlsx?<inbox filters>: the filtered inbox as an Excel workbook (XLSX, streamed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { parseInboxFilters } from "~/domain/cases/inbox";
import { exportInbox, exportResponse, type Translate } from "~/domain/cases/inbox-export.server";
import { getFixedT } from "~/i18n/i18n.server";
import { clientIp } from "~/utils/request.server";
import { withOutagePage } from "~/utils/outage.server";

export const loader = withOutagePage(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "cases:inbox");
  const { filters } = parseInboxFilters(new URL(request.url).searchParams);
  const t = (await getFixedT(request, "inbox")) as unknown as Translate;
  return exportResponse(await exportInbox({ user, filters, format: "xlsx", t, ip: clientIp(request), signal: request.signal }));
});
