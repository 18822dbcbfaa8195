import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { TramiteSchema, type TramiteInput } from "~/domain/admin/schemas";

type AreaOption = { id: string; name: string };
type TramiteDefaults = { [K in keyof TramiteInput]?: string | null };

export function TramiteForm(props: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: TramiteDefaults; areas: AreaOption[] }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "tramite",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(TramiteSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TramiteSchema }),
  });
  const labels = {
    code: t("tramites.code"),
    name: t("tramites.name"),
    description: t("tramites.description"),
    defaultAreaId: t("tramites.defaultArea"),
  };
  const areaOptions = props.areas.map((a) => ({ value: a.id, label: a.name }));
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.code} label={labels.code} hint={t("codeHint")} className="narrow" />
        <TextField field={fields.name} label={labels.name} />
        <TextAreaField field={fields.description} label={labels.description} hint={t("tramites.descriptionHint")} optional />
        <SelectField
          field={fields.defaultAreaId}
          label={labels.defaultAreaId}
          hint={t("tramites.defaultAreaHint")}
          options={areaOptions}
          placeholder={t("tramites.noArea")}
          optional
        />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/tramites">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
