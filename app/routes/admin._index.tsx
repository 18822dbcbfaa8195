import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import { getAdminCounts } from "~/domain/dashboard/landing.server";

export const meta: MetaFunction = () => [{ title: "Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ name: user.name, counts: await getAdminCounts(user.institutionId) });
}

export default function AdminHome() {
  const { t } = useTranslation("admin");
  const { name, counts } = useLoaderData<typeof loader>();
  const cards = [
    ["/admin/oficinas", "nav.offices", counts.offices],
    ["/admin/areas", "nav.areas", counts.areas],
    ["/admin/usuarios", "nav.users", counts.users],
    ["/admin/tramites", "nav.tramites", counts.tramites],
  ] as const;
  const configuration = [
    ["/admin/reglas", "nav.routingRules", "overview.routingRulesHint"],
    ["/admin/feriados", "nav.holidays", "overview.holidaysHint"],
    ["/admin/plantillas", "nav.replyTemplates", "overview.replyTemplatesHint"],
    ["/admin/tokens", "nav.apiTokens", "overview.apiTokensHint"],
    ["/admin/institucion", "nav.institution", "overview.institutionHint"],
  ] as const;
  return (
    <>
      <h1>{t("overview.title")}</h1>
      <p>{t("common:dashboard.welcome", { name })}</p>
      <ul className="cards">
        {cards.map(([to, key, count]) => (
          <li key={to} className="card">
            <h2>
              <Link to={to}>{t(key)}</Link>
            </h2>
            <p className="stat">{count}</p>
          </li>
        ))}
        {configuration.map(([to, key, hint]) => (
          <li key={to} className="card">
            <h2>
              <Link to={to}>{t(key)}</Link>
            </h2>
            <p>{t(hint)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
