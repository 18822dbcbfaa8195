import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { ActivitySchema, PERIOD_VALUES, PRIORITY_VALUES } from "~/domain/plan/schemas";
import { CheckboxGroup, YearInput } from "./fields";

type Option = { id: string; name: string };

export type ActivityDefaults = {
  number?: number;
  title?: string;
  description?: string;
  responsibleAreaId?: string | null;
  responsibilities?: string;
  participants?: string;
  targetPopulation?: string;
  targetPopulationSize?: number | null;
  targetPopulationUnit?: string;
  executionTerm?: string;
  deadline?: string | null;
  priority?: string;
  tramiteIds?: string[];
  verificationMeans?: string;
  reportingPeriod?: string;
  backupSystems?: string;
  budget?: string;
  executedAt?: string | null;
};

export function ActivityForm(props: {
  year: number;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ActivityDefaults;
  areas: Option[];
  tramites: Option[];
  cancelTo: string;
  intent?: string;
}) {
  const { t } = useTranslation("plan");
  const [form, fields] = useForm({
    id: "activity",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(ActivitySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActivitySchema }),
  });
  const labels: Record<string, string> = {
    number: t("activity.number"),
    title: t("activity.title"),
    description: t("activity.description"),
    responsibleAreaId: t("activity.responsibleArea"),
    responsibilities: t("activity.responsibilities"),
    participants: t("activity.participants"),
    targetPopulation: t("activity.targetPopulation"),
    targetPopulationSize: t("activity.targetPopulationSize"),
    targetPopulationUnit: t("activity.targetPopulationUnit"),
    executionTerm: t("activity.executionTerm"),
    deadline: t("activity.deadline"),
    priority: t("activity.priority"),
    tramiteIds: t("activity.tramites"),
    verificationMeans: t("activity.verificationMeans"),
    reportingPeriod: t("activity.reportingPeriod"),
    backupSystems: t("activity.backupSystems"),
    budget: t("activity.budget"),
    executedAt: t("activity.executedAt"),
  };
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <YearInput year={props.year} />
        {props.intent ? <input type="hidden" name="intent" value={props.intent} /> : null}
        <TextField field={fields.number} label={labels.number} type="number" className="narrow" />
        <TextField field={fields.title} label={labels.title} />
        <TextAreaField field={fields.description} label={labels.description} rows={6} />
        <SelectField
          field={fields.responsibleAreaId}
          label={labels.responsibleAreaId}
          options={props.areas.map((a) => ({ value: a.id, label: a.name }))}
          placeholder={t("activity.noArea")}
          optional
        />
        <TextAreaField field={fields.responsibilities} label={labels.responsibilities} hint={t("activity.responsibilitiesHint")} optional rows={3} />
        <TextField field={fields.participants} label={labels.participants} optional />
        <TextAreaField field={fields.targetPopulation} label={labels.targetPopulation} optional rows={3} />
        <div className="plan-inline-fields">
          <TextField field={fields.targetPopulationSize} label={labels.targetPopulationSize} type="number" className="narrow" optional />
          <TextField field={fields.targetPopulationUnit} label={labels.targetPopulationUnit} hint={t("activity.targetPopulationUnitHint")} optional />
        </div>
        <TextField field={fields.executionTerm} label={labels.executionTerm} hint={t("activity.executionTermHint")} optional />
        <TextField field={fields.deadline} label={labels.deadline} type="date" optional />
        <SelectField field={fields.priority} label={labels.priority} options={PRIORITY_VALUES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        <CheckboxGroup
          field={fields.tramiteIds}
          legend={labels.tramiteIds}
          hint={t("activity.tramitesHint")}
          options={props.tramites.map((tr) => ({ value: tr.id, label: tr.name }))}
        />
        <TextAreaField field={fields.verificationMeans} label={labels.verificationMeans} hint={t("form.onePerLine")} optional rows={3} />
        <SelectField field={fields.reportingPeriod} label={labels.reportingPeriod} options={PERIOD_VALUES.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
        <TextField field={fields.backupSystems} label={labels.backupSystems} optional />
        <TextAreaField field={fields.budget} label={labels.budget} hint={t("activity.budgetHint")} optional rows={3} />
        <TextField field={fields.executedAt} label={labels.executedAt} hint={t("activity.executedAtHint")} type="date" optional />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to={props.cancelTo}>{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
