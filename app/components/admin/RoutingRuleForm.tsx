import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { CASE_KIND_VALUES, RoutingRuleSchema } from "~/domain/admin/schemas";

type Option = { id: string; name: string };
export type RoutingRuleDefaults = {
  name?: string;
  priority?: number | string;
  kind?: string | null;
  tramiteId?: string | null;
  /** Comma-separated, as typed in the form. */
  keywords?: string;
  areaId?: string | null;
};

export function RoutingRuleForm(props: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: RoutingRuleDefaults;
  areas: Option[];
  tramites: Option[];
}) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "routing-rule",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(RoutingRuleSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoutingRuleSchema }),
  });
  const labels = {
    name: t("routingRules.name"),
    priority: t("routingRules.priority"),
    kind: t("routingRules.kind"),
    tramiteId: t("routingRules.tramite"),
    keywords: t("routingRules.keywords"),
    areaId: t("routingRules.area"),
  };
  const toOptions = (rows: Option[]) => rows.map((r) => ({ value: r.id, label: r.name }));
  const kindOptions = CASE_KIND_VALUES.map((kind) => ({ value: kind, label: t(`routingRules.kinds.${kind}`) }));
  const hintId = `${form.id}-conditions-hint`;
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.name} label={labels.name} hint={t("routingRules.nameHint")} />
        <TextField field={fields.priority} label={labels.priority} hint={t("routingRules.priorityHint")} type="number" className="narrow" />
        {/* The rule applies when every condition set holds; "set at least one" is reported on the first. */}
        <fieldset className="field" aria-describedby={hintId}>
          <legend>
            <h2>{t("routingRules.conditions")}</h2>
          </legend>
          <span className="hint" id={hintId}>
            {t("routingRules.conditionsHint")}
          </span>
          <SelectField field={fields.kind} label={labels.kind} options={kindOptions} placeholder={t("routingRules.anyKind")} optional />
          <SelectField field={fields.tramiteId} label={labels.tramiteId} options={toOptions(props.tramites)} placeholder={t("routingRules.anyTramite")} optional />
          <TextField field={fields.keywords} label={labels.keywords} hint={t("routingRules.keywordsHint")} optional />
        </fieldset>
        <SelectField field={fields.areaId} label={labels.areaId} options={toOptions(props.areas)} placeholder={t("routingRules.chooseArea")} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/reglas">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
