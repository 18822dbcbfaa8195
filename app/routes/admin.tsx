import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json(null);
}

const SECTIONS = [
  ["/admin/institucion", "nav.institution"],
  ["/admin/oficinas", "nav.offices"],
  ["/admin/areas", "nav.areas"],
  ["/admin/usuarios", "nav.users"],
  ["/admin/tramites", "nav.tramites"],
  ["/admin/reglas", "nav.routingRules"],
  ["/admin/feriados", "nav.holidays"],
  ["/admin/plantillas", "nav.replyTemplates"],
  ["/admin/encuestas", "surveyadmin:nav.templates"],
  ["/admin/afiches", "surveyadmin:nav.posters"],
  ["/admin/kioscos", "kiosk:nav.admin"],
  ["/admin/tokens", "nav.apiTokens"],
] as const;

export default function AdminLayout() {
  const { t } = useTranslation("admin");
  return (
    <>
      <nav aria-label={t("nav.label")} className="subnav">
        <ul className="subnav-list">
          <li>
            <NavLink to="/admin" end>
              {t("nav.overview")}
            </NavLink>
          </li>
          {SECTIONS.map(([to, key]) => (
            <li key={to}>
              <NavLink to={to}>{t(key)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
