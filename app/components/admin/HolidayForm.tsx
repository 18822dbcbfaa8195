import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { HolidaySchema, type HolidayInput } from "~/domain/admin/schemas";
import { REGIONS } from "~/domain/geo/regions";
import { htmlLang, isLanguage } from "~/i18n/config";

type HolidayDefaults = { [K in keyof HolidayInput]?: string | null };

export function HolidayForm(props: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: HolidayDefaults; cancelTo: string }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "holiday",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(HolidaySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HolidaySchema }),
  });
  const labels = {
    date: t("holidays.date"),
    name: t("holidays.name"),
    region: t("holidays.region"),
  };
  const regionOptions = REGIONS.map((r) => ({ value: r.code, label: r.name }));
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.date} label={labels.date} hint={t("holidays.dateHint")} type="date" className="narrow" />
        <TextField field={fields.name} label={labels.name} />
        <SelectField
          field={fields.region}
          label={labels.region}
          hint={t("holidays.regionHint")}
          options={regionOptions}
          placeholder={t("holidays.wholeCountry")}
          optional
        />
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

/** "jueves, 1 de enero de 2026" for a YYYY-MM-DD date, in the page's language. */
export function useLongDate() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(htmlLang(isLanguage(i18n.language) ? i18n.language : "es"), {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return (iso: string) => format.format(new Date(`${iso}T00:00:00Z`));
}
