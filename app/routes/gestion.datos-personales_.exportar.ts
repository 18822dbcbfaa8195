// POST /gestion/datos-personales/exportar — the access right: everything stored about a person in
// their cases, as a JSON download (see buildPersonalDataExport). The results page posts the search
// it shows (RUT or email, and the reason, kept in the audit log with the folios exported); the
// address never carries either. OIRS officers and administrators only.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { ExportSchema } from "~/domain/privacy/personal-data";
import { exportPersonalData } from "~/domain/privacy/personal-data.server";
import { getFixedT } from "~/i18n/i18n.server";
import { clientIp, readFormData } from "~/utils/request.server";
import { withOutagePage } from "~/utils/outage.server";

export async function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export const action = withOutagePage(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "personal-data:manage");
  const formData = await readFormData(request);
  const parsed = ExportSchema.safeParse({ q: formData.get("q") ?? undefined, reason: formData.get("reason") ?? undefined });
  if (!parsed.success) {
    const t = await getFixedT(request, "personaldata");
    return new Response(t("errors.exportInvalid"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const { document, fileName } = await exportPersonalData({
    actor: { institutionId: user.institutionId, id: user.id, name: user.name, ip: clientIp(request) },
    query: parsed.data.q,
    reason: parsed.data.reason,
  });
  return new Response(JSON.stringify(document, null, 2), {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
