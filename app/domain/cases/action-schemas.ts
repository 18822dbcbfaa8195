// One Zod schema per case action, shared by the case page's forms (through Conform, in the browser
// and on the server), the domain actions (which validate their input again) and the staff API.
// Messages are i18n keys (see utils/validation); casework's own ones carry the namespace.
import { z } from "zod";
import { msg, optionalText, optionalUuid, requiredText } from "~/utils/validation";
import { CASE_OUTCOMES } from "./state-machine";

export const NOTE_MAX = 4000;
export const MESSAGE_MAX = 4000;
export const REASON_MAX = 1000;
export const REPLY_MAX = 10000;
export const INSTITUTION_MAX = 200;
/** Never more than half of the 20-business-day legal maximum; the case's own limit is checked by the domain. */
export const EXTENSION_DAYS_MAX = 10;

const localDate = () =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg("casework:validation.date"))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)) && new Date(`${v}T12:00:00Z`).toISOString().startsWith(v), msg("casework:validation.date"));

const days = () =>
  z.coerce
    .number({ required_error: msg("validation.required"), invalid_type_error: msg("validation.integer") })
    .int(msg("validation.integer"))
    .min(1, msg("validation.range", { min: 1, max: EXTENSION_DAYS_MAX }))
    .max(EXTENSION_DAYS_MAX, msg("validation.range", { min: 1, max: EXTENSION_DAYS_MAX }));

/** Area and/or official; a reason is required for a reassignment (checked by the domain, which knows the case). */
export const AssignSchema = z
  .object({
    areaId: optionalUuid(),
    assigneeId: optionalUuid(),
    reason: optionalText(REASON_MAX),
  })
  .refine((v) => Boolean(v.areaId || v.assigneeId), { path: ["areaId"], message: msg("casework:validation.assignTarget") });
export type AssignInput = z.input<typeof AssignSchema>;

export const StartWorkSchema = z.object({});

/** "Rate this attention" (a counter code and QR code for the person): nothing to fill in. */
export const OfferRatingSchema = z.object({});

export const NoteSchema = z.object({ text: requiredText(NOTE_MAX) });
export type NoteInput = z.input<typeof NoteSchema>;

/** The question for the citizen: it is sent to them and shown on the tracking page. */
export const RequestInfoSchema = z.object({ message: requiredText(MESSAGE_MAX) });
export type RequestInfoInput = z.input<typeof RequestInfoSchema>;

/** The citizen's answer, typed by an officer (phone, letter, counter) or by the citizen. */
export const RecordInfoSchema = z.object({ text: requiredText(MESSAGE_MAX) });
export type RecordInfoInput = z.input<typeof RecordInfoSchema>;

/** The tracking page's answer form: folio and access code travel as hidden fields. */
export const CitizenInfoSchema = z.object({
  folio: requiredText(40),
  codigo: requiredText(40),
  answer: requiredText(MESSAGE_MAX),
});

export const ExtendSchema = z.object({ days: days(), reason: requiredText(REASON_MAX) });
export type ExtendInput = z.input<typeof ExtendSchema>;

export const DeriveSchema = z.object({ institution: requiredText(INSTITUTION_MAX), reason: requiredText(REASON_MAX) });
export type DeriveInput = z.input<typeof DeriveSchema>;

/**
 * The answer. `deliveredOn` (local date) is required when the citizen gets it by letter or at the
 * office — the domain knows the case's channel and checks it. Placeholders in `text` are filled in.
 */
export const ReplySchema = z.object({
  text: requiredText(REPLY_MAX),
  deliveredOn: localDate().optional(),
  templateId: optionalUuid(),
});
export type ReplyInput = z.input<typeof ReplySchema>;

/** "Use template" in the reply composer: only the template matters. */
export const UseTemplateSchema = z.object({
  templateId: z.string({ required_error: msg("casework:validation.chooseTemplate") }).uuid(msg("casework:validation.chooseTemplate")),
  text: z.string().optional(),
  deliveredOn: z.string().optional(),
});

export const CloseSchema = z.object({
  outcome: z.enum(CASE_OUTCOMES, { errorMap: () => ({ message: msg("validation.choice") }) }),
  note: optionalText(REASON_MAX),
});
export type CloseInput = z.input<typeof CloseSchema>;

export const ReopenSchema = z.object({ reason: requiredText(REASON_MAX) });
export type ReopenInput = z.input<typeof ReopenSchema>;

export const DesistSchema = z.object({ note: optionalText(REASON_MAX) });
export type DesistInput = z.input<typeof DesistSchema>;

/** Field errors of a failed parse, as the forms show them. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
