import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { AreaSchema, type AreaInput } from "~/domain/admin/schemas";

type Head = { id: string; name: string; email: string };
type AreaDefaults = { [K in keyof AreaInput]?: string | null };

export function AreaForm(props: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: AreaDefaults; heads: Head[] }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "area",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(AreaSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AreaSchema }),
  });
  const labels = {
    code: t("areas.code"),
    name: t("areas.name"),
    email: t("areas.email"),
    headId: t("areas.head"),
  };
  const headOptions = props.heads.map((u) => ({ value: u.id, label: t("userOption", { name: u.name, email: u.email }) }));
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.code} label={labels.code} hint={t("codeHint")} className="narrow" />
        <TextField field={fields.name} label={labels.name} />
        <TextField field={fields.email} label={labels.email} type="email" optional />
        <SelectField field={fields.headId} label={labels.headId} hint={t("areas.headHint")} options={headOptions} placeholder={t("areas.noHead")} optional />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/areas">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
