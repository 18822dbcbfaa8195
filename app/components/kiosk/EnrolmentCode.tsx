// The one-time enrolment code of a kiosk, shown once (after registering it or issuing a new code),
// with the activation address and its QR code (SVG made on the server).
import { Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/utils/dates";

export type IssuedCodeView = { name: string; code: string; expiresAt: string; activateUrl: string; qrSvg: string };

export function EnrolmentCode({ issued }: { issued: IssuedCodeView }) {
  const { t, i18n } = useTranslation("kiosk");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("admin.codeTitle", { name: issued.name })}
      </h1>
      <div className="notice warning">
        <p>
          <strong>{t("admin.codeOnce")}</strong>
        </p>
        <p>{t("admin.codeOnceHint", { date: formatDateTime(issued.expiresAt, i18n.language) })}</p>
      </div>
      <dl className="summary-list">
        <div>
          <dt>{t("admin.code")}</dt>
          <dd>
            <code className="access-code" data-testid="enrolment-code">
              {issued.code}
            </code>
          </dd>
        </div>
      </dl>
      <p>{t("admin.activateAt", { url: issued.activateUrl.split("?")[0] })}</p>
      <figure className="qr">
        <div className="qr-image" role="img" aria-label={t("admin.qrLabel", { name: issued.name })} dangerouslySetInnerHTML={{ __html: issued.qrSvg }} />
      </figure>
      <p>
        <Link to="/admin/kioscos">{t("admin.backToList")}</Link>
      </p>
    </>
  );
}
