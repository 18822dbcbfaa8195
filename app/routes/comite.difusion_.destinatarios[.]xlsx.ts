// GET /comite/difusion/destinatarios.xlsx?anio=YYYY[&difusion=<id>] — the year's recipient list as
// an Excel workbook in the guide's format (the same columns the import reads, so it round-trips).
// With a dissemination, its date and means fill the last two columns. Anyone who may read the plan.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_MIME, writeRecipientWorkbook } from "~/domain/committee/dissemination-xlsx.server";
import { recipientsForExport } from "~/domain/committee/dissemination.server";
import { parseUuid, planContext } from "~/domain/plan/context.server";
import meansEs from "~/i18n/locales/es/dissemination.json";
import { withOutagePage } from "~/utils/outage.server";
import { clientIp } from "~/utils/request.server";

/** The sheet is in the guide's language, whatever the page's: means as written in Spanish. */
function meansLabel(code: string): string {
  return (meansEs.means as Record<string, string>)[code] ?? code;
}

export const loader = withOutagePage(async ({ request }: LoaderFunctionArgs) => {
  const { user, plan } = await planContext(request);
  if (!plan) throw new Response("Not found", { status: 404 });
  const raw = new URL(request.url).searchParams.get("difusion");
  const disseminationId = raw ? parseUuid(raw) : null;
  const data = await recipientsForExport({ institutionId: user.institutionId, actorId: user.id, ip: clientIp(request), year: plan.year, disseminationId });
  if (!data) throw new Response("Not found", { status: 404 });
  const dissemination = data.dissemination ? { date: data.dissemination.date, means: meansLabel(data.dissemination.means) } : null;
  const buffer = await writeRecipientWorkbook({ recipients: data.recipients, dissemination });
  const fileName = `destinatarios-difusion-${plan.year}${data.dissemination ? `-${data.dissemination.date}` : ""}.xlsx`;
  return new Response(new Uint8Array(buffer), {
    status: 200,
    headers: {
      "Content-Type": XLSX_MIME,
      "Content-Length": String(buffer.length),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
