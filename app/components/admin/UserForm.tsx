import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { ROLE_VALUES, UserCreateSchema, UserUpdateSchema, type UserUpdateInput } from "~/domain/admin/schemas";

type Option = { id: string; name: string };
type UserDefaults = { [K in keyof Omit<UserUpdateInput, "password">]?: string | null };

export function UserForm(props: {
  mode: "create" | "edit";
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: UserDefaults;
  areas: Option[];
  offices: Option[];
}) {
  const { t } = useTranslation("admin");
  const schema = props.mode === "create" ? UserCreateSchema : UserUpdateSchema;
  const [form, fields] = useForm<UserUpdateInput>({
    id: "user",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const labels = {
    name: t("users.name"),
    email: t("users.email"),
    role: t("users.role"),
    areaId: t("users.area"),
    officeId: t("users.office"),
    password: t("users.password"),
  };
  const toOptions = (rows: Option[]) => rows.map((r) => ({ value: r.id, label: r.name }));
  const roleOptions = ROLE_VALUES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }));
  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.name} label={labels.name} autoComplete="off" />
        <TextField field={fields.email} label={labels.email} type="email" autoComplete="off" />
        <SelectField field={fields.role} label={labels.role} options={roleOptions} placeholder={t("users.chooseRole")} />
        <SelectField field={fields.areaId} label={labels.areaId} hint={t("users.areaHint")} options={toOptions(props.areas)} placeholder={t("users.noArea")} optional />
        <SelectField field={fields.officeId} label={labels.officeId} options={toOptions(props.offices)} placeholder={t("users.noOffice")} optional />
        <TextField
          field={fields.password}
          label={labels.password}
          type="password"
          autoComplete="new-password"
          hint={props.mode === "create" ? t("users.passwordHint") : t("users.passwordEditHint")}
          optional={props.mode === "edit"}
        />
        <div className="button-row">
          <button type="submit" className="button">
            {t("common:actions.save")}
          </button>
          <Link to="/admin/usuarios">{t("common:actions.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
