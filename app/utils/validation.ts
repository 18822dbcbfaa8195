// Field rules shared by every form schema (client and server). Messages are i18n keys in the
// common namespace, with parameters after a "|" as JSON (see components/forms.tsx).
import { z } from "zod";

export const msg = (key: string, params?: Record<string, unknown>) => (params ? `${key}|${JSON.stringify(params)}` : key);

// NUL, and UTF-16 surrogates without their pair: no browser sends them from a form field, and
// PostgreSQL can store neither (text refuses NUL; jsonb, e.g. an email in the outbox, refuses both).
// No lookbehind: this module runs in browsers too, and older Safari cannot parse one.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text holds characters the database cannot store (see UNSTORABLE). */
export function hasUnstorableCharacters(text: string): boolean {
  return UNSTORABLE.test(text);
}

const storable = (v: string) => !hasUnstorableCharacters(v);

/** Required text, trimmed, with a maximum length. Conform turns empty inputs into undefined. */
export const requiredText = (max = 200) =>
  z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .max(max, msg("validation.tooLong", { max }))
    .refine(storable, msg("validation.characters"));

export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, msg("validation.tooLong", { max }))
    .refine(storable, msg("validation.characters"))
    .optional()
    .transform((v) => (v ? v : undefined));

export const email = () =>
  z
    .string({ required_error: msg("validation.required") })
    .trim()
    .toLowerCase()
    .max(254, msg("validation.tooLong", { max: 254 }))
    .email(msg("validation.email"));

export const optionalEmail = () => email().optional();

export const code = (max = 30) =>
  z
    .string({ required_error: msg("validation.required") })
    .trim()
    .toUpperCase()
    .max(max, msg("validation.tooLong", { max }))
    .regex(/^[A-Z0-9_-]+$/, msg("validation.code"));

export const integerInRange = (min: number, max: number) =>
  z.coerce
    .number({ required_error: msg("validation.required"), invalid_type_error: msg("validation.integer") })
    .int(msg("validation.integer"))
    .min(min, msg("validation.range", { min, max }))
    .max(max, msg("validation.range", { min, max }));

export const optionalUrl = () =>
  z
    .string()
    .trim()
    .max(500, msg("validation.tooLong", { max: 500 }))
    .refine((v) => /^(https?:\/\/|\/)[^\s]+$/.test(v), msg("validation.url"))
    .optional();

export const optionalPhone = () =>
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{8,20}$/, msg("validation.phone"))
    .optional();

export const uuid = () => z.string({ required_error: msg("validation.required") }).uuid(msg("validation.notFound"));
export const optionalUuid = () => z.string().uuid(msg("validation.notFound")).optional();
