// Form schemas for the administration pages, shared by the browser (Conform) and the server.
import { z } from "zod";
import { code, email, integerInRange, msg, optionalEmail, optionalPhone, optionalText, optionalUrl, optionalUuid, requiredText } from "~/utils/validation";

export const OfficeSchema = z.object({
  code: code(20),
  name: requiredText(120),
  address: requiredText(200),
  commune: requiredText(80),
  region: requiredText(80),
});
export type OfficeInput = z.infer<typeof OfficeSchema>;

export const AreaSchema = z.object({
  code: code(30),
  name: requiredText(120),
  email: optionalEmail(),
  headId: optionalUuid(),
});
export type AreaInput = z.infer<typeof AreaSchema>;

export const TramiteSchema = z.object({
  code: code(30),
  name: requiredText(160),
  description: optionalText(1000),
  defaultAreaId: optionalUuid(),
});
export type TramiteInput = z.infer<typeof TramiteSchema>;

export const ROLE_VALUES = ["ADMIN", "OIRS_OFFICER", "AREA_OFFICIAL", "COMMITTEE"] as const;

const userBase = {
  name: requiredText(120),
  email: email(),
  role: z.enum(ROLE_VALUES, { errorMap: () => ({ message: msg("validation.choice") }) }),
  areaId: optionalUuid(),
  officeId: optionalUuid(),
};

const areaRule = (v: { role: string; areaId?: string }) => v.role !== "AREA_OFFICIAL" || Boolean(v.areaId);
const areaRuleError = { message: msg("validation.areaRequired"), path: ["areaId"] };

export const UserCreateSchema = z
  .object({ ...userBase, password: z.string({ required_error: msg("validation.required") }).min(12, msg("validation.passwordLength")).max(200) })
  .refine(areaRule, areaRuleError);
export type UserCreateInput = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({ ...userBase, password: z.string().min(12, msg("validation.passwordLength")).max(200).optional() })
  .refine(areaRule, areaRuleError);
export type UserUpdateInput = z.infer<typeof UserUpdateSchema>;

const targetDays = () => integerInRange(1, 20);

export const InstitutionSettingsSchema = z.object({
  name: requiredText(200),
  shortName: requiredText(60),
  logoUrl: optionalUrl(),
  email: optionalEmail(),
  phone: optionalPhone(),
  address: optionalText(200),
  website: optionalUrl(),
  folioPrefix: z
    .string({ required_error: msg("validation.required") })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,10}$/, msg("validation.folioPrefix")),
  targetDaysConsulta: targetDays(),
  targetDaysReclamo: targetDays(),
  targetDaysSugerencia: targetDays(),
  targetDaysFelicitacion: targetDays(),
  targetDaysSolicitud: targetDays(),
  positiveScoreMin: integerInRange(1, 7),
});
export type InstitutionSettingsInput = z.infer<typeof InstitutionSettingsSchema>;

/** The toggle posted by every list's activate/deactivate button. */
export const ActiveToggleSchema = z.object({ id: z.string().uuid(), active: z.enum(["true", "false"]).transform((v) => v === "true") });
