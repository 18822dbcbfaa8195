// /privacidad — the privacy notice (public, no sign-in; linked from every page's footer and from
// every citizen form): what personal data the OIRS collects, what for, on which legal basis, how
// long it is kept (the institution's retentionMonths, from the database), who sees it, the
// person's rights and how to exercise them (the institution's contact settings and offices).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getPrivacyNotice } from "~/domain/privacy/notice.server";
import { getFixedT } from "~/i18n/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Aviso de privacidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request, "privacy");
  const notice = await getPrivacyNotice();
  if (!notice) throw json({ message: t("noInstitution") }, { status: 404 });
  return json({ metaTitle: t("metaTitle"), notice });
}

const SECTIONS = ["collect", "purposes", "legalBasis", "retention", "access", "rights", "exercise"] as const;

function List({ items }: { items: Record<string, string> }) {
  return (
    <ul>
      {Object.entries(items).map(([key, item]) => (
        <li key={key}>{item}</li>
      ))}
    </ul>
  );
}

export default function PrivacyNotice() {
  const { t } = useTranslation("privacy");
  const { notice } = useLoaderData<typeof loader>();
  const months = notice.retentionMonths;
  const years = Math.floor(months / 12);
  const retention = months % 12 === 0 ? t("retention.periodYears", { months, count: years }) : t("retention.periodMonths", { count: months });
  // Keyed lists (not arrays), so the i18n parity test checks every item in both languages.
  const items = (key: string) => t(key, { returnObjects: true }) as unknown as Record<string, string>;
  const hasContact = Boolean(notice.email || notice.phone || notice.address || notice.website);

  const contact = (
    <>
      {hasContact ? (
        <dl className="summary-list">
          {notice.email ? (
            <div>
              <dt>{t("contact.email")}</dt>
              <dd>
                <a href={`mailto:${notice.email}`}>{notice.email}</a>
              </dd>
            </div>
          ) : null}
          {notice.phone ? (
            <div>
              <dt>{t("contact.phone")}</dt>
              <dd>
                <a href={`tel:${notice.phone.replace(/[^+\d]/g, "")}`}>{notice.phone}</a>
              </dd>
            </div>
          ) : null}
          {notice.address ? (
            <div>
              <dt>{t("contact.address")}</dt>
              <dd>{notice.address}</dd>
            </div>
          ) : null}
          {notice.website ? (
            <div>
              <dt>{t("contact.website")}</dt>
              <dd>
                <a href={notice.website}>{notice.website}</a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {notice.offices.length > 0 ? (
        <>
          <p>{t("contact.offices")}</p>
          <ul>
            {notice.offices.map((o) => (
              <li key={o.id}>{t("contact.office", { name: o.name, address: o.address, commune: o.commune })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );

  return (
    <article className="privacy-notice">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { institution: notice.name })}</p>
      <nav aria-labelledby="privacy-contents">
        <h2 id="privacy-contents">{t("contents")}</h2>
        <ol>
          <li>
            <a href="#responsable">{t("controller.heading")}</a>
          </li>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t(`${s}.heading`)}</a>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="responsable">
        <h2 id="responsable">{t("controller.heading")}</h2>
        <p>{t("controller.body", { institution: notice.name })}</p>
        {hasContact ? contact : <p>{t("contact.none")}</p>}
      </section>

      <section aria-labelledby="collect">
        <h2 id="collect">{t("collect.heading")}</h2>
        <List items={items("collect.items")} />
        <p>{t("collect.anonymous")}</p>
      </section>

      <section aria-labelledby="purposes">
        <h2 id="purposes">{t("purposes.heading")}</h2>
        <List items={items("purposes.items")} />
        <p>{t("purposes.never")}</p>
      </section>

      <section aria-labelledby="legalBasis">
        <h2 id="legalBasis">{t("legalBasis.heading")}</h2>
        <p>{t("legalBasis.body")}</p>
      </section>

      <section aria-labelledby="retention">
        <h2 id="retention">{t("retention.heading")}</h2>
        <p>{t("retention.body", { period: retention })}</p>
        <p>{t("retention.kept")}</p>
      </section>

      <section aria-labelledby="access">
        <h2 id="access">{t("access.heading")}</h2>
        <List items={items("access.items")} />
      </section>

      <section aria-labelledby="rights">
        <h2 id="rights">{t("rights.heading")}</h2>
        <dl className="summary-list">
          {(["access", "rectification", "deletion", "opposition"] as const).map((right) => (
            <div key={right}>
              <dt>{t(`rights.${right}.name`)}</dt>
              <dd>{t(`rights.${right}.body`)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="exercise">
        <h2 id="exercise">{t("exercise.heading")}</h2>
        <p>{t("exercise.body")}</p>
        {hasContact || notice.offices.length > 0 ? contact : <p>{t("contact.none")}</p>}
        <p>{t("exercise.answer")}</p>
        <p>{t("exercise.complaint")}</p>
      </section>

      <p>
        <Link to="/">{t("back")}</Link>
      </p>
    </article>
  );
}
