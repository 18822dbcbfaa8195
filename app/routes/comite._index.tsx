// The quality committee's dashboard (/comite; COMMITTEE, ADMIN and OIRS officers): the year at a
// glance. Each plan indicator against its target, the monthly trend, breakdowns by channel, office
// and trámite, the plan's progress, and the cases overdue right now. Year and filters live in the
// URL (a GET form that works without JavaScript); a bad value is explained and answered 400.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/FilterSelect";
import { Breakdowns, Indicators, Overdue, PlanProgress, Trend, useCommitteeFormat } from "~/components/committee/DashboardSections";
import { requirePermission } from "~/domain/auth/guard.server";
import { can } from "~/domain/auth/permissions";
import { parseCommitteeFilters } from "~/domain/committee/dashboard";
import { getCommitteeDashboard } from "~/domain/committee/dashboard.server";
import { RESULT_CHANNELS } from "~/domain/surveys/results";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import styles from "~/styles/committee.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "plan:view");
  const { filters, errors } = parseCommitteeFilters(new URL(request.url).searchParams);
  const [lng, t] = await Promise.all([getLanguage(request), getFixedT(request, "committee")]);
  const dashboard = await getCommitteeDashboard({
    institutionId: user.institutionId,
    filters,
    lng,
  });
  return json(
    {
      metaTitle: t("metaTitle", { year: filters.year }),
      filters,
      errors,
      dashboard,
      canOpenCases: can(user.role, "cases:inbox"),
    },
    {
      status: errors.length > 0 ? 400 : 200,
      headers: { "Cache-Control": "private, no-store" },
    }
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Dashboard = Data["dashboard"];

function Filters({ data }: { data: Data }) {
  const { t } = useTranslation(["committee", "cases"]);
  const { filters, dashboard } = data;
  const thisYear = Number(dashboard.today.slice(0, 4));
  const years = Array.from(new Set([thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3, filters.year])).sort((a, b) => b - a);
  return (
    <Form method="get" action="/comite" className="inbox-filters committee-filters" aria-labelledby="committee-filters-title">
      <h2 id="committee-filters-title">{t("filters.title")}</h2>
      <div className="inbox-filter-grid">
        <div className="field">
          <label htmlFor="c-year">{t("filters.year")}</label>
          <select id="c-year" name="anio" defaultValue={String(filters.year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect
          id="c-channel"
          name="canal"
          label={t("filters.channel")}
          anyLabel={t("filters.any")}
          value={filters.channel}
          options={RESULT_CHANNELS.map((c) => ({ value: c, label: t(`cases:channel.${c}`) }))}
        />
        <FilterSelect
          id="c-office"
          name="oficina"
          label={t("filters.office")}
          anyLabel={t("filters.any")}
          value={filters.officeId}
          options={dashboard.facets.offices.map((o) => ({ value: o.id, label: o.name }))}
        />
        <FilterSelect
          id="c-tramite"
          name="tramite"
          label={t("filters.tramite")}
          anyLabel={t("filters.any")}
          value={filters.tramiteId}
          options={dashboard.facets.tramites.map((o) => ({ value: o.id, label: o.name }))}
        />
      </div>
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>{" "}
      <Link to={`/comite?anio=${filters.year}`}>{t("filters.clear")}</Link>
    </Form>
  );
}

export default function CommitteeDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, f } = useCommitteeFormat();
  const { dashboard, errors } = data;
  const totals = dashboard.totals;
  return (
    <>
      <h1>{t("title", { year: dashboard.year })}</h1>
      {errors.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby="committee-errors-title" tabIndex={-1}>
          <h2 id="committee-errors-title">{t("errors.title")}</h2>
          <ul>
            {errors.map((e) => (
              <li key={e}>{t(`errors.${e}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul className="committee-links">
        <li>
          <Link to={`/comite/plan?anio=${dashboard.year}`}>{t("plan:plan.open", { year: dashboard.year })}</Link>
        </li>
        <li>
          <Link to={`/comite/informe?anio=${dashboard.year}`}>{t("links.report")}</Link>
        </li>
        <li>
          <Link to={`/comite/difusion?anio=${dashboard.year}`}>{t("links.dissemination")}</Link>
        </li>
        <li>
          <Link to={dashboard.year === Number(dashboard.today.slice(0, 4)) ? "/satisfaccion" : `/satisfaccion?from=${dashboard.year}-01-01&to=${dashboard.year}-12-31`}>{t("results:committeeLink")}</Link>
        </li>
      </ul>
      <Filters data={data} />
      <p className="hint">{t("shareHint")}</p>
      <ul className="committee-summary" aria-label={t("summary.label", { year: dashboard.year })}>
        <li>
          <span className="figure">{f.count(totals.received)}</span>
          <span className="label">{t("summary.received")}</span>
        </li>
        <li>
          <span className="figure">{f.pct(totals.isu)}</span>
          <span className="label">{t("summary.isu", { n: f.count(totals.n) })}</span>
        </li>
        <li>
          <span className="figure">{f.pct(totals.reclamosOnTime)}</span>
          <span className="label">{t("summary.onTime", { n: f.count(totals.reclamosDecided) })}</span>
        </li>
        <li>
          <span className="figure">{f.days(totals.meanDays)}</span>
          <span className="label">{t("summary.meanDays", { p90: f.days(totals.p90Days) })}</span>
        </li>
        <li>
          <span className="figure">{f.count(dashboard.overdue.total)}</span>
          <span className="label">{t("summary.overdue")}</span>
        </li>
      </ul>
      <Indicators dashboard={dashboard} />
      <Trend dashboard={dashboard} />
      <Breakdowns dashboard={dashboard} />
      <PlanProgress dashboard={dashboard} />
      <Overdue dashboard={dashboard} canOpenCases={data.canOpenCases} />
    </>
  );
}
