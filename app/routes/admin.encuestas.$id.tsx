import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActiveBadge } from "~/components/admin/ActiveToggle";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField, useErrorText } from "~/components/forms";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { localize, QUESTION_TYPES } from "~/domain/surveys/questions";
import {
  applyEditorIntent,
  END_LABEL_MAX,
  formValuesFromPayload,
  hasOptions,
  LABEL_MAX,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  parseEditorIntent,
  TemplateFormSchema,
  templateToForm,
  TITLE_MAX,
  type EditorIntent,
  type TemplateFormValues,
  type TemplateInput,
} from "~/domain/surveys/template-form";
import {
  getSurveyTemplate,
  LockedKeysError,
  saveSurveyTemplate,
  setDefaultSurveyTemplate,
  setSurveyTemplateActive,
  TemplateConflictError,
  templateStateMessage,
} from "~/domain/surveys/templates.server";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar encuesta · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const template = await getSurveyTemplate({ institutionId: user.institutionId, id: parseId(params) });
  if (!template) throw new Response("Not found", { status: 404 });
  return json({ template, values: templateToForm(template.title, template.questions) });
}

type EditorData = {
  kind: "editor";
  /** Changes on every answer, so the form is rebuilt from `values`. */
  nonce: string;
  values: TemplateFormValues;
  result?: SubmissionResult<string[]>;
  /** What the form was loaded from (templateRevision), carried across add / remove / move up. */
  revision: string;
  /** The structural change just made, announced to screen readers. */
  change?: EditorIntent & { number: number };
};
type StateData = { kind: "state"; error: { key: string; count?: number } };

const nonce = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  // The status buttons (plain forms of their own).
  if (intent === "make-default" || intent === "toggle-active") {
    let result;
    if (intent === "make-default") result = await setDefaultSurveyTemplate({ ...scope, id });
    else {
      const toggle = ActiveToggleSchema.safeParse(Object.fromEntries(formData));
      if (!toggle.success || toggle.data.id !== id) throw new Response("Bad request", { status: 400 });
      result = await setSurveyTemplateActive({ ...scope, ...toggle.data });
    }
    if (!result.ok) return json<StateData>({ kind: "state", error: templateStateMessage(result) }, { status: result.reason === "notFound" ? 404 : 409 });
    return redirect(`/admin/encuestas/${id}?done=${intent === "make-default" ? "default" : "status"}`);
  }

  const submission = parseWithZod(formData, { schema: TemplateFormSchema });
  const posted = formValuesFromPayload(submission.payload);
  const postedRevision = formData.get("revision");
  const revision = typeof postedRevision === "string" ? postedRevision.slice(0, 64) : "";
  const editorIntent = parseEditorIntent(intent);
  // Add, remove, move up: re-render with the change, nothing saved yet.
  if (editorIntent.type !== "save") {
    const values = applyEditorIntent(posted, editorIntent);
    const number = editorIntent.type === "add" ? values.questions.length : editorIntent.type === "up" ? editorIntent.index : editorIntent.index + 1;
    return json<EditorData>({ kind: "editor", nonce: nonce(), revision, values, change: { ...editorIntent, number } });
  }
  if (submission.status !== "success") {
    return json<EditorData>({ kind: "editor", nonce: nonce(), revision, values: posted, result: submission.reply() }, { status: 400 });
  }
  try {
    const saved = await saveSurveyTemplate({ ...scope, id, revision, input: submission.value });
    if (!saved) throw new Response("Not found", { status: 404 });
    const query = saved.newVersion ? `version=${saved.version}&posters=${saved.movedPosters}` : "saved=1";
    return redirect(`/admin/encuestas/${saved.id}?${query}`);
  } catch (error) {
    if (error instanceof TemplateConflictError) {
      return json<EditorData>({ kind: "editor", nonce: nonce(), revision, values: posted, result: submission.reply({ formErrors: ["surveyadmin:errors.conflict"] }) }, { status: 409 });
    }
    if (error instanceof LockedKeysError) {
      return json<EditorData>({ kind: "editor", nonce: nonce(), revision, values: posted, result: submission.reply({ fieldErrors: error.fieldErrors }) }, { status: 400 });
    }
    throw error;
  }
}

export default function EditSurveyTemplate() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { template, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const title = localize(template.title, i18n.language);
  const editor = actionData?.kind === "editor" ? actionData : null;
  const stateError = actionData?.kind === "state" ? actionData.error : null;
  const newVersion = params.get("version");

  return (
    <>
      <p className="sa-back">
        <Link to="/admin/encuestas">{t("templates.backToList")}</Link>
      </p>
      <h1>{template.latest ? t("templates.viewTitle", { title, version: template.version }) : t("templates.editTitle", { title })}</h1>
      {actionData ? null : newVersion ? (
        <p className="notice success" role="status">
          {t("templates.done.newVersion", { version: newVersion, count: Number(params.get("posters") ?? 0) })}
        </p>
      ) : params.get("saved") ? (
        <p className="notice success" role="status">
          {t("common:form.saved")}
        </p>
      ) : params.get("created") ? (
        <p className="notice success" role="status">
          {t("templates.done.created")}
        </p>
      ) : params.get("done") === "default" ? (
        <p className="notice success" role="status">
          {t("templates.done.default")}
        </p>
      ) : params.get("done") === "status" ? (
        <p className="notice success" role="status">
          {t(template.active ? "templates.done.activated" : "templates.done.deactivated")}
        </p>
      ) : null}
      {stateError ? (
        <p className="notice warning" role="alert">
          {t(stateError.key, { count: stateError.count ?? 0 })}
        </p>
      ) : null}

      <section aria-labelledby="template-status" className="sa-status">
        <h2 id="template-status">{t("templates.statusHeading")}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t("templates.columns.key")}</dt>
            <dd>
              <code>{template.key}</code>
            </dd>
          </div>
          <div>
            <dt>{t("templates.columns.version")}</dt>
            <dd>{template.version}</dd>
          </div>
          <div>
            <dt>{t("templates.columns.status")}</dt>
            <dd>
              {template.latest ? <span className="badge inactive">{t("templates.supersededBadge")}</span> : <ActiveBadge active={template.active} />}{" "}
              {template.isDefault ? <span className="badge active">{t("templates.defaultBadge")}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t("templates.columns.responses")}</dt>
            <dd>{template.responseCount}</dd>
          </div>
          <div>
            <dt>{t("templates.columns.posters")}</dt>
            <dd>{template.posterCount}</dd>
          </div>
        </dl>
        {template.latest ? null : (
          <div className="button-row">
            {!template.isDefault && template.active ? (
              <Form method="post" className="inline-form">
                <button type="submit" name="intent" value="make-default" className="button secondary">
                  {t("templates.makeDefault")}
                </button>
              </Form>
            ) : null}
            {!template.isDefault ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={template.id} />
                <input type="hidden" name="active" value={template.active ? "false" : "true"} />
                <button type="submit" name="intent" value="toggle-active" className="button secondary">
                  {template.active ? t("common:actions.deactivate") : t("common:actions.activate")}
                </button>
              </Form>
            ) : null}
          </div>
        )}
      </section>

      {template.latest ? (
        <SupersededVersion template={template} />
      ) : (
        <>
          {template.responseCount > 0 ? (
            <div className="notice warning">
              <p className="sa-notice-title">{t("templates.hasResponses", { count: template.responseCount })}</p>
              <p>{t("templates.hasResponsesDetail", { version: template.version + 1 })}</p>
            </div>
          ) : null}
          <TemplateEditor
            key={editor?.nonce ?? template.revision}
            values={editor?.values ?? values}
            lastResult={editor?.result}
            change={editor?.change}
            revision={editor?.revision ?? template.revision}
            lockKeys={template.responseCount > 0}
          />
        </>
      )}
    </>
  );
}

function SupersededVersion({ template }: { template: ReturnType<typeof useLoaderData<typeof loader>>["template"] }) {
  const { t, i18n } = useTranslation("surveyadmin");
  return (
    <>
      <p className="notice">
        {t("templates.supersededNotice", { version: template.latest!.version })}{" "}
        <Link to={`/admin/encuestas/${template.latest!.id}`}>{t("templates.openLatest", { version: template.latest!.version })}</Link>
      </p>
      <h2>{t("templates.questionsHeading")}</h2>
      <ol className="sa-question-list">
        {template.questions.map((q) => (
          <li key={q.key}>
            <strong>{localize(q.label, i18n.language)}</strong> <code>{q.key}</code> · {t(`types.${q.type}`)}
            {q.main ? ` · ${t("editor.mainShort")}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}

/** True after the first render in the browser (the server render shows every field, for no-JS use). */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const headingId = (index: number) => `question-${index}-heading`;

type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** A text input like forms.tsx's TextField, but read-only when the key of an answered question is locked. */
function KeyField({ field, label, hint, readOnly, autoFocus }: { field: AnyField; label: string; hint: ReactNode; readOnly: boolean; autoFocus: boolean }) {
  const errorText = useErrorText();
  const props = getInputProps(field, { type: "text", ariaAttributes: false });
  const describedBy = [`${field.id}-hint`, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ");
  return (
    <div className={`field${field.errors?.length ? " has-error" : ""}`}>
      <label htmlFor={field.id}>{label}</label>
      <span className="hint" id={`${field.id}-hint`}>
        {hint}
      </span>
      {field.errors?.length ? (
        <span className="error-message" id={field.errorId}>
          {field.errors.map(errorText).join(" ")}
        </span>
      ) : null}
      <input
        {...props}
        key={props.key}
        className="sa-key"
        readOnly={readOnly}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

function TemplateEditor(props: {
  values: TemplateFormValues;
  lastResult?: SubmissionResult<string[]>;
  change?: EditorIntent & { number: number };
  revision: string;
  lockKeys: boolean;
}) {
  const { t } = useTranslation("surveyadmin");
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const [form, fields] = useForm<TemplateFormValues, TemplateInput | Record<string, unknown>>({
    id: "survey-template",
    lastResult: props.lastResult,
    defaultValue: props.values,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) =>
      // Add, remove and move up are not checked: the server only rearranges the form.
      parseEditorIntent(formData.get("intent")).type === "save"
        ? parseWithZod(formData, { schema: TemplateFormSchema })
        : parseWithZod(formData, { schema: z.record(z.unknown()) }),
  });
  const questions = fields.questions.getFieldList();
  const mainErrors = fields.main.errors ?? [];
  const mainValue = fields.main.initialValue;
  const mainIndex = typeof mainValue === "string" && mainValue !== "" ? Number(mainValue) : -1;
  // The main question's error is shown in that question (or the first), where its radio button is.
  const mainErrorIndex = mainIndex >= 0 && mainIndex < questions.length ? mainIndex : 0;

  const labels: Record<string, string> = {
    titleEs: t("editor.titleEs"),
    titleEn: t("editor.titleEn"),
    main: t("editor.main"),
    questions: t("editor.questionsHeading"),
  };
  const fieldNames = ["key", "type", "labelEs", "labelEn", "endLowEs", "endHighEs", "endLowEn", "endHighEn", "options", "maxLength"] as const;
  questions.forEach((_, i) => {
    for (const name of fieldNames) labels[`questions[${i}].${name}`] = t("editor.fieldOfQuestion", { number: i + 1, field: t(`editor.${name}`) });
  });
  const typeOptions = QUESTION_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }));
  const change = props.change;
  // After moving or removing a question (with JavaScript the page is not reloaded), focus the
  // question that moved, or the one now in the removed one's place. Adding focuses the new key.
  useEffect(() => {
    if (!change || change.type === "add" || change.type === "save") return;
    const target = change.type === "up" ? change.index - 1 : Math.min(change.index, questions.length - 1);
    document.getElementById(target >= 0 ? headingId(target) : fields.questions.id)?.focus();
    // Only once, when the form is rebuilt after the change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const saveButton = (
    <button type="submit" name="intent" value="save" className="button">
      {t("editor.save")}
    </button>
  );

  return (
    <div className="sa-editor">
      <ErrorSummary form={form} labels={labels} />
      {change ? (
        <p className="notice warning" role="status">
          {t(`editor.changed.${change.type}`, { number: change.number })} {t("editor.unsaved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="revision" value={props.revision} />
        {/* First submit button of the form: pressing Enter in a field saves (never removes a question). */}
        <div className="button-row sa-top-actions">{saveButton}</div>
        <TextField field={fields.titleEs} label={labels.titleEs} hint={t("editor.titleHint", { max: TITLE_MAX })} />
        <TextField field={fields.titleEn} label={labels.titleEn} />

        <h2 id={fields.questions.id} tabIndex={-1}>
          {t("editor.questionsHeading")}
        </h2>
        <p className="hint">{t("editor.questionsHint", { max: MAX_QUESTIONS })}</p>
        {fields.questions.errors?.length ? <p className="error-message">{fields.questions.errors.map(errorText).join(" ")}</p> : null}

        {questions.map((question, i) => {
          const q = question.getFieldset();
          const number = i + 1;
          const type = (q.type.value as string | undefined) ?? (q.type.initialValue as string | undefined) ?? "scale";
          const originalKey = (q.originalKey.initialValue as string | undefined) ?? "";
          const keyLocked = props.lockKeys && originalKey !== "";
          const show = (group: "scale" | "options" | "text") =>
            !hydrated || (group === "scale" ? type === "scale" : group === "options" ? hasOptions(type) : type === "text");
          const mainId = i === mainErrorIndex ? fields.main.id : `${fields.main.id}-${i}`;
          const hiddenOriginal = getInputProps(q.originalKey, { type: "hidden" });
          return (
            <fieldset key={question.key} className="sa-question">
              <legend>
                <h3 id={headingId(i)} className="sa-question-heading" tabIndex={-1}>
                  {t("editor.questionLegend", { number })}
                </h3>
              </legend>
              <input {...hiddenOriginal} key={hiddenOriginal.key} />
              <KeyField
                field={q.key as AnyField}
                label={t("editor.key")}
                hint={keyLocked ? t("editor.keyLockedHint") : t("editor.keyHint")}
                readOnly={keyLocked}
                autoFocus={change?.type === "add" && i === questions.length - 1}
              />
              <SelectField field={q.type} label={t("editor.type")} options={typeOptions} />
              <TextField field={q.labelEs} label={t("editor.labelEs")} hint={t("editor.labelHint", { max: LABEL_MAX })} />
              <TextField field={q.labelEn} label={t("editor.labelEn")} />
              <CheckboxField field={q.required} label={t("editor.required")} />
              <div className={`field sa-main${i === mainErrorIndex && mainErrors.length ? " has-error" : ""}`}>
                {i === mainErrorIndex && mainErrors.length ? (
                  <span className="error-message" id={`${fields.main.id}-error`}>
                    {mainErrors.map(errorText).join(" ")}
                  </span>
                ) : null}
                <div className="checkbox">
                  <input
                    type="radio"
                    id={mainId}
                    name={fields.main.name}
                    value={String(i)}
                    defaultChecked={mainIndex === i}
                    aria-describedby={[`${fields.main.id}-${i}-hint`, i === mainErrorIndex && mainErrors.length ? `${fields.main.id}-error` : null].filter(Boolean).join(" ")}
                    aria-invalid={i === mainErrorIndex && mainErrors.length ? true : undefined}
                  />
                  <label htmlFor={mainId}>{t("editor.main")}</label>
                </div>
                <span className="hint" id={`${fields.main.id}-${i}-hint`}>
                  {t("editor.mainHint")}
                </span>
              </div>

              <fieldset className="sa-group" hidden={!show("scale")}>
                <legend>{t("editor.scaleGroup")}</legend>
                <p className="hint">{t("editor.scaleHint", { max: END_LABEL_MAX })}</p>
                <div className="sa-grid">
                  <TextField field={q.endLowEs} label={t("editor.endLowEs")} optional />
                  <TextField field={q.endHighEs} label={t("editor.endHighEs")} optional />
                  <TextField field={q.endLowEn} label={t("editor.endLowEn")} optional />
                  <TextField field={q.endHighEn} label={t("editor.endHighEn")} optional />
                </div>
                <CheckboxField field={q.faces} label={t("editor.faces")} />
              </fieldset>

              <div hidden={!show("options")}>
                <TextAreaField field={q.options} label={t("editor.options")} hint={t("editor.optionsHint", { max: MAX_OPTIONS })} rows={4} optional={type === "yes_partly_no"} />
              </div>

              <div hidden={!show("text")}>
                <TextField field={q.maxLength} label={t("editor.maxLength")} hint={t("editor.maxLengthHint")} type="number" className="narrow" optional />
              </div>

              <div className="button-row sa-question-actions">
                {i > 0 ? (
                  <button type="submit" name="intent" value={`up-${i}`} className="button secondary small" formNoValidate>
                    {t("editor.up")}
                    <span className="visually-hidden">: {t("editor.questionLegend", { number })}</span>
                  </button>
                ) : null}
                {questions.length > 1 ? (
                  <button type="submit" name="intent" value={`remove-${i}`} className="button secondary small" formNoValidate>
                    {t("editor.remove")}
                    <span className="visually-hidden">: {t("editor.questionLegend", { number })}</span>
                  </button>
                ) : null}
              </div>
            </fieldset>
          );
        })}

        <div className="button-row">
          {questions.length < MAX_QUESTIONS ? (
            <button type="submit" name="intent" value="add" className="button secondary" formNoValidate>
              {t("editor.add")}
            </button>
          ) : null}
        </div>
        <div className="button-row">
          {saveButton}
          <Link to="/admin/encuestas">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
