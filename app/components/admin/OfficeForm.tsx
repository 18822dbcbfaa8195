import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { OfficeSchema, type OfficeInput } from "~/domain/admin/schemas";
import { REGIONS } from "~/domain/geo/regions";

type OfficeDefaults = { [K in keyof OfficeInput]?: string | null };

export function OfficeForm(props: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: OfficeDefaults }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "office",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(OfficeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OfficeSchema }),
  });
  const labels = {
    code: t("offices.code"),
    name: t("offices.name"),
    address: t("offices.address"),
    commune: t("offices.commune"),
    region: t("offices.region"),
  };
  const regionOptions = REGIONS.map((r) => ({ value: r.code, label: r.name }));
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.code} label={labels.code} hint={t("codeHint")} className="narrow" />
        <TextField field={fields.name} label={labels.name} />
        <TextField field={fields.address} label={labels.address} autoComplete="street-address" />
        <TextField field={fields.commune} label={labels.commune} />
        <SelectField field={fields.region} label={labels.region} options={regionOptions} placeholder={t("offices.chooseRegion")} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/oficinas">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
