// /comite/informe?anio=YYYY: the Informe de implementación del Plan de Mejoramiento, printable on
// A4 and downloadable as .docx (anyone who may read the plan). Without ?anio, the latest plan.
// A malformed year answers 400 and a year without a plan 404, each explained on the page.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import type { EvaluatedIndicator, IndicatorPeriodValue } from "~/domain/committee/indicator-types";
import {
  changeWindowText,
  evidenceItemText,
  executedText,
  formatCount,
  formatGeneratedAt,
  formatIndicatorValue,
  formatInterval,
  formatMonths,
  formatTarget,
  metLabel,
  parseReportYear,
  scheduleStatusText,
  scheduleSummaryText,
} from "~/domain/committee/report";
import { getImplementationReport, type ImplementationReport, type ReportActivity } from "~/domain/committee/report.server";
import { formatDateTimeShort, formatDay, formatNumber, periodLabel } from "~/domain/plan/format";
import { getFixedT } from "~/i18n/i18n.server";
import { ErrorMessage } from "~/root";
import styles from "~/styles/report.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Informe de implementación · Comité de calidad · OIRS" }];

type ReportError = { reason: "badYear" } | { reason: "noPlan"; year: number | null };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "plan:view");
  const year = parseReportYear(new URL(request.url));
  if (year === "invalid") throw json<ReportError>({ reason: "badYear" }, { status: 400 });
  const report = await getImplementationReport({ institutionId: user.institutionId, year });
  if (!report) throw json<ReportError>({ reason: "noPlan", year }, { status: 404 });
  const t = await getFixedT(request, "report");
  return json({ metaTitle: t("metaTitle", { year: report.plan.year }), report }, { headers: { "Cache-Control": "private, no-store" } });
}

type Report = ImplementationReport;

function useReportT() {
  const { t, i18n } = useTranslation("report");
  return { t, lng: i18n.language };
}

function Met({ met }: { met: boolean | null }) {
  const { t } = useReportT();
  const className = met === null ? "report-pending" : met ? "report-met" : "report-not-met";
  return <span className={className}>{metLabel(t, met)}</span>;
}

function Fields({ rows }: { rows: Array<[string, string]> }) {
  return (
    <dl className="report-fields">
      {rows.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Actions({ year }: { year: number }) {
  const { t } = useReportT();
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  return (
    <section className="report-actions" aria-labelledby="report-actions-heading">
      <h2 id="report-actions-heading">{t("actions.label")}</h2>
      <div className="button-row">
        <a className="button" href={`/comite/informe.docx?anio=${year}`} download>
          {t("actions.download")}
        </a>
        {canPrint ? (
          <button type="button" className="button secondary" onClick={() => window.print()}>
            {t("actions.print")}
          </button>
        ) : null}
        <Link to={`/comite/plan?anio=${year}`}>{t("actions.backToPlan", { year })}</Link>
      </div>
      <p className="hint">{t("actions.downloadHint")}</p>
      <p className="hint">{t("actions.printHint")}</p>
    </section>
  );
}

function ActivityDetail({ a }: { a: ReportActivity }) {
  const { t, lng } = useReportT();
  const rows: Array<[string, string]> = [[t("activities.responsibleArea"), a.responsibleArea ?? t("activities.noArea")]];
  if (a.participants) rows.push([t("activities.participants"), a.participants]);
  if (a.executionTerm) rows.push([t("activities.executionTerm"), a.executionTerm]);
  rows.push(
    [t("activities.deadline"), formatDay(a.deadline, lng)],
    [t("activities.executed"), executedText(t, a.executedAt, lng)],
    [t("activities.tramites"), a.tramites.length ? a.tramites.join("; ") : t("activities.noTramites")],
  );
  if (a.committedMeans.length) rows.push([t("activities.committedMeans"), a.committedMeans.join("\n")]);
  return (
    <article className="report-item" aria-labelledby={`activity-${a.number}`}>
      <h3 id={`activity-${a.number}`}>{t("activities.heading", { number: a.number, title: a.title })}</h3>
      <p className="report-text">{a.description}</p>
      <Fields rows={rows} />

      <h4>{t("schedule.heading")}</h4>
      {a.schedule.length === 0 ? (
        <p>{t("schedule.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t("schedule.caption", { number: a.number })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("schedule.subAction")}</th>
                <th scope="col">{t("schedule.months")}</th>
                <th scope="col">{t("schedule.status")}</th>
                <th scope="col">{t("schedule.statusDate")}</th>
              </tr>
            </thead>
            <tbody>
              {a.schedule.map((s, i) => (
                <tr key={i}>
                  <th scope="row">{s.title}</th>
                  <td>{formatMonths(t, s.months, lng)}</td>
                  <td className={s.late ? "report-late" : undefined}>{scheduleStatusText(t, s)}</td>
                  <td>{formatDay(s.statusDate, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h4>{t("evidence.heading")}</h4>
      {a.evidence.length === 0 ? (
        <p>{t("evidence.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t("evidence.caption", { number: a.number })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("evidence.description")}</th>
                <th scope="col">{t("evidence.format")}</th>
                <th scope="col">{t("evidence.item")}</th>
              </tr>
            </thead>
            <tbody>
              {a.evidence.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="report-text">
                    {e.description}
                  </th>
                  <td>{e.format}</td>
                  <td>
                    {e.kind === "file" ? (
                      <a href={`/comite/plan/evidencias/${e.id}`}>{evidenceItemText(t, e)}</a>
                    ) : e.url ? (
                      <a href={e.url}>{evidenceItemText(t, e)}</a>
                    ) : (
                      evidenceItemText(t, e)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

function ActivitiesPart({ report }: { report: Report }) {
  const { t, lng } = useReportT();
  return (
    <section className="report-part" aria-labelledby="part-activities">
      <h2 id="part-activities">{t("parts.activities")}</h2>
      <p>{t("activities.intro")}</p>
      {report.activities.length === 0 ? (
        <p>{t("activities.none")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="report-table">
              <caption>{t("activities.caption", { year: report.plan.year })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="report-nowrap">
                    {t("activities.number")}
                  </th>
                  <th scope="col">{t("activities.title")}</th>
                  <th scope="col">{t("activities.responsibleArea")}</th>
                  <th scope="col">{t("activities.deadline")}</th>
                  <th scope="col">{t("activities.executed")}</th>
                  <th scope="col">{t("activities.schedule")}</th>
                </tr>
              </thead>
              <tbody>
                {report.activities.map((a) => (
                  <tr key={a.id}>
                    <td>{a.number}</td>
                    <th scope="row">
                      <a href={`#activity-${a.number}`}>{a.title}</a>
                    </th>
                    <td>{a.responsibleArea ?? t("activities.noArea")}</td>
                    <td>{formatDay(a.deadline, lng)}</td>
                    <td>{executedText(t, a.executedAt, lng)}</td>
                    <td className={a.scheduleSummary.late ? "report-late" : undefined}>{scheduleSummaryText(t, a.scheduleSummary)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.activities.map((a) => (
            <ActivityDetail key={a.id} a={a} />
          ))}
        </>
      )}
    </section>
  );
}

function PeriodRow({ ind, p, name }: { ind: EvaluatedIndicator; p: IndicatorPeriodValue; name: string }) {
  const { t, lng } = useReportT();
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{formatIndicatorValue(t, p.value, ind.unit, lng)}</td>
      <td>{formatCount(p.numerator, lng)}</td>
      <td>{formatCount(p.denominator, lng)}</td>
      <td>{formatCount(p.n, lng)}</td>
      <td>{formatInterval(t, p.interval, lng)}</td>
      <td>
        <Met met={p.met} />
      </td>
    </tr>
  );
}

function IndicatorDetail({ ind }: { ind: EvaluatedIndicator }) {
  const { t, lng } = useReportT();
  const rows: Array<[string, string]> = [
    [t("indicators.formula"), ind.formula],
    [t("indicators.source"), t(`plan:source.${ind.source}`)],
    [t("indicators.target"), formatTarget(t, ind.target, ind.direction, ind.unit, lng)],
  ];
  if (ind.activity) rows.push([t("indicators.activity"), t("indicators.activityValue", { number: ind.activity.number, title: ind.activity.title })]);
  const yearly = ind.period === "YEAR";
  const analysed = [...ind.periods, ...(yearly ? [] : [ind.year])].filter((p) => p.measurement);
  const id = `indicator-${ind.code}`;
  return (
    <article className="report-item" aria-labelledby={id}>
      <h3 id={id}>{t("indicators.heading", { code: ind.code, name: ind.name })}</h3>
      <Fields rows={rows} />
      <div className="table-wrap">
        <table className="report-table">
          <caption>{t("indicators.periodsCaption", { name: ind.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicators.period")}</th>
              <th scope="col">{t("indicators.value")}</th>
              <th scope="col">{t("indicators.numerator")}</th>
              <th scope="col">{t("indicators.denominator")}</th>
              <th scope="col">{t("indicators.n")}</th>
              <th scope="col">{t("indicators.interval")}</th>
              <th scope="col">{t("indicators.met")}</th>
            </tr>
          </thead>
          <tbody>
            {yearly ? null : ind.periods.map((p) => <PeriodRow key={p.period.code} ind={ind} p={p} name={periodLabel(t, p.period.code, lng)} />)}
            <PeriodRow ind={ind} p={ind.year} name={yearly ? periodLabel(t, ind.year.period.code, lng) : t("indicators.wholeYear")} />
          </tbody>
        </table>
      </div>
      {analysed.length === 0 ? <p className="report-note">{t("indicators.noAnalysis")}</p> : null}
      {analysed.map((p) => {
        const m = p.measurement!;
        const when = formatDateTimeShort(m.enteredAt, lng);
        return (
          <div key={p.period.code} className="report-analysis">
            <h4>{t("indicators.analysisHeading", { period: periodLabel(t, p.period.code, lng) })}</h4>
            <Fields
              rows={[
                [t("indicators.interpretation"), m.interpretation || t("indicators.notRecorded")],
                [t("indicators.gaps"), m.gaps || t("indicators.notRecorded")],
                [t("indicators.recommendations"), m.recommendations || t("indicators.notRecorded")],
              ]}
            />
            <p className="report-note">{m.enteredBy ? t("indicators.enteredBy", { name: m.enteredBy, date: when }) : t("indicators.enteredOn", { date: when })}</p>
          </div>
        );
      })}
    </article>
  );
}

function IndicatorsPart({ report }: { report: Report }) {
  const { t, lng } = useReportT();
  return (
    <section className="report-part" aria-labelledby="part-indicators">
      <h2 id="part-indicators">{t("parts.indicators")}</h2>
      <p>{t("indicators.intro")}</p>
      {report.indicators.length === 0 ? (
        <p>{t("indicators.none")}</p>
      ) : (
        <>
          <p>{t("indicators.summary", report.indicatorSummary)}</p>
          <div className="table-wrap">
            <table className="report-table">
              <caption>{t("indicators.caption", { year: report.plan.year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("indicators.name")}</th>
                  <th scope="col">{t("indicators.target")}</th>
                  <th scope="col">{t("indicators.yearValue", { year: report.plan.year })}</th>
                  <th scope="col">{t("indicators.n")}</th>
                  <th scope="col">{t("indicators.interval")}</th>
                  <th scope="col">{t("indicators.met")}</th>
                </tr>
              </thead>
              <tbody>
                {report.indicators.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <a href={`#indicator-${i.code}`}>{`${i.code}: ${i.name}`}</a>
                    </th>
                    <td>{formatTarget(t, i.target, i.direction, i.unit, lng)}</td>
                    <td>{formatIndicatorValue(t, i.year.value, i.unit, lng)}</td>
                    <td>{formatCount(i.year.n, lng)}</td>
                    <td>{formatInterval(t, i.year.interval, lng)}</td>
                    <td>
                      <Met met={i.year.met} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.indicators.map((i) => (
            <IndicatorDetail key={i.id} ind={i} />
          ))}
        </>
      )}
    </section>
  );
}

function FactorsPart({ report }: { report: Report }) {
  const { t } = useReportT();
  const counters = { DIFFICULTY: 0, SLACK: 0 };
  return (
    <section className="report-part" aria-labelledby="part-factors">
      <h2 id="part-factors">{t("parts.factors")}</h2>
      <p>{t("factors.intro")}</p>
      {report.factors.length === 0 ? <p>{t("factors.none")}</p> : null}
      {report.factors.map((f) => {
        counters[f.kind] += 1;
        return (
          <article key={f.id} className="report-item" aria-labelledby={`factor-${f.id}`}>
            <h3 id={`factor-${f.id}`}>{t("factors.item", { kind: t(`plan:factors.kinds.${f.kind}`), n: counters[f.kind] })}</h3>
            <Fields
              rows={[
                [t("factors.description"), f.description],
                [t("factors.internalFactors"), f.internalFactors || t("factors.notStated")],
                [t("factors.externalFactors"), f.externalFactors || t("factors.notStated")],
                [t("factors.affectedComponents"), f.affectedComponents || t("factors.notStated")],
              ]}
            />
          </article>
        );
      })}
    </section>
  );
}

function ChangesPart({ report }: { report: Report }) {
  const { t, lng } = useReportT();
  return (
    <section className="report-part" aria-labelledby="part-changes">
      <h2 id="part-changes">{t("parts.changes")}</h2>
      <p>{t("changes.intro", { date: formatDay(report.changeWindowEnd, lng) })}</p>
      {report.changes.length === 0 ? (
        <p>{t("changes.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t("changes.caption", { year: report.plan.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("changes.component")}</th>
                <th scope="col" className="report-wide">
                  {t("changes.description")}
                </th>
                <th scope="col" className="report-wide">
                  {t("changes.justification")}
                </th>
                <th scope="col">{t("changes.approvedAt")}</th>
                <th scope="col">{t("changes.acta")}</th>
                <th scope="col">{t("changes.window")}</th>
              </tr>
            </thead>
            <tbody>
              {report.changes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{t(`plan:changes.components.${c.component}`)}</th>
                  <td className="report-text">{c.description}</td>
                  <td className="report-text">{c.justification}</td>
                  <td>{formatDay(c.approvedAt, lng)}</td>
                  <td>{c.actaReference || "—"}</td>
                  <td className={c.outsideWindow ? "report-flag" : undefined}>{changeWindowText(t, c.outsideWindow, report.changeWindowEnd, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function ImplementationReportPage() {
  const { t, lng } = useReportT();
  const { report } = useLoaderData<typeof loader>();
  const { plan, pcpa } = report;
  return (
    <div className="report">
      <h1>{t("titleYear", { year: plan.year })}</h1>
      <p className="report-subtitle">{t("subtitle")}</p>
      <Fields
        rows={[
          [t("header.institution"), report.institution.name],
          [t("header.plan"), plan.title],
          [t("header.year"), String(plan.year)],
          [t("header.generatedAt"), formatGeneratedAt(report.generatedAt, lng)],
        ]}
      />
      <Actions year={plan.year} />
      <p>{t("intro")}</p>

      <section aria-labelledby="report-summary">
        <h2 id="report-summary">{t("summary.heading")}</h2>
        <h3>{t("summary.generalObjective")}</h3>
        <p className="report-text">{plan.generalObjective}</p>
        <h3>{t("summary.specificObjectives")}</h3>
        <ol>
          {plan.specificObjectives.map((o, i) => (
            <li key={i}>{o}</li>
          ))}
        </ol>
        <h3>{t("summary.pcpa")}</h3>
        <p>
          {pcpa.value === null
            ? t("summary.pcpaNone")
            : t("summary.pcpaValue", { value: formatNumber(pcpa.value, lng), executed: pcpa.executed, programmed: pcpa.programmed })}
        </p>
      </section>

      <ActivitiesPart report={report} />
      <IndicatorsPart report={report} />
      <FactorsPart report={report} />
      <ChangesPart report={report} />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("report");
  if (isRouteErrorResponse(error) && (error.data as ReportError | null)?.reason) {
    const data = error.data as ReportError;
    const [title, body] =
      data.reason === "badYear"
        ? [t("errors.badYearTitle"), t("errors.badYear")]
        : [t("errors.noPlanTitle"), data.year === null ? t("errors.noPlanAtAll") : t("errors.noPlan", { year: data.year })];
    return (
      <div className="error-page">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <Link to="/comite/plan">{t("errors.goToPlan")}</Link>
        </p>
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}
