import { parseWithZod } from "@conform-to/zod";
import { GENERATED_CODE_LENGTH, generatePosterCode, POSTER_CODE, POSTER_CODE_ALPHABET, PosterCreateSchema } from "~/domain/surveys/poster-schemas";
import { QuestionsSchema, type SurveyQuestion } from "~/domain/surveys/questions";
import {
  addQuestion,
  applyEditorIntent,
  blankQuestion,
  formToTemplate,
  formValuesFromPayload,
  lockedKeyErrors,
  moveQuestionUp,
  NewTemplateSchema,
  parseEditorIntent,
  parseOptions,
  removeQuestion,
  TemplateFormSchema,
  templateToForm,
  type TemplateFormValues,
} from "~/domain/surveys/template-form";

const TITLE = { es: "Encuesta de satisfacción usuaria", en: "User satisfaction survey" };

// The seeded default template (prisma/seed.ts), trimmed to one question of each kind it uses.
const SEEDED: SurveyQuestion[] = [
  {
    key: "overall",
    type: "scale",
    main: true,
    required: true,
    label: { es: "¿Qué tan satisfecho/a está con la atención recibida?", en: "How satisfied are you with the service you received?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy insatisfecho/a", "Muy satisfecho/a"], en: ["Very dissatisfied", "Very satisfied"] },
  },
  {
    key: "resolved",
    type: "yes_partly_no",
    required: false,
    label: { es: "¿Se resolvió su requerimiento?", en: "Was your request resolved?" },
    options: [
      { value: "yes", label: { es: "Sí", en: "Yes" } },
      { value: "partly", label: { es: "Parcialmente", en: "Partly" } },
      { value: "no", label: { es: "No", en: "No" } },
    ],
  },
  { key: "effort", type: "scale", required: false, label: { es: "¿Qué tan fácil fue?", en: "How easy was it?" }, min: 1, max: 7, faces: true },
  {
    key: "channel",
    type: "multiple",
    required: false,
    label: { es: "¿Por dónde se informó?", en: "Where did you hear about it?" },
    options: [
      { value: "web", label: { es: "Sitio web", en: "Website" } },
      { value: "radio", label: { es: "Radio", en: "Radio" } },
    ],
  },
  { key: "comment", type: "text", required: false, label: { es: "¿Algún comentario?", en: "Any comment?" }, maxLength: 1000 },
];

/** The form as the browser posts it (what Conform parses on the server). */
function toFormData(values: TemplateFormValues, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("titleEs", values.titleEs);
  form.set("titleEn", values.titleEn);
  if (values.main !== "") form.set("main", values.main);
  values.questions.forEach((q, i) => {
    for (const [name, value] of Object.entries(q)) {
      if (value === undefined) continue;
      form.set(`questions[${i}].${name}`, value);
    }
  });
  for (const [name, value] of Object.entries(extra)) form.set(name, value);
  return form;
}

const errorsOf = (values: TemplateFormValues) => {
  const result = formToTemplate(values);
  if (result.ok) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of result.issues) {
    const name = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
    (errors[name] ??= []).push(issue.message.split("|")[0]!);
  }
  return errors;
};

const seededForm = () => templateToForm(TITLE, SEEDED);

describe("survey template form", () => {
  it("turns a stored template into form fields and back without a change", () => {
    const values = seededForm();
    expect(values.main).toBe("0");
    expect(values.questions[0]).toMatchObject({ key: "overall", originalKey: "overall", required: "on", endLowEs: "Muy insatisfecho/a", endHighEn: "Very satisfied" });
    expect(values.questions[1]!.options).toBe("yes | Sí | Yes\npartly | Parcialmente | Partly\nno | No | No");
    expect(values.questions[2]!.faces).toBe("on");
    expect(values.questions[4]!.maxLength).toBe("1000");

    const result = formToTemplate(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.title).toEqual(TITLE);
    expect(result.value.questions).toEqual(SEEDED);
    expect(result.value.originalKeys).toEqual(["overall", "resolved", "effort", "channel", "comment"]);
    expect(QuestionsSchema.safeParse(result.value.questions).success).toBe(true);
  });

  it("parses the posted form with Conform (checkboxes, nested names, the main radio)", () => {
    const values = seededForm();
    values.questions[2]!.required = "on";
    values.questions[0]!.labelEs = "  ¿Cómo fue la atención?  ";
    const submission = parseWithZod(toFormData(values, { intent: "save", revision: "abc" }), { schema: TemplateFormSchema });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value.questions[0]!.label.es).toBe("¿Cómo fue la atención?");
    expect(submission.value.questions[2]!.required).toBe(true);
    // Unticked checkbox: not posted, so false; the main question is always required.
    expect(submission.value.questions[3]!.required).toBe(false);
    expect(submission.value.questions.filter((q) => q.main).map((q) => q.key)).toEqual(["overall"]);
  });

  it("reports every problem at once, each on its field", () => {
    const values = seededForm();
    values.titleEn = "";
    values.main = "1"; // a yes / partly / no question
    values.questions[0]!.key = "Overall Score";
    values.questions[2]!.key = "resolved";
    values.questions[2]!.endLowEs = "Difícil";
    values.questions[3]!.options = "web | Sitio web | Website\nradio | Radio";
    values.questions[4]!.labelEn = " ";
    values.questions[4]!.maxLength = "5000";
    expect(errorsOf(values)).toEqual({
      titleEn: ["validation.required"],
      main: ["surveyadmin:errors.mainMustBeScale"],
      "questions[0].key": ["surveyadmin:errors.questionKey"],
      "questions[2].key": ["surveyadmin:errors.keyDuplicate"],
      "questions[2].endHighEs": ["surveyadmin:errors.endLabelsAll"],
      "questions[2].endLowEn": ["surveyadmin:errors.endLabelsAll"],
      "questions[2].endHighEn": ["surveyadmin:errors.endLabelsAll"],
      "questions[3].options": ["surveyadmin:errors.optionLine"],
      "questions[4].labelEn": ["validation.required"],
      "questions[4].maxLength": ["validation.range"],
    });
  });

  it("needs a main question, at least one question, known types and enough options", () => {
    const values = seededForm();
    values.main = "";
    values.questions[1]!.type = "dropdown";
    values.questions[3]!.type = "single";
    values.questions[3]!.options = "web | Sitio web | Website";
    expect(errorsOf(values)).toEqual({
      main: ["surveyadmin:errors.mainRequired"],
      "questions[1].type": ["validation.choice"],
      "questions[3].options": ["surveyadmin:errors.optionsNeeded"],
    });
    expect(errorsOf({ titleEs: "a", titleEn: "b", main: "", questions: [] })).toEqual({ questions: ["surveyadmin:errors.noQuestions"] });
    // The main index must point at a question.
    expect(errorsOf({ ...seededForm(), main: "9" })).toEqual({ main: ["surveyadmin:errors.mainRequired"] });
  });

  it("gives yes / partly / no questions the standard options when left blank, and checks custom ones", () => {
    const values = seededForm();
    values.questions[1]!.options = "";
    const result = formToTemplate(values);
    expect(result.ok && result.value.questions[1]!.options?.map((o) => o.value)).toEqual(["yes", "partly", "no"]);

    values.questions[1]!.options = "yes | Sí | Yes\nmaybe | Quizás | Maybe\nno | No | No";
    expect(errorsOf(values)).toEqual({ "questions[1].options": ["surveyadmin:errors.yesPartlyNoValues"] });
  });

  it("parses option lines and names the faulty line", () => {
    expect(parseOptions("a | A | A\r\n\r\nb-2 |  Be | Bee ")).toEqual({
      options: [
        { value: "a", label: { es: "A", en: "A" } },
        { value: "b-2", label: { es: "Be", en: "Bee" } },
      ],
      errors: [],
    });
    expect(parseOptions("a | A | A\nB C | Be | Bee").errors).toEqual(['surveyadmin:errors.optionValue|{"line":2}']);
    expect(parseOptions("a | A | A\na | Otra | Other").errors).toEqual(['surveyadmin:errors.optionsUnique|{"value":"a"}']);
    expect(parseOptions("a | A | A | extra").errors).toEqual(['surveyadmin:errors.optionLine|{"line":1}']);
  });

  it("drops the fields that do not apply to the question's type", () => {
    const values = seededForm();
    values.questions[3]!.type = "text"; // was multiple choice: its options go
    values.questions[4]!.type = "scale"; // was text: its max length goes
    const result = formToTemplate(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.questions[3]).toEqual({ key: "channel", type: "text", required: false, label: SEEDED[3]!.label });
    expect(result.value.questions[4]).toEqual({ key: "comment", type: "scale", required: false, label: SEEDED[4]!.label, min: 1, max: 7 });
  });

  it("adds, removes and moves questions, keeping the main question's radio on the same question", () => {
    const values = seededForm();
    values.main = "2";
    const added = addQuestion(values);
    expect(added.questions).toHaveLength(6);
    expect(added.questions[5]).toEqual(blankQuestion());
    expect(added.main).toBe("2");

    expect(removeQuestion(values, 0).main).toBe("1");
    expect(removeQuestion(values, 2).main).toBe("");
    expect(removeQuestion(values, 4).main).toBe("2");
    expect(removeQuestion(values, 0).questions.map((q) => q.key)).toEqual(["resolved", "effort", "channel", "comment"]);

    const up = moveQuestionUp(values, 2);
    expect(up.questions.map((q) => q.key)).toEqual(["overall", "effort", "resolved", "channel", "comment"]);
    expect(up.main).toBe("1");
    expect(moveQuestionUp(values, 3).main).toBe("3");
    expect(moveQuestionUp(values, 0)).toBe(values);

    expect(parseEditorIntent("add")).toEqual({ type: "add" });
    expect(parseEditorIntent("remove-3")).toEqual({ type: "remove", index: 3 });
    expect(parseEditorIntent("up-12")).toEqual({ type: "up", index: 12 });
    expect(parseEditorIntent("save")).toEqual({ type: "save" });
    expect(parseEditorIntent("up-x")).toEqual({ type: "save" });
    expect(parseEditorIntent(null)).toEqual({ type: "save" });
    expect(applyEditorIntent(values, { type: "remove", index: 99 })).toBe(values);
  });

  it("rebuilds the form from any posted payload without throwing", () => {
    expect(formValuesFromPayload(undefined)).toEqual({ titleEs: "", titleEn: "", main: "", questions: [] });
    expect(formValuesFromPayload({ titleEs: ["x"], questions: [null, { key: "a", required: "on", faces: "nope" }] })).toEqual({
      titleEs: "",
      titleEn: "",
      main: "",
      questions: [
        { ...blankQuestion() },
        { ...blankQuestion(), key: "a", required: "on" },
      ],
    });
    // A crafted payload with the wrong shapes is refused with messages, not an exception.
    const form = new FormData();
    form.set("questions", "not a list");
    const submission = parseWithZod(form, { schema: TemplateFormSchema });
    expect(submission.status).toBe("error");
  });

  it("refuses to change the key of a question loaded from a template with answers", () => {
    const values = seededForm();
    values.questions[1]!.key = "solved";
    values.questions.push({ ...blankQuestion(), key: "new_one", labelEs: "Nueva", labelEn: "New" });
    const result = formToTemplate(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(lockedKeyErrors(result.value, SEEDED)).toEqual({ "questions[1].key": ['surveyadmin:errors.keyLocked|{"key":"resolved"}'] });
    // Removing questions and adding new ones is fine.
    const removed = formToTemplate(removeQuestion(seededForm(), 4));
    expect(removed.ok && lockedKeyErrors(removed.value, SEEDED)).toEqual({});
  });

  it("refuses to change the type of an answered question (its answers must stay comparable)", () => {
    const values = seededForm();
    values.questions[2]!.type = "text";
    const result = formToTemplate(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(lockedKeyErrors(result.value, SEEDED)).toEqual({ "questions[2].type": ['surveyadmin:errors.typeLocked|{"key":"effort"}'] });
  });

  it("checks the new-template form", () => {
    expect(NewTemplateSchema.parse({ key: " telefono ", titleEs: "Teléfono", titleEn: "Phone" })).toEqual({ key: "telefono", titleEs: "Teléfono", titleEn: "Phone" });
    const issues = NewTemplateSchema.safeParse({ key: "Teléfono", titleEs: "", titleEn: "x" }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["key", "surveyadmin:errors.templateKey"],
      ["titleEs", "validation.required"],
    ]);
  });
});

describe("poster codes", () => {
  it("generates readable codes without ambiguous characters", () => {
    expect(POSTER_CODE_ALPHABET).not.toMatch(/[IO01]/);
    const codes = Array.from({ length: 200 }, () => generatePosterCode());
    for (const code of codes) {
      expect(code).toHaveLength(GENERATED_CODE_LENGTH);
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(code).toMatch(POSTER_CODE);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(generatePosterCode(() => new Uint8Array([0, 1, 31, 32, 255, 8, 9, 10]))).toBe("AB9A9JKL");
  });

  it("accepts a typed code (upper-cased) or none, and explains a bad one", () => {
    const office = "7b0a3c2e-1f4d-4a5b-9c6d-7e8f9a0b1c2d";
    expect(PosterCreateSchema.parse({ code: " central-2026 ", officeId: office, channel: "PRESENCIAL" })).toEqual({ code: "CENTRAL-2026", officeId: office, channel: "PRESENCIAL" });
    expect(PosterCreateSchema.parse({ officeId: office, channel: "TELEFONO" }).code).toBeUndefined();
    const issues = (value: Record<string, unknown>) => PosterCreateSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]) ?? [];
    expect(issues({ code: "ABC", officeId: office, channel: "PRESENCIAL" })).toEqual([["code", "surveyadmin:posters.errors.codeLength"]]);
    expect(issues({ code: "OFICINA_1", officeId: office, channel: "PRESENCIAL" })).toEqual([["code", "surveyadmin:posters.errors.codeChars"]]);
    expect(issues({ code: "ÑUÑOA-1", officeId: office, channel: "PRESENCIAL" })).toEqual([["code", "surveyadmin:posters.errors.codeChars"]]);
    expect(issues({ channel: "KIOSK" })).toEqual([
      ["officeId", "validation.required"],
      ["channel", "validation.choice"],
    ]);
  });
});
