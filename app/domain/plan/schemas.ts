// Form schemas for the improvement plan pages, shared by the browser (Conform) and the server.
// Messages are i18n keys (see components/forms.tsx): "validation.*" from common, "plan:errors.*" ours.
import { z } from "zod";
import { integerInRange, msg, optionalText, optionalUuid, requiredText, uuid } from "~/utils/validation";
import { parsePeriod } from "./metrics";

export const PRIORITY_VALUES = ["ALTA", "MEDIA", "BAJA"] as const;
export const PERIOD_VALUES = ["MONTH", "QUARTER", "SEMESTER", "YEAR"] as const;
export const SCHEDULE_STATUS_VALUES = ["PLANNED", "IN_PROGRESS", "DONE"] as const;
export const CHANGE_COMPONENT_VALUES = ["ACTIVITY", "DEADLINE", "INDICATOR", "OTHER"] as const;
export const FACTOR_KIND_VALUES = ["DIFFICULTY", "SLACK"] as const;

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
  });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** A calendar day from <input type="date"> ("YYYY-MM-DD"). */
export const day = () =>
  z.string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") }).trim().refine(validDay, msg("plan:errors.date"));
export const optionalDay = () => day().optional();

/** One entry per line; blank lines dropped. */
const lines = (maxLines: number, maxEach: number) =>
  z
    .string()
    .max(maxLines * (maxEach + 2), msg("validation.tooLong", { max: maxLines * (maxEach + 2) }))
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length <= maxLines && v.every((s) => s.length <= maxEach), msg("plan:errors.lines", { lines: maxLines, max: maxEach }));

const yearField = () => integerInRange(2000, 2100);

export const PlanObjectivesSchema = z.object({
  year: yearField(),
  title: requiredText(200),
  generalObjective: requiredText(2000),
  specificObjectives: lines(20, 1000).refine((v) => v.length > 0, msg("plan:errors.oneObjective")),
});
export type PlanObjectivesInput = z.infer<typeof PlanObjectivesSchema>;

export const ActivitySchema = z.object({
  year: yearField(),
  number: integerInRange(1, 99),
  title: requiredText(200),
  description: requiredText(4000),
  responsibleAreaId: optionalUuid(),
  responsibilities: optionalText(2000),
  participants: optionalText(1000),
  targetPopulation: optionalText(1000),
  targetPopulationSize: integerInRange(0, 100_000_000).optional(),
  targetPopulationUnit: optionalText(60),
  executionTerm: optionalText(500),
  deadline: optionalDay(),
  priority: choice(PRIORITY_VALUES),
  tramiteIds: z.array(z.string().uuid(msg("validation.notFound"))).max(50).default([]),
  verificationMeans: lines(20, 300),
  reportingPeriod: choice(PERIOD_VALUES),
  backupSystems: optionalText(500),
  budget: optionalText(1000),
  executedAt: optionalDay(),
});
export type ActivityInput = z.infer<typeof ActivitySchema>;

export const ScheduleItemSchema = z
  .object({
    itemId: optionalUuid(),
    title: requiredText(300),
    months: z.array(z.coerce.number().int().min(1, msg("validation.choice")).max(12, msg("validation.choice"))).max(12).default([]),
    status: choice(SCHEDULE_STATUS_VALUES),
    statusDate: optionalDay(),
  })
  // "Done" needs the day it was done; the other states may carry a date (started on...).
  .refine((v) => v.status !== "DONE" || Boolean(v.statusDate), { message: msg("plan:errors.doneDate"), path: ["statusDate"] });
export type ScheduleItemInput = z.infer<typeof ScheduleItemSchema>;

export const EvidenceFileSchema = z.object({
  description: requiredText(500),
  format: requiredText(100),
  /** Checked on the server (size, type from its first bytes); here only so the form knows the field. */
  file: z.any().optional(),
});
export type EvidenceFileInput = z.infer<typeof EvidenceFileSchema>;

export const EvidenceLinkSchema = z.object({
  description: requiredText(500),
  format: requiredText(100),
  url: z
    .string({ required_error: msg("validation.required") })
    .trim()
    .max(1000, msg("validation.tooLong", { max: 1000 }))
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), msg("validation.url")),
});
export type EvidenceLinkInput = z.infer<typeof EvidenceLinkSchema>;

export const PlanChangeSchema = z.object({
  year: yearField(),
  component: choice(CHANGE_COMPONENT_VALUES),
  description: requiredText(4000),
  justification: requiredText(4000),
  approvedAt: day(),
  actaReference: optionalText(300),
});
export type PlanChangeInput = z.infer<typeof PlanChangeSchema>;

export const PlanFactorSchema = z
  .object({
    year: yearField(),
    kind: choice(FACTOR_KIND_VALUES),
    description: requiredText(4000),
    internalFactors: optionalText(4000),
    externalFactors: optionalText(4000),
    affectedComponents: requiredText(2000),
  })
  // The guide: every difficulty or slack names at least one internal or external factor.
  .refine((v) => Boolean(v.internalFactors || v.externalFactors), { message: msg("plan:errors.factorRequired"), path: ["internalFactors"] });
export type PlanFactorInput = z.infer<typeof PlanFactorSchema>;

const amount = () =>
  z.coerce
    .number({ invalid_type_error: msg("plan:errors.number") })
    .min(0, msg("plan:errors.nonNegative"))
    .max(999_999_999_999, msg("plan:errors.number"))
    .transform((v) => Math.round(v * 100) / 100);

export const MeasurementSchema = z.object({
  period: z
    .string({ required_error: msg("validation.required") })
    .refine((v) => parsePeriod(v) !== null, msg("validation.choice")),
  numerator: amount().optional(),
  denominator: amount().optional(),
  interpretation: optionalText(4000),
  gaps: optionalText(4000),
  recommendations: optionalText(4000),
});
export type MeasurementInput = z.infer<typeof MeasurementSchema>;

/** MANUAL indicators need both figures; the denominator cannot be zero. Errors by field. */
export function manualFiguresErrors(input: MeasurementInput): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (input.numerator === undefined) errors.numerator = [msg("validation.required")];
  if (input.denominator === undefined) errors.denominator = [msg("validation.required")];
  else if (input.denominator <= 0) errors.denominator = [msg("plan:errors.denominatorZero")];
  return Object.keys(errors).length ? errors : null;
}

export const IdSchema = z.object({ id: uuid() });
