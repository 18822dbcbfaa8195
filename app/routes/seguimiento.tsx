import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField } from "~/components/forms";
import { CaseActionError } from "~/domain/cases/action-errors";
import { CitizenInfoSchema, MESSAGE_MAX } from "~/domain/cases/action-schemas";
import { recordCitizenInfo } from "~/domain/cases/actions.server";
import { pendingInfoRequest } from "~/domain/cases/citizen-info.server";
import { trackCase } from "~/domain/cases/citizen-view.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { clientIp, readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Seguimiento · OIRS" }];

// A GET form, so the QR on the receipt can open the result directly. The page is never cached
// and the Referrer-Policy keeps the query string from leaving the site.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const folio = (url.searchParams.get("folio") ?? "").trim().slice(0, 40);
  const accessCode = (url.searchParams.get("codigo") ?? "").trim().slice(0, 40);
  const headers = { "Cache-Control": "no-store" };
  if (!url.searchParams.has("folio") && !url.searchParams.has("codigo")) {
    return json({ folio, result: "empty" as const, view: null, infoRequest: null }, { headers });
  }
  if (!folio || !accessCode) return json({ folio, result: "missing" as const, view: null, infoRequest: null }, { status: 400, headers });
  const found = await trackCase({ folio, accessCode, ip: clientIp(request) });
  if (found.kind === "limited") {
    return json({ folio, result: "limited" as const, view: null, infoRequest: null }, { status: 429, headers: { ...headers, "Retry-After": String(found.retryAfterSeconds) } });
  }
  if (found.kind === "notFound") return json({ folio, result: "notFound" as const, view: null, infoRequest: null }, { status: 404, headers });
  const { view } = found;
  const infoRequest = await pendingInfoRequest(view);
  return json(
    {
      folio,
      result: "found" as const,
      infoRequest,
      view: {
        folio: view.folio,
        kind: view.kind,
        status: view.status,
        subject: view.subject,
        receivedAt: view.receivedAt,
        dueAt: view.dueAt,
        derivedTo: view.derivedTo,
        timeline: view.timeline,
        answer: view.answer,
      },
    },
    { headers },
  );
}

// The citizen answers an information request (art. 31): folio and access code travel as hidden
// fields and are checked like the lookup (rate-limited on failures); then back to the GET view.
export async function action({ request }: ActionFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  const submission = parseWithZod(await readFormData(request), { schema: CitizenInfoSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400, headers });
  const { folio, codigo, answer } = submission.value;
  const found = await trackCase({ folio, accessCode: codigo, ip: clientIp(request) });
  if (found.kind === "limited") {
    return json(submission.reply({ formErrors: ["cases:tracking.limited"] }), { status: 429, headers: { ...headers, "Retry-After": String(found.retryAfterSeconds) } });
  }
  if (found.kind === "notFound") return json(submission.reply({ formErrors: ["cases:tracking.notFound"] }), { status: 404, headers });
  try {
    await recordCitizenInfo({ citizen: { folio: found.view.folio, accessCode: codigo }, text: answer });
  } catch (error) {
    if (error instanceof CaseActionError && error.code === "ILLEGAL_TRANSITION") {
      return json(submission.reply({ formErrors: ["cases:tracking.infoRequest.notWaiting"] }), { status: 409, headers });
    }
    if (error instanceof CaseActionError && error.code === "INVALID") return json(submission.reply({ fieldErrors: error.fieldErrors }), { status: 400, headers });
    throw error;
  }
  return redirect(`/seguimiento?${new URLSearchParams({ folio: found.view.folio, codigo, respuesta: "1" })}`, { status: 303, headers });
}

function InfoRequestForm(props: { folio: string; accessCode: string; question: { message: string; askedAt: string; answerBy: string } }) {
  const { t, i18n } = useTranslation("cases");
  const lng = i18n.language;
  const [form, fields] = useForm({
    id: "info-answer",
    lastResult: useActionData<typeof action>(),
    constraint: getZodConstraint(CitizenInfoSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CitizenInfoSchema }),
  });
  const formAction = `/seguimiento?${new URLSearchParams({ folio: props.folio, codigo: props.accessCode })}`;
  return (
    <section aria-labelledby="info-request-title" className="info-request">
      <h2 id="info-request-title">{t("tracking.infoRequest.title")}</h2>
      <p>{t("tracking.infoRequest.askedOn", { date: formatDateTime(props.question.askedAt, lng) })}</p>
      <div className="answer-text info-request-question">{props.question.message}</div>
      <p>{t("tracking.infoRequest.answerBy", { date: formatDate(props.question.answerBy, lng) })}</p>
      <div className="form">
        <ErrorSummary form={form} labels={{ answer: t("tracking.infoRequest.answer") }} />
        <Form method="post" action={formAction} {...getFormProps(form)}>
          <input type="hidden" name="folio" value={props.folio} />
          <input type="hidden" name="codigo" value={props.accessCode} />
          <TextAreaField field={fields.answer} label={t("tracking.infoRequest.answer")} hint={t("tracking.infoRequest.answerHint", { max: MESSAGE_MAX })} rows={6} />
          <button type="submit" className="button">
            {t("tracking.infoRequest.submit")}
          </button>
        </Form>
      </div>
    </section>
  );
}

export default function Tracking() {
  const { t, i18n } = useTranslation("cases");
  const { folio, result, view, infoRequest } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const lng = i18n.language;
  const errorMessage = result === "notFound" ? t("tracking.notFound") : result === "limited" ? t("tracking.limited") : result === "missing" ? t("tracking.missing") : null;

  if (view) {
    return (
      <>
        <h1>{t("tracking.title")}</h1>
        {params.get("respuesta") === "1" && view.status !== "ESPERA_CIUDADANO" ? (
          <p className="notice success" role="status">
            {t("tracking.infoRequest.sent")}
          </p>
        ) : null}
        <dl className="summary-list">
          <div>
            <dt>{t("receipt.folio")}</dt>
            <dd>{view.folio}</dd>
          </div>
          <div>
            <dt>{t("tracking.status")}</dt>
            <dd>
              <strong className={`status status-${view.status.toLowerCase()}`} data-testid="status">
                {t(`status.${view.status}`)}
              </strong>
            </dd>
          </div>
          <div>
            <dt>{t("tracking.kind")}</dt>
            <dd>{t(`kind.${view.kind}`)}</dd>
          </div>
          <div>
            <dt>{t("tracking.subject")}</dt>
            <dd>{view.subject}</dd>
          </div>
          <div>
            <dt>{t("tracking.receivedAt")}</dt>
            <dd>{formatDateTime(view.receivedAt, lng)}</dd>
          </div>
          <div>
            <dt>{t("tracking.dueAt")}</dt>
            <dd>{formatDate(view.dueAt, lng)}</dd>
          </div>
          {view.derivedTo ? (
            <div>
              <dt>{t("tracking.derivedTo")}</dt>
              <dd>{view.derivedTo}</dd>
            </div>
          ) : null}
        </dl>

        {view.status === "ESPERA_CIUDADANO" && infoRequest ? (
          <InfoRequestForm folio={view.folio} accessCode={params.get("codigo") ?? ""} question={infoRequest} />
        ) : null}

        <section aria-labelledby="answer-title">
          <h2 id="answer-title">{t("tracking.answer")}</h2>
          {view.answer ? (
            <div className="answer">
              <p className="hint">{t("tracking.answeredAt", { date: formatDateTime(view.answer.at, lng) })}</p>
              <div className="answer-text">{view.answer.message}</div>
            </div>
          ) : (
            <p>{t("tracking.noAnswer")}</p>
          )}
        </section>

        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("tracking.timeline")}</h2>
          <ol className="timeline">
            {view.timeline.map((event) => (
              <li key={event.id}>
                <span className="timeline-date">{formatDateTime(event.createdAt, lng)}</span>
                <span className="timeline-title">{t(`event.${event.type}`)}</span>
                {event.message && event.type !== "REPLIED" ? <p className="timeline-message">{event.message}</p> : null}
              </li>
            ))}
          </ol>
        </section>
        <p>
          <Link to="/seguimiento">{t("tracking.another")}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>{t("tracking.title")}</h1>
      <p>{t("tracking.lead")}</p>
      {errorMessage ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{errorMessage}</p>
        </div>
      ) : null}
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="folio">{t("tracking.folio")}</label>
          <span className="hint" id="folio-hint">
            {t("tracking.folioHint")}
          </span>
          <input id="folio" name="folio" type="text" defaultValue={folio} autoComplete="off" spellCheck={false} aria-describedby="folio-hint" required className="narrow" />
        </div>
        <div className="field">
          <label htmlFor="codigo">{t("tracking.accessCode")}</label>
          <span className="hint" id="codigo-hint">
            {t("tracking.accessCodeHint")}
          </span>
          <input id="codigo" name="codigo" type="text" autoComplete="off" spellCheck={false} aria-describedby="codigo-hint" required className="narrow" />
        </div>
        <button type="submit" className="button">
          {t("tracking.submit")}
        </button>
      </Form>
    </>
  );
}
