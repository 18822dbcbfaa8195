// Layout of the improvement plan pages: the section navigation (keeping the year in the URL).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import styles from "~/styles/plan.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "plan:view");
  return json(null);
}

const SECTIONS = [
  ["/comite/plan", "nav.plan", true],
  ["/comite/plan/cambios", "nav.changes", false],
  ["/comite/plan/dificultades", "nav.factors", false],
  ["/comite/plan/indicadores", "nav.indicators", false],
] as const;

export default function PlanLayout() {
  const { t } = useTranslation("plan");
  const [params] = useSearchParams();
  const year = params.get("anio");
  const search = year && /^\d{4}$/.test(year) ? `?anio=${year}` : "";
  return (
    <>
      <nav aria-label={t("nav.label")} className="subnav">
        <ul className="subnav-list">
          <li>
            <NavLink to="/comite" end>
              {t("nav.committee")}
            </NavLink>
          </li>
          {SECTIONS.map(([to, key, end]) => (
            <li key={to}>
              <NavLink to={`${to}${search}`} end={end}>
                {t(key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
