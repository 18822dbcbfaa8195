import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { requirePermission } from "~/domain/auth/guard.server";
import { localize } from "~/domain/surveys/questions";
import { NewTemplateSchema, TITLE_MAX } from "~/domain/surveys/template-form";
import { createSurveyTemplate, listTemplateOptions, TemplateKeyTakenError, TemplateSourceError } from "~/domain/surveys/templates.server";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva encuesta · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ templates: await listTemplateOptions({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: NewTemplateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const template = await createSurveyTemplate({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
    return redirect(`/admin/encuestas/${template.id}?created=1`);
  } catch (error) {
    if (error instanceof TemplateKeyTakenError) return json(submission.reply({ fieldErrors: { key: ["surveyadmin:errors.templateKeyTaken"] } }), { status: 400 });
    if (error instanceof TemplateSourceError) return json(submission.reply({ fieldErrors: { copyFromId: ["validation.notFound"] } }), { status: 400 });
    throw error;
  }
}

export default function NewSurveyTemplate() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { templates } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "new-survey-template",
    lastResult: useActionData<typeof action>(),
    constraint: getZodConstraint(NewTemplateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewTemplateSchema }),
  });
  const labels = {
    key: t("newTemplate.key"),
    titleEs: t("editor.titleEs"),
    titleEn: t("editor.titleEn"),
    copyFromId: t("newTemplate.copyFrom"),
  };
  const fallback = templates.find((template) => template.isDefault);
  const options = templates.map((template) => ({
    value: template.id,
    label: t("newTemplate.option", { title: localize(template.title, i18n.language), key: template.key, version: template.version }),
  }));
  return (
    <>
      <p className="sa-back">
        <Link to="/admin/encuestas">{t("templates.backToList")}</Link>
      </p>
      <h1>{t("templates.new")}</h1>
      <p>{t("newTemplate.intro")}</p>
      <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <TextField field={fields.key} label={labels.key} hint={t("newTemplate.keyHint")} />
          <TextField field={fields.titleEs} label={labels.titleEs} hint={t("editor.titleHint", { max: TITLE_MAX })} />
          <TextField field={fields.titleEn} label={labels.titleEn} />
          <SelectField
            field={fields.copyFromId}
            label={labels.copyFromId}
            hint={t("newTemplate.copyFromHint")}
            options={options.filter((o) => o.value !== fallback?.id)}
            placeholder={fallback ? t("newTemplate.copyDefault", { title: localize(fallback.title, i18n.language) }) : t("newTemplate.copyNone")}
          />
          <div className="button-row">
            <button type="submit" className="button">
              {t("newTemplate.create")}
            </button>
            <Link to="/admin/encuestas">{t("common:actions.cancel")}</Link>
          </div>
        </Form>
      </div>
    </>
  );
}
