import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseForm } from "~/components/cases/CaseForm";
import { fileCitizenRequest } from "~/domain/cases/file-request.server";
import { getIntakeOptions, lastReadIntakeOptions } from "~/domain/cases/form-options.server";
import { FormTooLargeError, readCitizenForm } from "~/domain/cases/multipart.server";
import { receiptCookie, receiptFrom } from "~/domain/cases/receipt.server";
import { citizenFormSchema, kindFromSlug } from "~/domain/cases/schemas";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { isOutage, unavailableResponse } from "~/utils/outage.server";
import { clientIp } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · OIRS` : "OIRS" }];

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

function kindOr404(slug: string | undefined) {
  const kind = kindFromSlug(slug);
  if (!kind) throw new Response("Not found", { status: 404 });
  return kind;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const kind = kindOr404(params.tipo);
  let options;
  try {
    options = await getIntakeOptions();
  } catch (error) {
    // The database is down and this render follows a submission it refused (no JavaScript): the
    // form again, with what was typed, from the options this process read last; else the 503 page.
    if (!context.refusedSubmission || !(await isOutage(error))) throw error;
    options = lastReadIntakeOptions();
    if (!options) throw unavailableResponse(await getLanguage(request));
  }
  if (!options) throw new Response("Not found", { status: 404 });
  const t = await getFixedT(request, "cases");
  const title = t(`form.title.${kind}`);
  return json({ kind, title, ...options, targetDays: options.targetDays[kind] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const kind = kindOr404(params.tipo);
  let read;
  try {
    read = await readCitizenForm(request);
  } catch (error) {
    const tooLarge = error instanceof FormTooLargeError;
    return json({ status: "error" as const, error: { "": [tooLarge ? "cases:errors.tooLarge" : "cases:errors.badForm"] } }, { status: tooLarge ? 413 : 400 });
  }
  const submission = parseWithZod(read.formData, { schema: citizenFormSchema(kind) });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { honeypot, ...input } = submission.value;
  // A filled honeypot is a bot: answer as if all went well, store nothing.
  if (honeypot) return redirect("/");

  input.locale = await getLanguage(request);
  const outcome = await fileCitizenRequest({ input, files: read.files, ip: clientIp(request), source: { channel: "WEB", actorLabel: "citizen" } });
  switch (outcome.kind) {
    case "created":
      return redirect("/comprobante", { headers: { "Set-Cookie": await receiptCookie.serialize(receiptFrom(outcome.created, input.subject)) } });
    case "invalid":
      return json(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
    case "limited":
      return json(submission.reply({ formErrors: ["cases:errors.tooMany"] }), { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
    case "unavailable":
      context.refusedSubmission = true;
      return json(submission.reply({ formErrors: ["cases:errors.saveFailed"] }), { status: 503, headers: { "Retry-After": "30" } });
  }
}

export default function FileRequest() {
  const { t } = useTranslation("cases");
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t("common:nav.home")}</Link>
          </li>
          <li aria-current="page">{t(`form.title.${data.kind}`)}</li>
        </ol>
      </nav>
      <h1>{t(`form.title.${data.kind}`)}</h1>
      <CaseForm
        key={data.kind}
        kind={data.kind}
        lastResult={lastResult}
        tramites={data.tramites}
        offices={data.offices}
        retentionMonths={data.retentionMonths}
        targetDays={data.targetDays}
      />
    </>
  );
}
