import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { qrSvg, readReceipt } from "~/domain/cases/receipt.server";
import { formatDate, formatDateTime } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.receipt ? `${data.receipt.folio} · OIRS` : "OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const receipt = await readReceipt(request);
  if (!receipt) return json({ receipt: null, qr: null }, { headers: { "Cache-Control": "no-store" } });
  return json({ receipt, qr: await qrSvg(receipt.trackingUrl) }, { headers: { "Cache-Control": "no-store" } });
}

export default function Receipt() {
  const { t, i18n } = useTranslation("cases");
  const { receipt, qr } = useLoaderData<typeof loader>();
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  if (!receipt) {
    return (
      <>
        <h1>{t("tracking.title")}</h1>
        <p>{t("receipt.expired")}</p>
        <p>
          <Link to="/seguimiento">{t("choose.track.action")}</Link>
        </p>
      </>
    );
  }
  const lng = i18n.language;
  return (
    <div className="receipt">
      <div className="notice success receipt-banner">
        <h1>{t("receipt.title", { kind: t(`kindLower.${receipt.kind}`) })}</h1>
        <p className="receipt-folio">
          {t("receipt.folio")}: <strong data-testid="folio">{receipt.folio}</strong>
        </p>
      </div>
      <p>{t("receipt.lead")}</p>
      <div className="receipt-body">
        <dl className="summary-list">
          <div>
            <dt>{t("receipt.folio")}</dt>
            <dd>{receipt.folio}</dd>
          </div>
          <div>
            <dt>{t("receipt.accessCode")}</dt>
            <dd>
              <strong className="access-code" data-testid="access-code">
                {receipt.accessCode}
              </strong>
              <span className="hint">{t("receipt.accessCodeHint")}</span>
            </dd>
          </div>
          <div>
            <dt>{t("receipt.kind")}</dt>
            <dd>{t(`kind.${receipt.kind}`)}</dd>
          </div>
          <div>
            <dt>{t("receipt.subject")}</dt>
            <dd>{receipt.subject}</dd>
          </div>
          <div>
            <dt>{t("receipt.submittedAt")}</dt>
            <dd>{formatDateTime(receipt.submittedAt, lng)}</dd>
          </div>
          <div>
            <dt>{t("receipt.receivedAt")}</dt>
            <dd>
              {formatDateTime(receipt.receivedAt, lng)}
              {receipt.receivedAt !== receipt.submittedAt ? <span className="hint">{t("receipt.receivedAtNote")}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t("receipt.dueAt")}</dt>
            <dd data-testid="due-at">{t("receipt.dueAtValue", { date: formatDate(receipt.dueAt, lng), count: receipt.targetDays })}</dd>
          </div>
        </dl>
        {qr ? (
          <figure className="qr">
            <div className="qr-image" role="img" aria-label={t("receipt.qr")} dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption>{t("receipt.qrHint")}</figcaption>
          </figure>
        ) : null}
      </div>
      <p className="notice">{receipt.emailed ? t("receipt.emailed") : t("receipt.notEmailed")}</p>
      <div className="button-row no-print">
        <a className="button" href={receipt.trackingUrl}>
          {t("receipt.trackLink")}
        </a>
        {receipt.staffCaseId ? (
          <a className="button secondary" href={`/gestion/casos/${receipt.staffCaseId}`}>
            {t("register.openCase")}
          </a>
        ) : null}
        {canPrint ? (
          <button type="button" className="button secondary" onClick={() => window.print()}>
            {t("receipt.print")}
          </button>
        ) : (
          <span className="hint">{t("receipt.printHint")}</span>
        )}
      </div>
    </div>
  );
}
