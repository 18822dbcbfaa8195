import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseForm } from "~/components/cases/CaseForm";
import { requirePermission } from "~/domain/auth/guard.server";
import { CaseInputError } from "~/domain/cases/errors";
import { getIntakeOptions } from "~/domain/cases/form-options.server";
import { FormTooLargeError, readCitizenForm } from "~/domain/cases/multipart.server";
import { receiptCookie, receiptFrom } from "~/domain/cases/receipt.server";
import { registerCase } from "~/domain/cases/register-case.server";
import { StaffRegisterSchema } from "~/domain/cases/schemas";
import { toLocalDate } from "~/domain/sla/calendar";

export const meta: MetaFunction = () => [{ title: "Registrar caso · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "cases:register");
  const options = await getIntakeOptions();
  if (!options) throw new Response("Not found", { status: 404 });
  return json({ ...options, today: toLocalDate(new Date()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "cases:register");
  let read;
  try {
    read = await readCitizenForm(request);
  } catch (error) {
    const tooLarge = error instanceof FormTooLargeError;
    return json({ status: "error" as const, error: { "": [tooLarge ? "cases:errors.tooLarge" : "cases:errors.badForm"] } }, { status: tooLarge ? 413 : 400 });
  }
  const submission = parseWithZod(read.formData, { schema: StaffRegisterSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const created = await registerCase({ user, input: submission.value, files: read.files });
    const receipt = { ...receiptFrom(created, submission.value.subject), staffCaseId: created.id };
    return redirect("/comprobante", { headers: { "Set-Cookie": await receiptCookie.serialize(receipt) } });
  } catch (error) {
    if (error instanceof CaseInputError) return json(submission.reply({ fieldErrors: error.fieldErrors }), { status: 400 });
    console.error("[cases] could not register a case:", error instanceof Error ? error.message : error);
    return json(submission.reply({ formErrors: ["cases:errors.saveFailed"] }), { status: 503 });
  }
}

export default function RegisterCase() {
  const { t } = useTranslation("cases");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/gestion">{t("common:nav.gestion")}</Link>
          </li>
          <li aria-current="page">{t("register.title")}</li>
        </ol>
      </nav>
      <h1>{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      <CaseForm
        staff={{ today: data.today }}
        lastResult={useActionData<typeof action>()}
        tramites={data.tramites}
        offices={data.offices}
        retentionMonths={data.retentionMonths}
      />
    </>
  );
}
