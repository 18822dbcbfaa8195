// Survey templates as data: the question types, the schema a template's questions must follow
// (stable keys, exactly one main 1–7 question), and checking a response's answers against the
// template version it answers. Pure: no I/O, shared by the web form, the JSON API and the kiosk.
import { z } from "zod";
import { hasUnstorableCharacters } from "~/utils/validation";

export const QUESTION_TYPES = ["scale", "yes_partly_no", "single", "multiple", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type Localized = { es: string; en: string };

export type SurveyQuestion = {
  /** Stable across versions; answers and exports are keyed by it. */
  key: string;
  type: QuestionType;
  /** The one question the satisfaction index uses (a 1–7 scale). */
  main?: boolean;
  required?: boolean;
  label: Localized;
  /** scale: always 1–7 (the Chilean school scale the national measurement uses). */
  min?: number;
  max?: number;
  endLabels?: { es: [string, string]; en: [string, string] };
  /** scale: show a face beside each number. */
  faces?: boolean;
  /** yes_partly_no, single, multiple. */
  options?: Array<{ value: string; label: Localized }>;
  /** text. */
  maxLength?: number;
};

export const SCALE_MIN = 1;
export const SCALE_MAX = 7;
export const TEXT_MAX = 2000;
export const YES_PARTLY_NO = ["yes", "partly", "no"] as const;

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const VALUE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const localized = z.object({ es: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) });
const option = z.object({ value: z.string().regex(VALUE), label: localized });

export const QuestionSchema = z
  .object({
    key: z.string().regex(KEY, "surveys:errors.questionKey"),
    type: z.enum(QUESTION_TYPES),
    main: z.boolean().optional(),
    required: z.boolean().optional(),
    label: localized,
    min: z.literal(SCALE_MIN).optional(),
    max: z.literal(SCALE_MAX).optional(),
    endLabels: z
      .object({ es: z.tuple([z.string().max(60), z.string().max(60)]), en: z.tuple([z.string().max(60), z.string().max(60)]) })
      .optional(),
    faces: z.boolean().optional(),
    options: z.array(option).max(20).optional(),
    maxLength: z.number().int().min(1).max(TEXT_MAX).optional(),
  })
  .superRefine((q, ctx) => {
    const needsOptions = q.type === "single" || q.type === "multiple";
    if (needsOptions && (!q.options || q.options.length < 2)) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "surveys:errors.optionsNeeded" });
    }
    if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "surveys:errors.optionsUnique" });
    }
    if (q.main && q.type !== "scale") ctx.addIssue({ code: "custom", path: ["main"], message: "surveys:errors.mainMustBeScale" });
  });

export const QuestionsSchema = z
  .array(QuestionSchema)
  .min(1)
  .max(30)
  .superRefine((questions, ctx) => {
    const keys = questions.map((q) => q.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", message: "surveys:errors.keysUnique" });
    if (questions.filter((q) => q.main).length !== 1) ctx.addIssue({ code: "custom", message: "surveys:errors.exactlyOneMain" });
  });

/** The template's questions, or throws when stored data is not a valid template (a bug, not input). */
export function parseQuestions(value: unknown): SurveyQuestion[] {
  return QuestionsSchema.parse(value) as SurveyQuestion[];
}

export function mainQuestion(questions: SurveyQuestion[]): SurveyQuestion {
  const main = questions.find((q) => q.main);
  if (!main) throw new Error("survey template without a main question");
  return main;
}

/** The values a choice question accepts. */
export function optionValues(q: SurveyQuestion): string[] {
  if (q.type === "yes_partly_no") return q.options?.map((o) => o.value) ?? [...YES_PARTLY_NO];
  return q.options?.map((o) => o.value) ?? [];
}

export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

/** Field-error codes, as i18n keys in the surveys namespace. */
export type AnswerError =
  | "surveys:errors.unknownQuestion"
  | "surveys:errors.required"
  | "surveys:errors.scaleRange"
  | "surveys:errors.invalidOption"
  | "surveys:errors.tooLong"
  | "surveys:errors.notText"
  | "surveys:errors.characters"
  | "surveys:errors.answersObject";

export type CheckedAnswers =
  | { ok: true; answers: Answers; mainScore: number; comment: string | null }
  | { ok: false; fieldErrors: Record<string, AnswerError[]> };

/**
 * Checks answers keyed by question key against a template version. Missing optional answers and
 * blank texts are dropped; the main question is always required. `comment` is the first text
 * answer (kept in its own column so staff can list comments without reading JSON).
 */
export function checkAnswers(questions: SurveyQuestion[], input: unknown): CheckedAnswers {
  const errors: Record<string, AnswerError[]> = Object.create(null);
  if (!input || typeof input !== "object" || Array.isArray(input)) return { ok: false, fieldErrors: { answers: ["surveys:errors.answersObject"] } };
  const raw = input as Record<string, unknown>;
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(raw)) {
    if (!byKey.has(key)) errors[key] = ["surveys:errors.unknownQuestion"];
  }
  const answers: Answers = {};
  let comment: string | null = null;
  for (const q of questions) {
    const value = Object.prototype.hasOwnProperty.call(raw, q.key) ? raw[q.key] : undefined;
    const checked = checkOne(q, value);
    if (checked.error) errors[q.key] = [checked.error];
    else if (checked.value !== undefined) {
      answers[q.key] = checked.value;
      if (q.type === "text" && comment === null) comment = checked.value as string;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, answers, mainScore: answers[mainQuestion(questions).key] as number, comment };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

function checkOne(q: SurveyQuestion, value: unknown): { value?: AnswerValue; error?: AnswerError } {
  if (isBlank(value)) return q.main || q.required ? { error: "surveys:errors.required" } : {};
  switch (q.type) {
    case "scale": {
      // Forms send strings; the API sends numbers. Accept "6" but not "6.5", "6abc" or 6.5.
      const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof n !== "number" || !Number.isInteger(n) || n < SCALE_MIN || n > SCALE_MAX) return { error: "surveys:errors.scaleRange" };
      return { value: n };
    }
    case "yes_partly_no":
    case "single": {
      if (typeof value !== "string" || !optionValues(q).includes(value)) return { error: "surveys:errors.invalidOption" };
      return { value };
    }
    case "multiple": {
      const list = Array.isArray(value) ? value : [value];
      const allowed = optionValues(q);
      if (!list.every((v): v is string => typeof v === "string" && allowed.includes(v))) return { error: "surveys:errors.invalidOption" };
      return { value: [...new Set(list)] };
    }
    case "text": {
      if (typeof value !== "string") return { error: "surveys:errors.notText" };
      // Control characters other than line breaks and tabs are dropped, not stored.
      const text = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();
      if (text === "") return q.required ? { error: "surveys:errors.required" } : {};
      if (text.length > (q.maxLength ?? TEXT_MAX)) return { error: "surveys:errors.tooLong" };
      // A lone surrogate (no browser sends one) cannot be stored in the answers' jsonb.
      if (hasUnstorableCharacters(text)) return { error: "surveys:errors.characters" };
      return { value: text };
    }
  }
}

/** A template's text in the reader's language, falling back to Spanish. */
export function localize(text: Localized, lng: string): string {
  return lng === "en" ? text.en || text.es : text.es;
}
