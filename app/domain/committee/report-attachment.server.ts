// The outbox attachment "implementation-report" ({ kind, year, lng }): the year's implementation
// report as a Word file, built when the email is sent (see app/domain/notify/attachments.server.ts).
import type { AttachmentResolver } from "~/domain/notify/attachments.server";
import { isLanguage } from "~/i18n/config";
import { DOCX_MIME_TYPE, renderImplementationReportDocx } from "./report-docx.server";

export const implementationReportAttachment: AttachmentResolver = async (ref, { institutionId }) => {
  const { year, lng } = ref;
  if (!institutionId || typeof year !== "number" || !Number.isInteger(year) || !isLanguage(lng)) return null;
  const report = await renderImplementationReportDocx({ institutionId, year, lng });
  return report ? { filename: report.fileName, content: report.buffer, contentType: DOCX_MIME_TYPE } : null;
};
