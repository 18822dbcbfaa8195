// GET /comite/informe.docx?anio=YYYY: the implementation report as a Word document, in the
// reader's language (anyone who may read the plan). Without ?anio, the latest plan. A malformed
// year answers 400 and a year without a plan 404, with a short page in the reader's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { parseReportYear } from "~/domain/committee/report";
import { DOCX_MIME_TYPE, renderImplementationReportDocx } from "~/domain/committee/report-docx.server";
import { htmlLang } from "~/i18n/config";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { withOutagePage } from "~/utils/outage.server";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function problemPage(status: number, lang: string, title: string, body: string, link: string): Response {
  const html = `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · OIRS</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/comite/plan">${escapeHtml(link)}</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" } });
}

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "informe.docx";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const loader = withOutagePage(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "plan:view");
  const [lng, t] = await Promise.all([getLanguage(request), getFixedT(request, "report")]);
  const year = parseReportYear(new URL(request.url));
  if (year === "invalid") return problemPage(400, htmlLang(lng), t("errors.badYearTitle"), t("errors.badYear"), t("errors.goToPlan"));
  const file = await renderImplementationReportDocx({ institutionId: user.institutionId, year, lng });
  if (!file) {
    const body = year === null ? t("errors.noPlanAtAll") : t("errors.noPlan", { year });
    return problemPage(404, htmlLang(lng), t("errors.noPlanTitle"), body, t("errors.goToPlan"));
  }
  // A copy typed as a plain Uint8Array (what BodyInit accepts); a report is tens of kilobytes.
  return new Response(new Uint8Array(file.buffer), {
    status: 200,
    headers: {
      "Content-Type": DOCX_MIME_TYPE,
      "Content-Length": String(file.buffer.byteLength),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
