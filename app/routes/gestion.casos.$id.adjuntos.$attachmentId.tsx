// Downloads one attachment of a case the user may see. Each download is logged in the case's
// timeline (ATTACHMENT_DOWNLOADED) before the bytes leave. Always a download, never rendered by the
// browser: Content-Disposition attachment and X-Content-Type-Options nosniff.
import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/domain/auth/guard.server";
import { openAttachmentForStaff } from "~/domain/cases/case-page.server";
import { withOutagePage } from "~/utils/outage.server";

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "adjunto";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const loader = withOutagePage(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "cases:inbox");
  const file = await openAttachmentForStaff({ caseId: params.id ?? "", attachmentId: params.attachmentId ?? "", user });
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
