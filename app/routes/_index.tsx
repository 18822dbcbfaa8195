import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getIntakeOptions } from "~/domain/cases/form-options.server";
import { slugFromKind } from "~/domain/cases/schemas";
import { regionName } from "~/domain/geo/regions";
import { getCurrentInstitution, listPublicOffices } from "~/domain/institution/institution.server";

const CHOICES = ["RECLAMO", "CONSULTA", "SUGERENCIA", "FELICITACION"] as const;

export const meta: MetaFunction = () => [{ title: "OIRS" }];

export async function loader(_: LoaderFunctionArgs) {
  const institution = await getCurrentInstitution();
  const [offices, intake] = institution ? await Promise.all([listPublicOffices(institution.id), getIntakeOptions()]) : [[], null];
  return json({ institution, offices, targetDays: intake?.targetDays ?? null });
}

export default function Home() {
  const { t } = useTranslation();
  const { institution, offices, targetDays } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("home.title", { institution: institution?.shortName ?? t("appName") })}</h1>
      <p className="lead">{t("home.lead")}</p>
      {targetDays ? (
        <section aria-labelledby="choose-title">
          <h2 id="choose-title">{t("cases:choose.title")}</h2>
          <ul className="cards choices">
            {CHOICES.map((kind) => (
              <li key={kind} className="card choice">
                <h3>
                  <Link to={`/ingresar/${slugFromKind(kind)}`}>{t(`cases:choose.${kind}.action`)}</Link>
                </h3>
                <p>{t(`cases:choose.${kind}.text`)}</p>
                <p className="hint">{t("cases:choose.target", { count: targetDays[kind] })}</p>
              </li>
            ))}
            <li className="card choice track">
              <h3>
                <Link to="/seguimiento">{t("cases:choose.track.action")}</Link>
              </h3>
              <p>{t("cases:choose.track.text")}</p>
            </li>
          </ul>
        </section>
      ) : null}
      {offices.length > 0 ? (
        <section aria-labelledby="offices-title">
          <h2 id="offices-title">{t("home.offices")}</h2>
          <ul className="cards">
            {offices.map((o) => (
              <li key={o.id} className="card">
                <h3>{o.name}</h3>
                <p>
                  {o.address}, {o.commune}, {regionName(o.region) ?? o.region}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {institution && (institution.email || institution.phone) ? (
        <section aria-labelledby="contact-title">
          <h2 id="contact-title">{t("home.contact")}</h2>
          <ul>
            {institution.email ? (
              <li>
                <a href={`mailto:${institution.email}`}>{institution.email}</a>
              </li>
            ) : null}
            {institution.phone ? <li>{institution.phone}</li> : null}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t("home.staffTitle")}</h2>
        <p>
          <Link to="/login">{t("home.staffLink")}</Link>
        </p>
      </section>
    </>
  );
}
