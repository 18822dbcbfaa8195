import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import { getPlanOverview } from "~/domain/dashboard/landing.server";

export const meta: MetaFunction = () => [{ title: "Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "plan:view");
  const year = new Date().getFullYear();
  const plan = await getPlanOverview(user.institutionId, year);
  return json({ user: { name: user.name, role: user.role }, year, plan });
}

export default function ComiteHome() {
  const { t } = useTranslation();
  const { user, year, plan } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("dashboard.title", { role: t(`roles.${user.role}`) })}</h1>
      <p>{t("dashboard.welcome", { name: user.name })}</p>
      <p>
        <Link to="/satisfaccion">{t("results:committeeLink")}</Link>
      </p>
      <h2>{t("dashboard.planTitle", { year })}</h2>
      {plan ? (
        <>
          <p>{plan.generalObjective}</p>
          <p>
            <Link to={`/comite/plan?anio=${year}`}>{t("plan:plan.open", { year })}</Link>
          </p>
          <div className="table-wrap">
            <table>
              <caption>{t("dashboard.activities")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("dashboard.activities")}</th>
                  <th scope="col">{t("dashboard.responsible")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.activities.map((a) => (
                  <tr key={a.number}>
                    <td>{a.number}</td>
                    <td>
                      <Link to={`/comite/plan/actividades/${a.id}`}>{a.title}</Link>
                    </td>
                    <td>{a.responsibleArea?.name ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>{t("dashboard.indicators")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.indicators")}</th>
                  <th scope="col">{t("dashboard.target")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.indicators.map((i) => (
                  <tr key={i.code}>
                    <td>{i.name}</td>
                    <td>{String(i.target)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t("dashboard.noPlan")}</p>
      )}
    </>
  );
}
