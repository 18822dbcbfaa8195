// /admin/kioscos/nuevo: register a kiosk (name, office, use, idle timeout, languages); the answer
// shows its one-time enrolment code and QR once (not in the URL, not in a cookie, not audited).
import { getCollectionProps, getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useErrorText } from "~/components/forms";
import { EnrolmentCode } from "~/components/kiosk/EnrolmentCode";
import { listOffices } from "~/domain/admin/offices.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { issuedCodeView } from "~/domain/kiosk/admin-view.server";
import { registerKiosk } from "~/domain/kiosk/kiosks.server";
import { DEFAULT_IDLE_SECONDS, KIOSK_LANGUAGES, KIOSK_MODES, KioskSchema } from "~/domain/kiosk/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Registrar tótem · Administración · OIRS" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const offices = await listOffices({ institutionId: user.institutionId });
  return json({ offices: offices.filter((o) => o.active).map((o) => ({ value: o.id, label: o.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: KioskSchema });
  const noStore = { "Cache-Control": "no-store" };
  if (submission.status !== "success") return json({ result: submission.reply(), issued: null }, { status: 400, headers: noStore });
  try {
    const issued = await registerKiosk({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
    return json({ result: null, issued: await issuedCodeView(issued) }, { headers: noStore });
  } catch (error) {
    if (error instanceof RangeError) return json({ result: submission.reply({ fieldErrors: { officeId: ["validation.choice"] } }), issued: null }, { status: 400, headers: noStore });
    throw error;
  }
}

export default function NewKiosk() {
  const data = useActionData<typeof action>();
  if (data?.issued) return <EnrolmentCode issued={data.issued} />;
  return <KioskForm lastResult={data?.result} />;
}

function KioskForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation("kiosk");
  const { offices } = useLoaderData<typeof loader>();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "kiosk",
    lastResult,
    defaultValue: { mode: "BOTH", idleTimeoutSeconds: String(DEFAULT_IDLE_SECONDS), languages: ["es", "en"], officeId: offices[0]?.value },
    constraint: getZodConstraint(KioskSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: KioskSchema }),
  });
  const labels = { name: t("admin.name"), officeId: t("admin.office"), mode: t("admin.mode"), idleTimeoutSeconds: t("admin.idle"), languages: t("admin.languages") };
  const languages = fields.languages;
  const languageErrors = languages.errors ?? [];
  const checkboxes = getCollectionProps(languages, { type: "checkbox", options: [...KIOSK_LANGUAGES], ariaAttributes: false });
  return (
    <>
      <h1>{t("admin.new")}</h1>
      <p>{t("admin.newIntro")}</p>
      <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <TextField field={fields.name} label={labels.name} hint={t("admin.nameHint")} />
          <SelectField field={fields.officeId} label={labels.officeId} options={offices} />
          <SelectField field={fields.mode} label={labels.mode} options={KIOSK_MODES.map((m) => ({ value: m, label: t(`admin.modes.${m}`) }))} />
          <TextField field={fields.idleTimeoutSeconds} label={labels.idleTimeoutSeconds} hint={t("admin.idleHint")} type="number" />
          <fieldset
            className={`field${languageErrors.length ? " has-error" : ""}`}
            id={languages.id}
            aria-describedby={[`${languages.id}-hint`, languageErrors.length ? languages.errorId : null].filter(Boolean).join(" ")}
          >
            <legend>{labels.languages}</legend>
            <span className="hint" id={`${languages.id}-hint`}>
              {t("admin.languagesHint")}
            </span>
            {languageErrors.length ? (
              <span className="error-message" id={languages.errorId}>
                {languageErrors.map(errorText).join(" ")}
              </span>
            ) : null}
            {checkboxes.map((checkbox) => (
              <div className="checkbox" key={checkbox.key}>
                <input {...checkbox} key={checkbox.key} />
                <label htmlFor={checkbox.id}>{t(`admin.languageNames.${checkbox.value}`)}</label>
              </div>
            ))}
          </fieldset>
          <div className="button-row">
            <button type="submit" className="button">
              {t("admin.create")}
            </button>
            <Link to="/admin/kioscos">{t("common:actions.cancel")}</Link>
          </div>
        </Form>
      </div>
    </>
  );
}
