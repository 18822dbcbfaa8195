// The case page's action forms: each a small POST form with a hidden `intent`, validated by the
// action's Zod schema through Conform (inline with JavaScript, on the server always), with an
// error summary. They work without JavaScript.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ZodTypeAny } from "zod";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { ReplySchema, UseTemplateSchema } from "~/domain/cases/action-schemas";
import { REPLY_PLACEHOLDERS } from "~/domain/cases/reply-placeholders";

type Result = SubmissionResult<string[]> | null | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fields = Record<string, any>;

export function ActionForm(props: {
  intent: string;
  schema: ZodTypeAny;
  lastResult?: Result;
  legend: string;
  hint?: ReactNode;
  labels: Record<string, string>;
  submit: string;
  defaultValue?: Record<string, string | undefined>;
  tone?: "primary" | "secondary" | "warning";
  children?: (fields: Fields) => ReactNode;
}) {
  const [form, fields] = useForm<Record<string, unknown>>({
    id: `case-${props.intent}`,
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(props.schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: props.schema }),
  });
  return (
    <div className="case-action">
      <ErrorSummary form={form} labels={props.labels} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={props.intent} />
        <fieldset className="case-fieldset">
          {/* The visible title is the section's heading or the <details> summary; the legend names the group. */}
          <legend className="visually-hidden">{props.legend}</legend>
          {props.hint ? <p className="hint">{props.hint}</p> : null}
          {props.children?.(fields as Fields)}
        </fieldset>
        <button type="submit" className={`button${props.tone === "secondary" ? " secondary" : props.tone === "warning" ? " warning" : ""}`}>
          {props.submit}
        </button>
      </Form>
    </div>
  );
}

export type ComposerState = { key: string; text: string; templateId?: string; templateName?: string; deliveredOn?: string };
export type PreviewState = { text: string; rendered: string; unresolved: string[]; deliveredOn?: string; templateId?: string };

/**
 * The reply composer: a template <select> with a "use template" submit (the server fills the
 * template in and the composer comes back with it), the text, the delivery date when the answer
 * goes by letter or is handed over, and a preview step. Sending happens from the preview.
 */
export function ReplyComposer(props: {
  composer?: ComposerState | null;
  lastResult?: Result;
  preview?: PreviewState | null;
  templates: Array<{ id: string; name: string }>;
  needsDate: boolean;
  today: string;
  deliveryText: string;
}) {
  const { t } = useTranslation("casework");
  // A new composer key (template applied) remounts the form with the template's text.
  return (
    <ReplyForm
      key={props.composer?.key ?? "composer"}
      {...props}
      defaultValue={{
        text: props.composer?.text,
        templateId: props.composer?.templateId,
        deliveredOn: props.composer?.deliveredOn || props.today,
      }}
      notice={props.composer?.templateName ? t("reply.templateApplied", { name: props.composer.templateName }) : null}
      lastResult={props.composer ? undefined : props.lastResult}
    />
  );
}

function ReplyForm(props: {
  defaultValue: Record<string, string | undefined>;
  notice: string | null;
  lastResult?: Result;
  preview?: PreviewState | null;
  templates: Array<{ id: string; name: string }>;
  needsDate: boolean;
  deliveryText: string;
}) {
  const { t } = useTranslation("casework");
  const [form, fields] = useForm<Record<string, unknown>>({
    id: "case-reply",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(ReplySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formData.get("intent") === "useTemplate" ? UseTemplateSchema : ReplySchema }),
  });
  const f = fields as Fields;
  const labels = { templateId: t("reply.template"), text: t("reply.text"), deliveredOn: t("reply.deliveredOn") };
  const placeholders = REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ");
  return (
    <div className="case-action reply-composer">
      <ErrorSummary form={form} labels={labels} />
      {props.notice ? (
        <p className="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.preview ? <ReplyPreview preview={props.preview} deliveryText={props.deliveryText} needsDate={props.needsDate} /> : null}
      <Form method="post" {...getFormProps(form)}>
        {props.templates.length > 0 ? (
          <div className="template-picker">
            <SelectField
              field={f.templateId}
              label={labels.templateId}
              hint={t("reply.useTemplateHint")}
              options={props.templates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
              placeholder={t("reply.templateNone")}
              optional
            />
            <button type="submit" name="intent" value="useTemplate" formNoValidate className="button secondary">
              {t("reply.useTemplate")}
            </button>
          </div>
        ) : (
          <p className="hint">{t("reply.noTemplates")}</p>
        )}
        <TextAreaField field={f.text} label={labels.text} hint={t("reply.textHint", { list: placeholders, interpolation: { escapeValue: false } })} rows={12} />
        {props.needsDate ? <TextField field={f.deliveredOn} label={labels.deliveredOn} hint={t("reply.deliveredOnHint")} type="date" className="narrow" /> : null}
        <p className="hint">{props.deliveryText}</p>
        <button type="submit" name="intent" value="preview" className="button">
          {t("reply.preview")}
        </button>
      </Form>
    </div>
  );
}

function ReplyPreview(props: { preview: PreviewState; deliveryText: string; needsDate: boolean }) {
  const { t } = useTranslation("casework");
  const { preview } = props;
  return (
    <section className="reply-preview" aria-labelledby="reply-preview-title">
      <h4 id="reply-preview-title">{t("reply.previewTitle")}</h4>
      <p className="hint">{t("reply.previewHint")}</p>
      {preview.unresolved.length > 0 ? (
        <p className="notice warning" role="alert">
          {t("reply.unresolved", { list: preview.unresolved.join(", "), interpolation: { escapeValue: false } })}
        </p>
      ) : null}
      <div className="reply-preview-text" data-testid="reply-preview">
        {preview.rendered}
      </div>
      <p className="hint">{props.deliveryText}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="reply" />
        <input type="hidden" name="text" value={preview.text} />
        {preview.deliveredOn ? <input type="hidden" name="deliveredOn" value={preview.deliveredOn} /> : null}
        {preview.templateId ? <input type="hidden" name="templateId" value={preview.templateId} /> : null}
        <button type="submit" className="button">
          {props.needsDate ? t("reply.record") : t("reply.send")}
        </button>
      </Form>
    </section>
  );
}
