// Form schemas for the administration pages, shared by the browser (Conform) and the server.
import { z } from "zod";
import { foldText } from "~/domain/cases/routing";
import { REGION_CODES } from "~/domain/geo/regions";
import { code, email, integerInRange, msg, optionalEmail, optionalPhone, optionalText, optionalUrl, optionalUuid, requiredText } from "~/utils/validation";
import { RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS } from "~/domain/privacy/personal-data";

/** One of a fixed list of values (a <select>): "required" when missing, "choice" when not in the list. */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
  });

export const OfficeSchema = z.object({
  code: code(20),
  name: requiredText(120),
  address: requiredText(200),
  commune: requiredText(80),
  /** ISO 3166-2 code (see domain/geo/regions.ts), so regional holidays apply to the office's cases. */
  region: choice(REGION_CODES),
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
  // Months after closure before a case's personal data is anonymised (app/domain/privacy). Absent
  // from a submission: unchanged.
  retentionMonths: integerInRange(RETENTION_MIN_MONTHS, RETENTION_MAX_MONTHS).optional(),
});
export type InstitutionSettingsInput = z.infer<typeof InstitutionSettingsSchema>;

/** The toggle posted by every list's activate/deactivate button. */
export const ActiveToggleSchema = z.object({ id: z.string().uuid(), active: z.enum(["true", "false"]).transform((v) => v === "true") });

export const HOLIDAY_MIN_YEAR = 2000;
export const HOLIDAY_MAX_YEAR = 2100;

/** A calendar date as YYYY-MM-DD (what <input type="date"> posts), within a range of years. */
const isoDate = (minYear: number, maxYear: number) =>
  z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .trim()
    .superRefine((value, ctx) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const [year, month, day] = match ? match.slice(1).map(Number) : [];
      const date = match ? new Date(Date.UTC(year!, month! - 1, day!)) : null;
      if (!date || date.getUTCFullYear() !== year || date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("admin:holidays.errors.date") });
      } else if (year! < minYear || year! > maxYear) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("admin:holidays.errors.year", { min: minYear, max: maxYear }) });
      }
    });

export const HolidaySchema = z.object({
  date: isoDate(HOLIDAY_MIN_YEAR, HOLIDAY_MAX_YEAR),
  name: requiredText(120),
  /** Empty: the whole country. */
  region: choice(REGION_CODES).optional(),
});
export type HolidayInput = z.infer<typeof HolidaySchema>;

/** The year shown by the holidays page (?anio=). */
export const HolidayYearSchema = z.coerce.number().int().min(HOLIDAY_MIN_YEAR).max(HOLIDAY_MAX_YEAR);

export const CASE_KIND_VALUES = ["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD"] as const;

export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_LENGTH = 40;

/**
 * Keywords as stored: trimmed, inner spaces collapsed, lower case, without repeats (two spellings that
 * differ only in accents count as one; the first is kept). Accepts the comma-separated form text.
 */
export function normalizeKeywords(raw: string | readonly string[] | undefined): string[] {
  const parts = typeof raw === "string" ? raw.split(",") : [...(raw ?? [])];
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const part of parts) {
    const keyword = part.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
    const key = foldText(keyword);
    if (!keyword || seen.has(key)) continue;
    seen.add(key);
    keywords.push(keyword);
  }
  return keywords;
}

const keywordList = () =>
  z
    .string()
    .optional()
    .transform((value) => normalizeKeywords(value))
    .superRefine((keywords, ctx) => {
      if (keywords.length > MAX_KEYWORDS) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("admin:routingRules.errors.tooManyKeywords", { max: MAX_KEYWORDS }) });
      }
      if (keywords.some((k) => k.length > MAX_KEYWORD_LENGTH)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("admin:routingRules.errors.keywordTooLong", { max: MAX_KEYWORD_LENGTH }) });
      }
      if (keywords.some((k) => !/[\p{L}\p{N}]/u.test(k))) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("admin:routingRules.errors.keywordChars") });
      }
    });

/**
 * A required id from a <select>. Unlike uuid(), a missing value does not stop the checks on the whole
 * object, so "set at least one condition" is reported in the same round as a missing area.
 */
const requiredId = () =>
  z.custom<string>().superRefine((value, ctx) => {
    if (value === undefined || value === "") ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("validation.required") });
    else if (!z.string().uuid().safeParse(value).success) ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("validation.notFound") });
  });

export const RoutingRuleSchema = z
  .object({
    name: requiredText(120),
    priority: integerInRange(0, 9999),
    kind: choice(CASE_KIND_VALUES).optional(),
    tramiteId: optionalUuid(),
    keywords: keywordList(),
    areaId: requiredId(),
  })
  // A rule without any condition would send every case to its area. The error goes on the first
  // condition, so the error summary links to the group.
  .refine((v) => Boolean(v.kind || v.tramiteId || v.keywords.length > 0), { message: msg("admin:routingRules.errors.noCondition"), path: ["kind"] });
export type RoutingRuleInput = z.infer<typeof RoutingRuleSchema>;
