// The activity's month-by-month schedule (the plan's "Cronograma"): a real table, months as
// columns, each sub-action's status and date as text; plus the forms to edit it.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { formatDay, monthNames } from "~/domain/plan/format";
import { SCHEDULE_STATUS_VALUES, ScheduleItemSchema } from "~/domain/plan/schemas";
import { CheckboxGroup } from "./fields";

export type ScheduleRow = { id: string; title: string; months: number[]; status: string; statusDate: string | null; late: boolean };

export function StatusText({ status, late }: { status: string; late?: boolean }) {
  const { t } = useTranslation("plan");
  return (
    <span className={`plan-status plan-status-${status.toLowerCase()}`}>
      {t(`status.${status}`)}
      {late ? <span className="plan-late"> · {t("status.late")}</span> : null}
    </span>
  );
}

export function ScheduleGrid({ title, year, items }: { title: string; year: number; items: ScheduleRow[] }) {
  const { t, i18n } = useTranslation("plan");
  const months = monthNames(i18n.language);
  return (
    <div className="table-wrap">
      <table className="plan-gantt">
        <caption>{t("schedule.caption", { title, year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("schedule.subAction")}</th>
            {months.map((m) => (
              <th scope="col" key={m.month} className="plan-gantt-month">
                <abbr title={m.long}>{m.short}</abbr>
              </th>
            ))}
            <th scope="col">{t("schedule.status")}</th>
            <th scope="col">{t("schedule.statusDate")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <th scope="row">{item.title}</th>
              {months.map((m) =>
                item.months.includes(m.month) ? (
                  <td key={m.month} className={`plan-gantt-on plan-gantt-${item.status.toLowerCase()}`}>
                    <span aria-hidden="true">■</span>
                    <span className="visually-hidden">{t("schedule.scheduled")}</span>
                  </td>
                ) : (
                  <td key={m.month} className="plan-gantt-off">
                    <span className="visually-hidden">{t("schedule.notScheduled")}</span>
                  </td>
                ),
              )}
              <td>
                <StatusText status={item.status} late={item.late} />
              </td>
              <td>{formatDay(item.statusDate, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Edit one sub-action (item given) or add a new one. */
export function ScheduleItemForm(props: { item?: ScheduleRow; lastResult?: SubmissionResult<string[]> | null }) {
  const { t, i18n } = useTranslation("plan");
  const { item } = props;
  const formId = item ? `schedule-${item.id}` : "schedule-new";
  const [form, fields] = useForm({
    id: formId,
    lastResult: props.lastResult,
    defaultValue: item
      ? { title: item.title, months: item.months.map(String), status: item.status, statusDate: item.statusDate ?? "" }
      : { status: "PLANNED", months: [] },
    constraint: getZodConstraint(ScheduleItemSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ScheduleItemSchema }),
  });
  const labels = {
    title: t("schedule.title"),
    months: t("schedule.months"),
    status: t("schedule.status"),
    statusDate: t("schedule.statusDate"),
  };
  const months = monthNames(i18n.language);
  const legend = item ? item.title : t("schedule.add");
  return (
    <fieldset className="plan-schedule-item" aria-labelledby={`${formId}-legend`}>
      <legend id={`${formId}-legend`}>{legend}</legend>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="schedule-save" />
        {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
        <TextField field={fields.title} label={labels.title} />
        <CheckboxGroup
          field={fields.months}
          legend={labels.months}
          className="plan-months"
          options={months.map((m) => ({ value: String(m.month), label: m.long }))}
        />
        <div className="plan-inline-fields">
          <SelectField field={fields.status} label={labels.status} options={SCHEDULE_STATUS_VALUES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          <TextField field={fields.statusDate} label={labels.statusDate} hint={t("schedule.statusDateHint")} type="date" optional />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {item ? t("schedule.save") : t("schedule.addButton")}
          </button>
        </div>
      </Form>
      {item ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="schedule-remove" />
          <input type="hidden" name="id" value={item.id} />
          <button type="submit" className="link-button danger">
            {t("schedule.remove", { title: item.title })}
          </button>
        </Form>
      ) : null}
    </fieldset>
  );
}
