import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import { getCaseWorkload } from "~/domain/dashboard/landing.server";

export const meta: MetaFunction = () => [{ title: "Gestión de casos · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases:inbox");
  const workload = await getCaseWorkload(user);
  return json({ user: { name: user.name, role: user.role }, workload });
}

export default function GestionHome() {
  const { t } = useTranslation();
  const { user, workload } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("dashboard.title", { role: t(`roles.${user.role}`) })}</h1>
      <p>{t("dashboard.welcome", { name: user.name })}</p>
      {workload.areaScoped && !workload.hasArea ? <p className="notice warning">{t("dashboard.noArea")}</p> : null}
      <ul className="cards">
        <li className="card">
          <h2>{workload.areaScoped ? t("dashboard.areaCases") : t("dashboard.openCases")}</h2>
          <p className="stat">{workload.openCount}</p>
        </li>
        <li className="card">
          <h2>{t("dashboard.overdueCases")}</h2>
          <p className="stat">{workload.overdueCount}</p>
        </li>
      </ul>
    </>
  );
}
