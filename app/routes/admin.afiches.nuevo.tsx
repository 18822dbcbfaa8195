import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { POSTER_CHANNELS, POSTER_CODE_MAX, POSTER_CODE_MIN, PosterCreateSchema } from "~/domain/surveys/poster-schemas";
import { createPoster, listPosterFormOptions, PosterCodeTakenError } from "~/domain/surveys/posters.server";
import { localize } from "~/domain/surveys/questions";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nuevo afiche QR · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json(await listPosterFormOptions({ institutionId: user.institutionId }));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: PosterCreateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const poster = await createPoster({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
    return redirect(`/admin/afiches/${poster.id}?created=1`);
  } catch (error) {
    if (error instanceof PosterCodeTakenError) return json(submission.reply({ fieldErrors: { code: ["surveyadmin:posters.errors.codeTaken"] } }), { status: 400 });
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    throw error;
  }
}

export default function NewPoster() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { offices, tramites, templates } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "new-poster",
    lastResult: useActionData<typeof action>(),
    defaultValue: { channel: "PRESENCIAL" },
    constraint: getZodConstraint(PosterCreateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PosterCreateSchema }),
  });
  const labels = {
    code: t("posters.fields.code"),
    officeId: t("posters.fields.office"),
    channel: t("posters.fields.channel"),
    tramiteId: t("posters.fields.tramite"),
    templateId: t("posters.fields.template"),
  };
  const defaultTemplate = templates.find((template) => template.isDefault);
  return (
    <>
      <p className="sa-back">
        <Link to="/admin/afiches">{t("posters.backToList")}</Link>
      </p>
      <h1>{t("posters.new")}</h1>
      <p>{t("posters.newIntro")}</p>
      <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <SelectField
            field={fields.officeId}
            label={labels.officeId}
            options={offices.map((o) => ({ value: o.id, label: o.name }))}
            placeholder={t("posters.chooseOffice")}
          />
          <SelectField field={fields.channel} label={labels.channel} hint={t("posters.fields.channelHint")} options={POSTER_CHANNELS.map((c) => ({ value: c, label: t(`cases:channel.${c}`) }))} />
          <SelectField
            field={fields.tramiteId}
            label={labels.tramiteId}
            hint={t("posters.fields.tramiteHint")}
            options={tramites.map((r) => ({ value: r.id, label: r.name }))}
            placeholder={t("posters.anyTramite")}
            optional
          />
          <SelectField
            field={fields.templateId}
            label={labels.templateId}
            hint={t("posters.fields.templateHint")}
            options={templates.filter((tpl) => !tpl.isDefault).map((tpl) => ({ value: tpl.id, label: t("posters.templateVersion", { title: localize(tpl.title, i18n.language), version: tpl.version }) }))}
            placeholder={defaultTemplate ? t("posters.defaultTemplateNamed", { title: localize(defaultTemplate.title, i18n.language) }) : t("posters.defaultTemplate")}
            optional
          />
          <TextField field={fields.code} label={labels.code} hint={t("posters.fields.codeHint", { min: POSTER_CODE_MIN, max: POSTER_CODE_MAX })} optional className="sa-code-input" />
          <div className="button-row">
            <button type="submit" className="button">
              {t("posters.create")}
            </button>
            <Link to="/admin/afiches">{t("common:actions.cancel")}</Link>
          </div>
        </Form>
      </div>
    </>
  );
}
