import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/forms";
import { getInstitutionSettings, updateInstitutionSettings } from "~/domain/admin/institution-settings.server";
import { InstitutionSettingsSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS } from "~/domain/privacy/personal-data";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Institución · Administración · OIRS" }];

const TARGET_FIELDS = ["targetDaysConsulta", "targetDaysReclamo", "targetDaysSugerencia", "targetDaysFelicitacion", "targetDaysSolicitud"] as const;
const TEXT_FIELDS = ["name", "shortName", "logoUrl", "email", "phone", "address", "website", "folioPrefix", "positiveScoreMin", "retentionMonths"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const settings = await getInstitutionSettings({ institutionId: user.institutionId });
  if (!settings) throw new Response("Not found", { status: 404 });
  return json({ settings });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: InstitutionSettingsSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const updated = await updateInstitutionSettings({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  if (!updated) throw new Response("Not found", { status: 404 });
  return redirect("/admin/institucion?saved=1");
}

export default function InstitutionSettings() {
  const { t } = useTranslation("admin");
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("institution.title")}</h1>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      {/* A new location (after saving) remounts the form so it shows the stored, normalised values. */}
      <SettingsForm key={useLocation().key} />
    </>
  );
}

function SettingsForm() {
  const { t } = useTranslation("admin");
  const { settings } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "institution",
    lastResult: useActionData<typeof action>(),
    defaultValue: settings,
    constraint: getZodConstraint(InstitutionSettingsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InstitutionSettingsSchema }),
  });
  const labels = Object.fromEntries([...TEXT_FIELDS, ...TARGET_FIELDS].map((name) => [name, t(`institution.${name}`)]));
  return (
    <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <fieldset>
            <legend>
              <h2>{t("institution.identity")}</h2>
            </legend>
            <TextField field={fields.name} label={labels.name} autoComplete="organization" />
            <TextField field={fields.shortName} label={labels.shortName} hint={t("institution.shortNameHint")} />
            <TextField field={fields.logoUrl} label={labels.logoUrl} hint={t("institution.logoUrlHint")} type="url" optional />
          </fieldset>
          <fieldset>
            <legend>
              <h2>{t("institution.contact")}</h2>
            </legend>
            <TextField field={fields.email} label={labels.email} type="email" optional />
            <TextField field={fields.phone} label={labels.phone} type="tel" optional />
            <TextField field={fields.address} label={labels.address} optional />
            <TextField field={fields.website} label={labels.website} type="url" optional />
          </fieldset>
          <fieldset>
            <legend>
              <h2>{t("institution.cases")}</h2>
            </legend>
            <TextField field={fields.folioPrefix} label={labels.folioPrefix} hint={t("institution.folioPrefixHint")} className="narrow" />
            {TARGET_FIELDS.map((name) => (
              <TextField key={name} field={fields[name]} label={labels[name]} hint={t("institution.targetDaysHint")} type="number" className="narrow" />
            ))}
          </fieldset>
          <fieldset>
            <legend>
              <h2>{t("institution.survey")}</h2>
            </legend>
            <TextField
              field={fields.positiveScoreMin}
              label={labels.positiveScoreMin}
              hint={t("institution.positiveScoreMinHint")}
              type="number"
              className="narrow"
            />
          </fieldset>
          <fieldset>
            <legend>
              <h2>{t("institution.personalData")}</h2>
            </legend>
            <TextField
              field={fields.retentionMonths}
              label={labels.retentionMonths}
              hint={t("institution.retentionMonthsHint", { min: RETENTION_MIN_MONTHS, max: RETENTION_MAX_MONTHS })}
              type="number"
              className="narrow"
            />
          </fieldset>
          <div className="button-row">
            <button type="submit" className="button">
              {t("common:actions.save")}
            </button>
          </div>
      </Form>
    </div>
  );
}
