import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { trackCase } from "~/domain/cases/citizen-view.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { clientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Seguimiento · OIRS" }];

// A GET form, so the QR on the receipt can open the result directly. The page is never cached
// and the Referrer-Policy keeps the query string from leaving the site.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const folio = (url.searchParams.get("folio") ?? "").trim().slice(0, 40);
  const accessCode = (url.searchParams.get("codigo") ?? "").trim().slice(0, 40);
  const headers = { "Cache-Control": "no-store" };
  if (!url.searchParams.has("folio") && !url.searchParams.has("codigo")) {
    return json({ folio, result: "empty" as const, view: null }, { headers });
  }
  if (!folio || !accessCode) return json({ folio, result: "missing" as const, view: null }, { status: 400, headers });
  const found = await trackCase({ folio, accessCode, ip: clientIp(request) });
  if (found.kind === "limited") {
    return json({ folio, result: "limited" as const, view: null }, { status: 429, headers: { ...headers, "Retry-After": String(found.retryAfterSeconds) } });
  }
  if (found.kind === "notFound") return json({ folio, result: "notFound" as const, view: null }, { status: 404, headers });
  const { view } = found;
  return json(
    {
      folio,
      result: "found" as const,
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

export default function Tracking() {
  const { t, i18n } = useTranslation("cases");
  const { folio, result, view } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const errorMessage = result === "notFound" ? t("tracking.notFound") : result === "limited" ? t("tracking.limited") : result === "missing" ? t("tracking.missing") : null;

  if (view) {
    return (
      <>
        <h1>{t("tracking.title")}</h1>
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
