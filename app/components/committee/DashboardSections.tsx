// The sections of the committee dashboard (/comite), each rendering one part of
// getCommitteeDashboard()'s result: indicators, monthly trend, breakdowns, plan progress, overdue cases.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/BarChart";
import type { BreakdownRow, CaseFiguresView, CommitteeDashboard } from "~/domain/committee/dashboard.server";
import { periodLabel, formatDay } from "~/domain/plan/format";
import { monthLabel } from "~/domain/surveys/results";
import { committeeFormat } from "./format";

type Dashboard = SerializeFrom<CommitteeDashboard>;

export function useCommitteeFormat() {
  const { t, i18n } = useTranslation("committee");
  return {
    t,
    lng: i18n.language,
    f: committeeFormat(i18n.language, t("noData")),
  };
}

/** A filter's select: "all" first, then the options; the URL's value selected. */
function Status({ met }: { met: boolean | null }) {
  const { t } = useTranslation("committee");
  if (met === null) return <span className="indicator-status indicator-no-data">{t("status.noData")}</span>;
  return <span className={`indicator-status ${met ? "indicator-met" : "indicator-not-met"}`}>{t(met ? "status.met" : "status.notMet")}</span>;
}

export function Indicators({ dashboard }: { dashboard: Dashboard }) {
  const { t, lng, f } = useCommitteeFormat();
  const indicators = dashboard.indicators;
  return (
    <section aria-labelledby="committee-indicators-title">
      <h2 id="committee-indicators-title">{t("indicators.title")}</h2>
      {!indicators ? (
        <p>{t("indicators.noPlan", { year: dashboard.year })}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("indicators.caption", { year: dashboard.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("indicators.name")}</th>
                <th scope="col">{t("indicators.source")}</th>
                <th scope="col">{t("indicators.target")}</th>
                <th scope="col">{t("indicators.value")}</th>
                <th scope="col">{t("indicators.status")}</th>
                <th scope="col">{t("indicators.n")}</th>
                <th scope="col">{t("indicators.interval")}</th>
                <th scope="col">{t("indicators.periods")}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/comite/plan/indicadores/${i.id}?anio=${dashboard.year}`}>{i.name}</Link>
                  </th>
                  <td>{t(`indicators.sources.${i.source}`)}</td>
                  <td>{t(i.direction === "LOWER_IS_BETTER" ? "indicators.atMost" : "indicators.atLeast", { value: f.value(i.target, i.unit) })}</td>
                  <td>{f.value(i.year.value, i.unit)}</td>
                  <td>
                    <Status met={i.year.met} />
                  </td>
                  <td>{i.year.n === null ? "—" : f.count(i.year.n)}</td>
                  <td>{i.unit === "percent" && i.year.interval ? f.interval(i.year.interval) : "—"}</td>
                  <td>
                    {i.period === "YEAR" ? (
                      "—"
                    ) : (
                      <ul className="period-values">
                        {i.periods.map((p) => (
                          <li key={p.period.code}>
                            {periodLabel(t, p.period.code, lng)}: {f.value(p.value, i.unit)}
                            {p.met === null ? null : ` (${t(p.met ? "status.met" : "status.notMet")})`}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{t("indicators.definitions")}</p>
    </section>
  );
}

export function Trend({ dashboard }: { dashboard: Dashboard }) {
  const { t, lng, f } = useCommitteeFormat();
  const months = dashboard.trend;
  const short = (m: string) => monthLabel(m, lng).slice(0, 3);
  const isuTarget = dashboard.indicators?.find((i) => i.liveMetric === "isu")?.target;
  const onTimeTarget = dashboard.indicators?.find((i) => i.liveMetric === "reclamos_on_time")?.target;
  const table = (
    <div className="table-wrap">
      <table>
        <caption>{t("trend.tableCaption", { year: dashboard.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("trend.month")}</th>
            <th scope="col">{t("columns.received")}</th>
            <th scope="col">{t("columns.resolutionRate")}</th>
            <th scope="col">{t("columns.reclamosOnTime")}</th>
            <th scope="col">{t("columns.meanDays")}</th>
            <th scope="col">{t("columns.isu")}</th>
            <th scope="col">{t("columns.responses")}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLabel(m.month, lng)}</th>
              <td>{f.count(m.received)}</td>
              <td>{f.pct(m.resolutionRate)}</td>
              <td>{f.pct(m.reclamosOnTime)}</td>
              <td>{f.days(m.meanDays)}</td>
              <td>{f.pct(m.isu)}</td>
              <td>{f.count(m.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const describe = (key: string, values: Array<string>) =>
    t(key, {
      year: dashboard.year,
      values: months.map((m, i) => `${monthLabel(m.month, lng)}: ${values[i]}`).join("; "),
    });
  /** A month-by-month percentage (0–100 axis) with the indicator's target as a line. */
  const percentChart = (key: "isu" | "onTime", pick: (m: (typeof months)[number]) => number | null, target: number | undefined) => (
    <BarChart
      title={t(`trend.${key}Title`, { year: dashboard.year })}
      description={describe(
        `trend.${key}Desc`,
        months.map((m) => f.pct(pick(m)))
      )}
      points={months.map((m) => {
        const value = pick(m);
        return { label: short(m.month), value, display: value === null ? "—" : f.count(value) };
      })}
      top={100}
      target={target === undefined ? undefined : { value: target, label: t("chart.target", { value: f.pct(target) }) }}
      formatTick={(v) => `${f.count(v)} %`}
      tableLabel={t("chart.showTable")}
      table={table}
    />
  );
  return (
    <section aria-labelledby="committee-trend-title">
      <h2 id="committee-trend-title">{t("trend.title")}</h2>
      <div className="chart-grid-layout">
        <BarChart
          title={t("trend.volumeTitle", { year: dashboard.year })}
          description={describe(
            "trend.volumeDesc",
            months.map((m) => f.count(m.received))
          )}
          points={months.map((m) => ({
            label: short(m.month),
            value: m.received,
            display: m.received > 0 ? f.count(m.received) : "",
          }))}
          formatTick={(v) => f.count(v)}
          integer
          tableLabel={t("chart.showTable")}
          table={table}
        />
        {percentChart("isu", (m) => m.isu, isuTarget)}
        {percentChart("onTime", (m) => m.reclamosOnTime, onTimeTarget)}
      </div>
      <p className="hint">{t("chart.noDataHint")}</p>
    </section>
  );
}

type BreakdownTableRow = CaseFiguresView & { key: string | null } & Partial<Pick<BreakdownRow, "isu" | "isuInterval" | "n">>;

/** A breakdown's table: the case figures of each group, and the survey figures when `surveys` is set. */
function BreakdownTable<Row extends BreakdownTableRow>(props: { id?: string; rows: Row[]; groupLabel: string; groupHeader?: string; surveys?: boolean; name: (row: Row) => string }) {
  const { t, f } = useCommitteeFormat();
  const { rows, surveys = true } = props;
  return (
    <div className="table-wrap">
      <table id={props.id}>
        <caption>{props.groupLabel}</caption>
        <thead>
          <tr>
            <th scope="col">{props.groupHeader ?? t("columns.group")}</th>
            <th scope="col">{t("columns.received")}</th>
            <th scope="col">{t("columns.resolutionRate")}</th>
            <th scope="col">{t("columns.reclamosOnTime")}</th>
            <th scope="col">{t("columns.meanDays")}</th>
            {surveys ? <th scope="col">{t("columns.isu")}</th> : null}
            {surveys ? <th scope="col">{t("columns.responses")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={surveys ? 7 : 5}>{t("breakdowns.empty")}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.key ?? "none"}>
                <th scope="row">{props.name(r)}</th>
                <td>{f.count(r.received)}</td>
                <td>{f.pct(r.resolutionRate)}</td>
                <td>{r.reclamosDecided > 0 ? f.pct(r.reclamosOnTime) : "—"}</td>
                <td>{f.days(r.meanDays)}</td>
                {surveys ? (
                  <td>
                    {f.pct(r.isu)}
                    {r.isuInterval ? <span className="hint"> ({f.interval(r.isuInterval)})</span> : null}
                  </td>
                ) : null}
                {surveys ? <td>{f.count(r.n ?? 0)}</td> : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function Breakdowns({ dashboard }: { dashboard: Dashboard }) {
  const { t, f } = useCommitteeFormat();
  const { channel, office, tramite, kind } = dashboard.breakdowns;
  const tc = useTranslation("cases").t;
  return (
    <section aria-labelledby="committee-breakdowns-title">
      <h2 id="committee-breakdowns-title">{t("breakdowns.title", { year: dashboard.year })}</h2>
      {channel.length === 0 ? (
        <BreakdownTable id="committee-by-channel" rows={channel} groupLabel={t("breakdowns.byChannel")} name={() => ""} />
      ) : (
        <div className="chart-grid-layout">
          <BarChart
            title={t("breakdowns.channelChartTitle", { year: dashboard.year })}
            description={t("breakdowns.channelChartDesc", {
              values:
                channel.map((r) => `${r.key ? tc(`channel.${r.key}`) : t("breakdowns.none")}: ${f.count(r.received)}`).join("; ") || t("breakdowns.empty"),
            })}
            points={channel.map((r) => ({
              label: r.key ? tc(`channel.${r.key}`) : t("breakdowns.none"),
              value: r.received,
              display: f.count(r.received),
            }))}
            formatTick={(v) => f.count(v)}
            integer
            tableLabel={t("chart.showTable")}
            table={
              <BreakdownTable
                id="committee-by-channel-chart"
                rows={channel}
                groupLabel={t("breakdowns.byChannel")}
                name={(r) => (r.key ? tc(`channel.${r.key}`) : t("breakdowns.none"))}
              />
            }
          />
        </div>
      )}
      <BreakdownTable id="committee-by-office" rows={office} groupLabel={t("breakdowns.byOffice")} name={(r) => r.name ?? t("breakdowns.noOffice")} />
      <BreakdownTable id="committee-by-tramite" rows={tramite} groupLabel={t("breakdowns.byTramite")} name={(r) => r.name ?? t("breakdowns.noTramite")} />
      <BreakdownTable rows={kind} groupLabel={t("breakdowns.byKind")} groupHeader={t("columns.kind")} surveys={false} name={(r) => (r.key ? tc(`kind.${r.key}`) : "—")} />
    </section>
  );
}

export function PlanProgress({ dashboard }: { dashboard: Dashboard }) {
  const { t, lng, f } = useCommitteeFormat();
  const plan = dashboard.plan;
  return (
    <section aria-labelledby="committee-plan-title">
      <h2 id="committee-plan-title">{t("plan.title", { year: dashboard.year })}</h2>
      {!plan ? (
        <p>{t("indicators.noPlan", { year: dashboard.year })}</p>
      ) : (
        <>
          <p>
            {t("plan.pcpa", {
              value: f.pct(plan.pcpa.value),
              executed: plan.pcpa.executed,
              programmed: plan.pcpa.programmed,
            })}{" "}
            <Link to={`/comite/plan?anio=${dashboard.year}`}>{t("plan.open")}</Link>
          </p>
          {plan.lateItems.length === 0 ? (
            <p>{t("plan.noLate")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t("plan.lateCaption", { count: plan.lateItems.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("plan.activity")}</th>
                    <th scope="col">{t("plan.subAction")}</th>
                    <th scope="col">{t("plan.lastMonth")}</th>
                    <th scope="col">{t("plan.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.lateItems.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link to={`/comite/plan/actividades/${i.activity.id}`}>
                          {i.activity.number}. {i.activity.title}
                        </Link>
                      </td>
                      <td>{i.title}</td>
                      <td>{monthLabel(`${dashboard.year}-${String(Math.max(...i.months)).padStart(2, "0")}`, lng)}</td>
                      <td>{t(`plan:status.${i.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {plan.lateActivities.some((a) => a.deadline !== null && a.deadline < dashboard.today) ? (
            <p>
              {t("plan.pastDeadline", {
                list: plan.lateActivities
                  .filter((a) => a.deadline !== null && a.deadline < dashboard.today)
                  .map((a) => `${a.number}. ${a.title} (${formatDay(a.deadline, lng)})`)
                  .join("; "),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

export function Overdue({ dashboard, canOpenCases }: { dashboard: Dashboard; canOpenCases: boolean }) {
  const { t, lng, f } = useCommitteeFormat();
  const tc = useTranslation("cases").t;
  const { overdue } = dashboard;
  return (
    <section aria-labelledby="committee-overdue-title">
      <h2 id="committee-overdue-title">{t("overdue.title")}</h2>
      <p>
        {t("overdue.count", {
          count: overdue.total,
          formatted: f.count(overdue.total),
        })}
      </p>
      {overdue.rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t("overdue.caption", { count: overdue.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("overdue.folio")}</th>
                <th scope="col">{t("columns.kind")}</th>
                <th scope="col">{t("filters.channel")}</th>
                <th scope="col">{t("overdue.area")}</th>
                <th scope="col">{t("overdue.assignee")}</th>
                <th scope="col">{t("overdue.due")}</th>
                <th scope="col">{t("overdue.late")}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{canOpenCases ? <Link to={`/gestion/casos/${r.id}`}>{r.folio}</Link> : r.folio}</th>
                  <td>{tc(`kind.${r.kind}`)}</td>
                  <td>{tc(`channel.${r.channel}`)}</td>
                  <td>{r.area ?? t("overdue.noArea")}</td>
                  <td>{r.assignee ?? t("overdue.noAssignee")}</td>
                  <td>{formatDay(r.dueAt.slice(0, 10), lng)}</td>
                  <td>
                    <span className="deadline deadline-overdue">
                      <span className="deadline-icon" aria-hidden="true" />
                      {t("overdue.days", { count: r.overdueBusinessDays })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canOpenCases && overdue.total > 0 ? (
        <p>
          <Link to="/gestion?deadline=overdue">{t("overdue.inbox")}</Link>
        </p>
      ) : null}
    </section>
  );
}
