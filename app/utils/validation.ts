// Field rules shared by every form schema (client and server). Messages are i18n keys in the
// common namespace, with parameters after a "|" as JSON (see components/forms.tsx).
import { z } from "zod";

export const msg = (key: string, params?: Record<string, unknown>) => (params ? `${key}|${JSON.stringify(params)}` : key);

/** Required text, trimmed, with a maximum length. Conform turns empty inputs into undefined. */
export const requiredText = (max = 200) =>
  z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .max(max, msg("validation.tooLong", { max }));

export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, msg("validation.tooLong", { max }))
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
