// /comite/plan/indicadores — the plan's indicators with the measurements recorded for the year.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { YearPicker } from "~/components/plan/YearPicker";
import { planContext, requirePlan } from "~/domain/plan/context.server";
import { formatNumber, periodLabel } from "~/domain/plan/format";
import { listIndicators } from "~/domain/plan/indicators.server";

export const meta: MetaFunction = () => [{ title: "Indicadores del plan · Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, plan, years } = await planContext(request);
  const found = requirePlan(plan);
  const data = await listIndicators({ institutionId: user.institutionId, year: found.year });
  if (!data) throw new Response("Not found", { status: 404 });
  return json({ years, year: found.year, ...data });
}

export default function PlanIndicators() {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  const { years, year, indicators, pcpa } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("indicators.heading", { year })}</h1>
      <YearPicker years={years} current={year} />
      <p>{t("indicators.intro")}</p>
      <div className="table-wrap">
        <table className="plan-table">
          <caption>{t("indicators.caption", { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicators.name")}</th>
              <th scope="col">{t("indicators.source")}</th>
              <th scope="col">{t("indicators.period")}</th>
              <th scope="col">{t("indicators.target")}</th>
              <th scope="col">{t("indicators.recorded")}</th>
              <th scope="col">{t("indicators.latest")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((ind) => {
              const latest = [...ind.measurements].reverse().find((m) => m.value !== null);
              return (
                <tr key={ind.id}>
                  <th scope="row">
                    <Link to={`/comite/plan/indicadores/${ind.id}`}>{ind.name}</Link>
                  </th>
                  <td>{t(`source.${ind.source}`)}</td>
                  <td>{t(`period.${ind.period}`)}</td>
                  <td>{t(ind.direction === "LOWER_IS_BETTER" ? "indicators.targetAtMost" : "indicators.targetAtLeast", { value: formatNumber(ind.target, lng) })}</td>
                  <td>{t("indicators.recordedCount", { count: ind.measurements.length })}</td>
                  <td>
                    {ind.source === "PLAN"
                      ? pcpa.value === null
                        ? "—"
                        : t("indicators.pcpaNow", { value: formatNumber(pcpa.value, lng) })
                      : latest
                        ? t("indicators.valueFor", { value: formatNumber(latest.value, lng), period: periodLabel(t, latest.periodCode, lng) })
                        : ind.source === "LIVE"
                          ? t("indicators.liveValue")
                          : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
