import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { ReplyTemplateSchema } from "~/domain/admin/reply-template-schema";
import { CASE_KIND_VALUES } from "~/domain/admin/schemas";
import { REPLY_PLACEHOLDERS } from "~/domain/cases/reply-placeholders";
import { supportedLanguages } from "~/i18n/config";

type Option = { id: string; name: string };
export type ReplyTemplateDefaults = {
  name?: string;
  kind?: string | null;
  tramiteId?: string | null;
  locale?: string;
  body?: string;
};

export function ReplyTemplateForm(props: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: ReplyTemplateDefaults; tramites: Option[] }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "reply-template",
    lastResult: props.lastResult,
    defaultValue: { locale: "es", ...props.defaultValue },
    constraint: getZodConstraint(ReplyTemplateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReplyTemplateSchema }),
  });
  const labels = {
    name: t("replyTemplates.name"),
    kind: t("replyTemplates.kind"),
    tramiteId: t("replyTemplates.tramite"),
    locale: t("replyTemplates.locale"),
    body: t("replyTemplates.body"),
  };
  const kindOptions = CASE_KIND_VALUES.map((kind) => ({ value: kind, label: t(`routingRules.kinds.${kind}`) }));
  const tramiteOptions = props.tramites.map((r) => ({ value: r.id, label: r.name }));
  const localeOptions = supportedLanguages.map((lng) => ({ value: lng, label: t(`common:language.${lng}`) }));
  const placeholders = REPLY_PLACEHOLDERS.map((name) => `{{${name}}} (${t(`replyTemplates.placeholders.${name}`)})`).join(", ");
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.name} label={labels.name} hint={t("replyTemplates.nameHint")} />
        <SelectField field={fields.kind} label={labels.kind} hint={t("replyTemplates.kindHint")} options={kindOptions} placeholder={t("replyTemplates.anyKind")} optional />
        <SelectField
          field={fields.tramiteId}
          label={labels.tramiteId}
          hint={t("replyTemplates.tramiteHint")}
          options={tramiteOptions}
          placeholder={t("replyTemplates.anyTramite")}
          optional
        />
        <SelectField field={fields.locale} label={labels.locale} options={localeOptions} />
        <TextAreaField field={fields.body} label={labels.body} hint={t("replyTemplates.bodyHint", { placeholders })} rows={14} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/plantillas">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
