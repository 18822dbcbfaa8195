// The survey template editor as a plain form: one flat group of fields per question (works without
// JavaScript), converted to the question model of questions.ts and back. Pure: shared by the browser
// (Conform) and the server. Messages are i18n keys (surveyadmin namespace unless prefixed otherwise),
// with parameters after "|" (see components/forms.tsx).
import { z } from "zod";
import { msg } from "~/utils/validation";
import {
  QUESTION_TYPES,
  QuestionsSchema,
  SCALE_MAX,
  SCALE_MIN,
  TEXT_MAX,
  YES_PARTLY_NO,
  type Localized,
  type QuestionType,
  type SurveyQuestion,
} from "./questions";

export const MAX_QUESTIONS = 30;
export const MAX_OPTIONS = 20;
export const TITLE_MAX = 200;
export const LABEL_MAX = 300;
export const END_LABEL_MAX = 60;
/** A template's key (shared by all its versions). */
export const TEMPLATE_KEY = /^[a-z][a-z0-9_-]{1,39}$/;
/** Same rules as questions.ts (KEY and VALUE there). */
export const QUESTION_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const OPTION_VALUE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const CHOICE_TYPES: readonly QuestionType[] = ["yes_partly_no", "single", "multiple"];
export const hasOptions = (type: string) => (CHOICE_TYPES as readonly string[]).includes(type);

/** Labels used when a yes / partly / no question is saved without its own. */
export const DEFAULT_YES_PARTLY_NO: Array<{ value: (typeof YES_PARTLY_NO)[number]; label: Localized }> = [
  { value: "yes", label: { es: "Sí", en: "Yes" } },
  { value: "partly", label: { es: "Parcialmente", en: "Partly" } },
  { value: "no", label: { es: "No", en: "No" } },
];

/** The questions of a template started from nothing (an institution without any template yet). */
export const STARTER_QUESTIONS: SurveyQuestion[] = [
  {
    key: "overall",
    type: "scale",
    main: true,
    required: true,
    label: { es: "¿Qué tan satisfecho/a está con la atención recibida?", en: "How satisfied are you with the service you received?" },
    min: SCALE_MIN,
    max: SCALE_MAX,
    endLabels: { es: ["Muy insatisfecho/a", "Muy satisfecho/a"], en: ["Very dissatisfied", "Very satisfied"] },
  },
];

/** One question as the form holds it: strings only; checkboxes are "on" when ticked. */
export type QuestionFormValues = {
  key: string;
  /** The key as it was loaded (empty for a question added in this edit): keys with answers must not change. */
  originalKey: string;
  type: string;
  labelEs: string;
  labelEn: string;
  required?: "on";
  endLowEs: string;
  endHighEs: string;
  endLowEn: string;
  endHighEn: string;
  faces?: "on";
  /** One option per line: "value | Etiqueta | Label". */
  options: string;
  maxLength: string;
};

export type TemplateFormValues = {
  titleEs: string;
  titleEn: string;
  /** Index of the main question in `questions`, as a string (a radio group across the form). */
  main: string;
  questions: QuestionFormValues[];
};

/** What a valid form becomes: the stored title and questions, and each question's loaded key. */
export type TemplateInput = {
  title: Localized;
  questions: SurveyQuestion[];
  /** Parallel to `questions`: the key each question had when the form was loaded, or null if new. */
  originalKeys: Array<string | null>;
};

export function blankQuestion(): QuestionFormValues {
  return {
    key: "",
    originalKey: "",
    type: "scale",
    labelEs: "",
    labelEn: "",
    endLowEs: "",
    endHighEs: "",
    endLowEn: "",
    endHighEn: "",
    options: "",
    maxLength: "",
  };
}

export const optionsToText = (options: SurveyQuestion["options"]) =>
  (options ?? []).map((o) => `${o.value} | ${o.label.es} | ${o.label.en}`).join("\n");

/** The form's values for a stored template. */
export function templateToForm(title: Localized, questions: SurveyQuestion[]): TemplateFormValues {
  const mainIndex = questions.findIndex((q) => q.main);
  return {
    titleEs: title.es ?? "",
    titleEn: title.en ?? "",
    main: mainIndex >= 0 ? String(mainIndex) : "",
    questions: questions.map((q) => ({
      key: q.key,
      originalKey: q.key,
      type: q.type,
      labelEs: q.label.es,
      labelEn: q.label.en,
      ...(q.required || q.main ? { required: "on" as const } : {}),
      endLowEs: q.endLabels?.es[0] ?? "",
      endHighEs: q.endLabels?.es[1] ?? "",
      endLowEn: q.endLabels?.en[0] ?? "",
      endHighEn: q.endLabels?.en[1] ?? "",
      ...(q.faces ? { faces: "on" as const } : {}),
      options: hasOptions(q.type) ? optionsToText(q.options) : "",
      maxLength: q.type === "text" && q.maxLength ? String(q.maxLength) : "",
    })),
  };
}

const str = (value: unknown) => (typeof value === "string" ? value : "");
const checkbox = (value: unknown) => (value === "on" || value === "true" || value === true ? ("on" as const) : undefined);

/** Whatever was posted (Conform's parsed payload), as form values: used to re-render the form. */
export function formValuesFromPayload(payload: unknown): TemplateFormValues {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  const list = Array.isArray(p.questions) ? p.questions : [];
  return {
    titleEs: str(p.titleEs),
    titleEn: str(p.titleEn),
    main: str(p.main),
    questions: list.slice(0, MAX_QUESTIONS + 1).map((item) => {
      const q = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
      const required = checkbox(q.required);
      const faces = checkbox(q.faces);
      return {
        key: str(q.key),
        originalKey: str(q.originalKey),
        type: str(q.type) || "scale",
        labelEs: str(q.labelEs),
        labelEn: str(q.labelEn),
        ...(required ? { required } : {}),
        endLowEs: str(q.endLowEs),
        endHighEs: str(q.endHighEs),
        endLowEn: str(q.endLowEn),
        endHighEn: str(q.endHighEn),
        ...(faces ? { faces } : {}),
        options: str(q.options),
        maxLength: str(q.maxLength),
      };
    }),
  };
}

// Structural edits (the "Add question", "Remove" and "Move up" buttons), which keep the main
// question's radio on the same question.

export function addQuestion(values: TemplateFormValues): TemplateFormValues {
  if (values.questions.length >= MAX_QUESTIONS) return values;
  return { ...values, questions: [...values.questions, blankQuestion()] };
}

export function removeQuestion(values: TemplateFormValues, index: number): TemplateFormValues {
  if (index < 0 || index >= values.questions.length) return values;
  const main = values.main === "" ? NaN : Number(values.main);
  const nextMain = main === index ? "" : main > index ? String(main - 1) : values.main;
  return { ...values, main: nextMain, questions: values.questions.filter((_, i) => i !== index) };
}

export function moveQuestionUp(values: TemplateFormValues, index: number): TemplateFormValues {
  if (index <= 0 || index >= values.questions.length) return values;
  const questions = [...values.questions];
  [questions[index - 1], questions[index]] = [questions[index]!, questions[index - 1]!];
  const main = values.main === "" ? NaN : Number(values.main);
  const nextMain = main === index ? String(index - 1) : main === index - 1 ? String(index) : values.main;
  return { ...values, main: nextMain, questions };
}

export type EditorIntent = { type: "save" } | { type: "add" } | { type: "remove"; index: number } | { type: "up"; index: number };

/** The button pressed (name="intent"): "add", "remove-3", "up-3"; anything else saves. */
export function parseEditorIntent(value: unknown): EditorIntent {
  if (value === "add") return { type: "add" };
  const match = typeof value === "string" ? /^(remove|up)-(\d{1,2})$/.exec(value) : null;
  if (match) return { type: match[1] as "remove" | "up", index: Number(match[2]) };
  return { type: "save" };
}

export function applyEditorIntent(values: TemplateFormValues, intent: EditorIntent): TemplateFormValues {
  switch (intent.type) {
    case "add":
      return addQuestion(values);
    case "remove":
      return removeQuestion(values, intent.index);
    case "up":
      return moveQuestionUp(values, intent.index);
    default:
      return values;
  }
}

type Issue = { path: Array<string | number>; message: string };

/** "value | Etiqueta | Label" lines as options; problems are reported with their line number. */
export function parseOptions(text: string): { options: Array<{ value: string; label: Localized }>; errors: string[] } {
  const options: Array<{ value: string; label: Localized }> = [];
  const errors: string[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split("|").map((p) => p.trim());
    const number = index + 1;
    if (parts.length !== 3 || parts.some((p) => p === "")) {
      errors.push(msg("surveyadmin:errors.optionLine", { line: number }));
      return;
    }
    const [value, es, en] = parts as [string, string, string];
    if (!OPTION_VALUE.test(value)) errors.push(msg("surveyadmin:errors.optionValue", { line: number }));
    else if (es.length > LABEL_MAX || en.length > LABEL_MAX) errors.push(msg("surveyadmin:errors.optionLabelTooLong", { line: number, max: LABEL_MAX }));
    else options.push({ value, label: { es, en } });
  });
  if (errors.length === 0) {
    const seen = new Set<string>();
    for (const o of options) {
      if (seen.has(o.value)) errors.push(msg("surveyadmin:errors.optionsUnique", { value: o.value }));
      seen.add(o.value);
    }
  }
  return { options, errors };
}

/** Checks the form and builds the template, reporting every problem at once with its field path. */
export function formToTemplate(values: TemplateFormValues): { ok: true; value: TemplateInput } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const add = (path: Array<string | number>, message: string) => issues.push({ path, message });
  const text = (path: Array<string | number>, value: string, max: number, required: boolean) => {
    const trimmed = value.trim();
    if (required && !trimmed) add(path, msg("validation.required"));
    else if (trimmed.length > max) add(path, msg("validation.tooLong", { max }));
    return trimmed;
  };

  const title = { es: text(["titleEs"], values.titleEs, TITLE_MAX, true), en: text(["titleEn"], values.titleEn, TITLE_MAX, true) };

  if (values.questions.length === 0) add(["questions"], msg("surveyadmin:errors.noQuestions"));
  if (values.questions.length > MAX_QUESTIONS) add(["questions"], msg("surveyadmin:errors.tooManyQuestions", { max: MAX_QUESTIONS }));

  const mainIndex = /^\d{1,2}$/.test(values.main) ? Number(values.main) : -1;
  if (mainIndex < 0 || mainIndex >= values.questions.length) {
    if (values.questions.length > 0) add(["main"], msg("surveyadmin:errors.mainRequired"));
  } else if (values.questions[mainIndex]!.type !== "scale") {
    add(["main"], msg("surveyadmin:errors.mainMustBeScale", { number: mainIndex + 1 }));
  }

  const seenKeys = new Set<string>();
  const questions: SurveyQuestion[] = [];
  const originalKeys: Array<string | null> = [];
  values.questions.forEach((q, i) => {
    const at = (field: string) => ["questions", i, field];
    const key = q.key.trim();
    if (!key) add(at("key"), msg("validation.required"));
    else if (!QUESTION_KEY.test(key)) add(at("key"), msg("surveyadmin:errors.questionKey"));
    else if (seenKeys.has(key)) add(at("key"), msg("surveyadmin:errors.keyDuplicate", { key }));
    seenKeys.add(key);

    const type = (QUESTION_TYPES as readonly string[]).includes(q.type) ? (q.type as QuestionType) : null;
    if (!type) add(at("type"), q.type ? msg("validation.choice") : msg("validation.required"));

    const label = { es: text(at("labelEs"), q.labelEs, LABEL_MAX, true), en: text(at("labelEn"), q.labelEn, LABEL_MAX, true) };
    const isMain = i === mainIndex;
    const question: SurveyQuestion = { key, type: type ?? "scale", ...(isMain ? { main: true } : {}), required: isMain || q.required === "on", label };

    if (type === "scale") {
      question.min = SCALE_MIN;
      question.max = SCALE_MAX;
      const ends = (["endLowEs", "endHighEs", "endLowEn", "endHighEn"] as const).map((field) => text(at(field), q[field], END_LABEL_MAX, false));
      if (ends.some(Boolean)) {
        (["endLowEs", "endHighEs", "endLowEn", "endHighEn"] as const).forEach((field, n) => {
          if (!ends[n]) add(at(field), msg("surveyadmin:errors.endLabelsAll"));
        });
        question.endLabels = { es: [ends[0]!, ends[1]!], en: [ends[2]!, ends[3]!] };
      }
      if (q.faces === "on") question.faces = true;
    }

    if (type && hasOptions(type)) {
      const parsed = parseOptions(q.options);
      for (const error of parsed.errors) add(at("options"), error);
      if (parsed.errors.length === 0) {
        if (type === "yes_partly_no") {
          if (parsed.options.length === 0) question.options = DEFAULT_YES_PARTLY_NO.map((o) => ({ value: o.value, label: { ...o.label } }));
          else if (parsed.options.length !== YES_PARTLY_NO.length || !YES_PARTLY_NO.every((v) => parsed.options.some((o) => o.value === v))) {
            add(at("options"), msg("surveyadmin:errors.yesPartlyNoValues"));
          } else question.options = parsed.options;
        } else if (parsed.options.length < 2) add(at("options"), msg("surveyadmin:errors.optionsNeeded"));
        else if (parsed.options.length > MAX_OPTIONS) add(at("options"), msg("surveyadmin:errors.tooManyOptions", { max: MAX_OPTIONS }));
        else question.options = parsed.options;
      }
    }

    if (type === "text" && q.maxLength.trim() !== "") {
      const n = q.maxLength.trim();
      if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > TEXT_MAX) add(at("maxLength"), msg("validation.range", { min: 1, max: TEXT_MAX }));
      else question.maxLength = Number(n);
    }

    questions.push(question);
    originalKeys.push(q.originalKey.trim() || null);
  });

  if (issues.length > 0) return { ok: false, issues };
  // The model's own schema is the last word (the checks above mirror it with field-level messages).
  const checked = QuestionsSchema.safeParse(questions);
  if (!checked.success) {
    return { ok: false, issues: checked.error.issues.map((issue) => ({ path: issueField(issue.path), message: MODEL_MESSAGES[issue.message] ?? msg("surveyadmin:errors.invalidTemplate") })) };
  }
  return { ok: true, value: { title, questions, originalKeys } };
}

/** questions.ts's messages (surveys namespace, for respondents' tools) in this form's words. */
const MODEL_MESSAGES: Record<string, string> = {
  "surveys:errors.questionKey": msg("surveyadmin:errors.questionKey"),
  "surveys:errors.optionsNeeded": msg("surveyadmin:errors.optionsNeeded"),
  "surveys:errors.optionsUnique": msg("surveyadmin:errors.optionsUniqueAny"),
  "surveys:errors.mainMustBeScale": msg("surveyadmin:errors.mainMustBeScaleAny"),
  "surveys:errors.keysUnique": msg("surveyadmin:errors.keysUnique"),
  "surveys:errors.exactlyOneMain": msg("surveyadmin:errors.mainRequired"),
};

/** A path in QuestionsSchema ([2, "label", "es"]) as the form field that holds it. */
function issueField(path: Array<string | number>): Array<string | number> {
  const [index, field, sub] = path;
  if (typeof index !== "number") return [];
  const fields: Record<string, string> = { key: "key", type: "type", options: "options", maxLength: "maxLength", main: "type" };
  if (field === "label") return ["questions", index, sub === "en" ? "labelEn" : "labelEs"];
  if (field === "endLabels") return ["questions", index, sub === "en" ? "endLowEn" : "endLowEs"];
  return typeof field === "string" && fields[field] ? ["questions", index, fields[field]] : ["questions", index, "key"];
}

const loose = z.string({ invalid_type_error: msg("validation.invalid") }).optional();
const looseCheckbox = z.union([z.string(), z.boolean()], { invalid_type_error: msg("validation.invalid") }).optional();

/** What the browser posts: everything optional text, so every problem is found in one pass below. */
const RawQuestionSchema = z.object(
  {
    key: loose,
    originalKey: loose,
    type: loose,
    labelEs: loose,
    labelEn: loose,
    required: looseCheckbox,
    endLowEs: loose,
    endHighEs: loose,
    endLowEn: loose,
    endHighEn: loose,
    faces: looseCheckbox,
    options: loose,
    maxLength: loose,
  },
  { invalid_type_error: msg("validation.invalid") },
);

/** The editor form (Conform parses `questions[0].key` … into this shape). */
export const TemplateFormSchema = z
  .object({
    titleEs: loose,
    titleEn: loose,
    main: loose,
    questions: z.array(RawQuestionSchema, { invalid_type_error: msg("validation.invalid") }).optional(),
  })
  .transform((raw, ctx) => {
    const result = formToTemplate(formValuesFromPayload(raw));
    if (result.ok) return result.value;
    for (const issue of result.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
    return z.NEVER;
  });

/**
 * Stable keys: in a template that has answers, a question loaded with a key must keep it (answers
 * and exports are keyed by it). Adding and removing questions is allowed. Returns field errors.
 */
export function lockedKeyErrors(input: TemplateInput, storedQuestions: SurveyQuestion[]): Record<string, string[]> {
  const stored = new Map(storedQuestions.map((q) => [q.key, q]));
  const errors: Record<string, string[]> = {};
  input.questions.forEach((q, i) => {
    const original = input.originalKeys[i];
    const before = original ? stored.get(original) : undefined;
    if (original && before && q.key !== original) {
      errors[`questions[${i}].key`] = [msg("surveyadmin:errors.keyLocked", { key: original })];
    } else if (before && q.type !== before.type) {
      // Results per question aggregate every version by key: the answers must stay comparable.
      errors[`questions[${i}].type`] = [msg("surveyadmin:errors.typeLocked", { key: original })];
    }
  });
  return errors;
}

/** The new-template form: a key for all its versions, a title, and the template to start from. */
export const NewTemplateSchema = z.object({
  key: z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .regex(TEMPLATE_KEY, msg("surveyadmin:errors.templateKey")),
  titleEs: z
    .string({ required_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .max(TITLE_MAX, msg("validation.tooLong", { max: TITLE_MAX })),
  titleEn: z
    .string({ required_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .max(TITLE_MAX, msg("validation.tooLong", { max: TITLE_MAX })),
  /** Empty: start from the institution's default template. */
  copyFromId: z.string().uuid(msg("validation.notFound")).optional(),
});
export type NewTemplateInput = z.infer<typeof NewTemplateSchema>;
