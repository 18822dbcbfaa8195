import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { can } from "~/domain/auth/permissions";
import type { Language } from "~/i18n/config";
import { LanguageSwitcher } from "./LanguageSwitcher";

export type LayoutUser = { name: string; role: "ADMIN" | "OIRS_OFFICER" | "AREA_OFFICIAL" | "COMMITTEE" } | null;
export type LayoutInstitution = { name: string; shortName: string; logoUrl: string | null } | null;

export function Layout(props: {
  lng: Language;
  user: LayoutUser;
  institution: LayoutInstitution;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { user, institution } = props;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            {institution?.logoUrl ? <img src={institution.logoUrl} alt="" className="brand-logo" /> : null}
            <span className="brand-text">
              <span className="brand-name">{institution?.shortName ?? t("appName")}</span>
              <span className="brand-sub">{t("appDescription")}</span>
            </span>
          </Link>
          <LanguageSwitcher current={props.lng} />
        </div>
        <nav aria-label={t("nav.label")} className="site-nav">
          <ul className="container nav-list">
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            {user && can(user.role, "cases:inbox") ? (
              <li>
                <NavLink to="/gestion">{t("nav.gestion")}</NavLink>
              </li>
            ) : null}
            {user && can(user.role, "surveys:results") ? (
              <li>
                <NavLink to="/satisfaccion">{t("nav.satisfaction")}</NavLink>
              </li>
            ) : null}
            {user && can(user.role, "plan:view") ? (
              <li>
                <NavLink to="/comite">{t("nav.comite")}</NavLink>
              </li>
            ) : null}
            {user && can(user.role, "admin:manage") ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
            <li className="nav-end">
              {user ? (
                <Form method="post" action="/logout" className="inline-form">
                  <span className="signed-in">{t("nav.signedInAs", { name: user.name })}</span>{" "}
                  <NavLink to="/cuenta">{t("account:nav.link")}</NavLink>{" "}
                  <button type="submit" className="link-button">
                    {t("nav.signOut")}
                  </button>
                </Form>
              ) : (
                <NavLink to="/login">{t("nav.staff")}</NavLink>
              )}
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="container main">
        {props.children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{institution?.name ?? t("appName")}</p>
          <p>
            {t("footer.privacy")} <Link to="/privacidad">{t("footer.privacyLink")}</Link>
          </p>
          <p>
            <Link to="/transparencia">{t("footer.transparency")}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
