// Downloads one evidence file of the institution's plan (anyone with plan:view). Always a
// download, never rendered by the browser.
import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { parseUuid } from "~/domain/plan/context.server";
import { openEvidenceFile } from "~/domain/plan/evidence.server";
import { withOutagePage } from "~/utils/outage.server";

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "evidencia";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const loader = withOutagePage(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "plan:view");
  const file = await openEvidenceFile({ institutionId: user.institutionId, evidenceId: parseUuid(params.evidenceId) });
  if (!file) throw new Response("Not found", { status: 404 });
  const stream = createReadableStreamFromReadable(fs.createReadStream(file.path));
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
});
