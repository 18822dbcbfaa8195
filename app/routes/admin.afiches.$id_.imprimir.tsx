// The printable A4 poster: institution, a one-line invitation, a large QR code, the short link in
// text and the office. Everything else on the page is hidden when printing. (`$id_` keeps this page
// out of the poster edit page's layout while its address stays /admin/afiches/<id>/imprimir.)
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/domain/auth/guard.server";
import { getPosterForPrint } from "~/domain/surveys/posters.server";
import { htmlLang, isLanguage, supportedLanguages } from "~/i18n/config";
import { getLanguage } from "~/i18n/i18n.server";
import styles from "~/styles/surveys-admin.css";

export const meta: MetaFunction = () => [{ title: "Afiche para imprimir · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const poster = await getPosterForPrint({ institutionId: user.institutionId, id: id.data });
  if (!poster) throw new Response("Not found", { status: 404 });
  // The poster's language (?idioma=en); by default the page's.
  const requested = new URL(request.url).searchParams.get("idioma");
  const posterLng = isLanguage(requested) ? requested : await getLanguage(request);
  return json({ poster, posterLng });
}

export default function PrintPoster() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { poster, posterLng } = useLoaderData<typeof loader>();
  // The poster's own texts, in the language chosen for it.
  const tp = i18n.getFixedT(posterLng, "surveyadmin");
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  const details = [poster.officeName, tp(`cases:channel.${poster.channel}`), poster.tramiteName].filter(Boolean).join(" · ");
  return (
    <>
      <div className="sa-no-print">
        <p className="sa-back">
          <Link to={`/admin/afiches/${poster.id}`}>{t("print.back", { code: poster.code })}</Link>
        </p>
        <h1>{t("print.title", { code: poster.code })}</h1>
        {!poster.active ? (
          <p className="notice warning" role="alert">
            {t("print.inactive")}
          </p>
        ) : null}
        <p>{t("print.instructions")}</p>
        <div className="button-row sa-print-actions">
          {canPrint ? (
            <button type="button" className="button" onClick={() => window.print()}>
              {t("print.printButton")}
            </button>
          ) : null}
          <Form method="get" className="sa-lang-form">
            <label htmlFor="poster-language">{t("print.language")}</label>
            <select id="poster-language" name="idioma" defaultValue={posterLng}>
              {supportedLanguages.map((lng) => (
                <option key={lng} value={lng}>
                  {t(`common:language.${lng}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="button secondary">
              {t("print.changeLanguage")}
            </button>
          </Form>
        </div>
        <h2 className="visually-hidden">{t("print.preview")}</h2>
      </div>
      <article className="sa-poster" lang={posterLng !== i18n.language ? htmlLang(posterLng) : undefined} aria-label={t("print.preview")}>
        <p className="sa-poster-institution">
          {poster.institution.logoUrl ? <img src={poster.institution.logoUrl} alt="" className="sa-poster-logo" /> : null}
          <span>{poster.institution.name}</span>
        </p>
        <p className="sa-poster-invitation">{tp("poster.invitation")}</p>
        <p className="sa-poster-lead">{tp("poster.lead")}</p>
        <div className="sa-poster-qr" role="img" aria-label={tp("poster.qrLabel", { url: poster.url })} dangerouslySetInnerHTML={{ __html: poster.qr }} />
        <p className="sa-poster-link">
          {tp("poster.orVisit")} <strong>{poster.url}</strong>
        </p>
        <p className="sa-poster-office">{details}</p>
        <p className="sa-poster-footer">{tp("poster.footer")}</p>
      </article>
    </>
  );
}
