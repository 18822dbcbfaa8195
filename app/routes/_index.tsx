import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentInstitution, listPublicOffices } from "~/domain/institution/institution.server";

export const meta: MetaFunction = () => [{ title: "OIRS" }];

export async function loader(_: LoaderFunctionArgs) {
  const institution = await getCurrentInstitution();
  const offices = institution ? await listPublicOffices(institution.id) : [];
  return json({ institution, offices });
}

export default function Home() {
  const { t } = useTranslation();
  const { institution, offices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("home.title", { institution: institution?.shortName ?? t("appName") })}</h1>
      <p className="lead">{t("home.lead")}</p>
      {offices.length > 0 ? (
        <section aria-labelledby="offices-title">
          <h2 id="offices-title">{t("home.offices")}</h2>
          <ul className="cards">
            {offices.map((o) => (
              <li key={o.id} className="card">
                <h3>{o.name}</h3>
                <p>
                  {o.address}, {o.commune}, {o.region}
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
