// The reply template form, shared by the browser (Conform) and the server.
import { z } from "zod";
import { supportedLanguages } from "~/i18n/config";
import { hasStrayBraces, REPLY_PLACEHOLDERS, unknownPlaceholders } from "~/domain/cases/reply-placeholders";
import { msg, optionalUuid, requiredText } from "~/utils/validation";
import { CASE_KIND_VALUES } from "./schemas";

export const REPLY_TEMPLATE_NAME_MAX = 120;
export const REPLY_TEMPLATE_BODY_MAX = 8000;

/** `{{folio}}, {{nombre}}, …` as shown in messages. */
export const placeholderList = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(", ");

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
  });

/** Placeholder problems of a body as form messages (empty when it is fine). */
export function placeholderErrors(body: string): string[] {
  const errors: string[] = [];
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0) {
    // "|" separates a message key from its parameters (see components/forms.tsx).
    const names = placeholderList(unknown).replaceAll("|", "¦");
    errors.push(msg("admin:replyTemplates.errors.unknownPlaceholders", { names, allowed: placeholderList(REPLY_PLACEHOLDERS) }));
  }
  if (hasStrayBraces(body)) errors.push(msg("admin:replyTemplates.errors.strayBraces", { example: "{{folio}}" }));
  return errors;
}

/** The body as stored: line breaks as "\n" (browsers post "\r\n"), trimmed. */
export const normalizeTemplateBody = (body: string) => body.replace(/\r\n?/g, "\n").trim();

export const ReplyTemplateSchema = z.object({
  name: requiredText(REPLY_TEMPLATE_NAME_MAX),
  /** Empty: any kind. */
  kind: choice(CASE_KIND_VALUES).optional(),
  /** Empty: any trámite. */
  tramiteId: optionalUuid(),
  locale: choice(supportedLanguages),
  body: z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .transform(normalizeTemplateBody)
    .superRefine((body, ctx) => {
      if (!body) ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("validation.required") });
      else if (body.length > REPLY_TEMPLATE_BODY_MAX) ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("validation.tooLong", { max: REPLY_TEMPLATE_BODY_MAX }) });
      for (const message of placeholderErrors(body)) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    }),
});
export type ReplyTemplateInput = z.infer<typeof ReplyTemplateSchema>;
