// The satisfaction results (/satisfaccion, COMMITTEE, OIRS_OFFICER and ADMIN): for a period and
// filters in the URL (a plain GET form, works without JavaScript), the main question's figures
// (n, ISU with its 95 % Wilson interval, net satisfaction, mean, 1–7 distribution, response rate),
// the monthly trend, breakdowns by channel, office, area, trámite and official, the figures per
// question, the comments, and CSV/XLSX exports with the same filters. Every figure comes from SQL
// aggregates (domain/surveys/results.server.ts). A bad parameter is ignored, explained, and answered
// with status 400.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/FilterSelect";
import { requirePermission } from "~/domain/auth/guard.server";
import { paginationWindow } from "~/domain/cases/inbox";
import {
  GROUP_BYS,
  MAX_PERIOD_YEARS,
  RESULT_CHANNELS,
  RESULT_KINDS,
  activeFilterCount,
  monthLabel,
  parseResultFilters,
  resultsQuery,
  type ResultFilterError,
  type ResultFilters,
} from "~/domain/surveys/results";
import { getSatisfactionResults, type BreakdownGroup, type GroupFigures } from "~/domain/surveys/results.server";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Resultados de satisfacción · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "surveys:results");
  const { filters, errors } = parseResultFilters(new URL(request.url).searchParams);
  const [lng, t] = await Promise.all([getLanguage(request), getFixedT(request, "results")]);
  const results = await getSatisfactionResults({ institutionId: user.institutionId, filters, lng });
  return json(
    { metaTitle: t("metaTitle"), filters, errors, results },
    { status: errors.length > 0 ? 400 : 200, headers: { "Cache-Control": "private, no-store" } },
  );
}

const PATH = "/satisfaccion";

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Figures = Omit<GroupFigures, never>;

// ---------------------------------------------------------------------------------------------
// Formatting

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function useFormat() {
  const { t, i18n } = useTranslation("results");
  const locale = i18n.language === "en" ? "en-GB" : "es-CL";
  const number = (value: number, digits = 0) => {
    const key = `${locale}:${digits}`;
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      numberFormats.set(key, format);
    }
    return format.format(value);
  };
  const date = (value: string | Date, withTime = false) => {
    const key = `${locale}:${withTime}`;
    let format = dateFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "short",
        year: "numeric",
        ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
        timeZone: withTime ? "America/Santiago" : "UTC",
      });
      dateFormats.set(key, format);
    }
    // A local date "YYYY-MM-DD" is shown as that calendar day; an instant in Chile's time.
    return format.format(typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value));
  };
  const noData = t("summary.noData");
  return {
    number,
    date,
    /** "72,4 %", or "Sin datos" for null. */
    pct: (value: number | null | undefined) => (value === null || value === undefined ? noData : `${number(value, 1)}\u00a0%`),
    mean: (value: number | null | undefined) => (value === null || value === undefined ? noData : number(value, 2)),
    net: (value: number | null | undefined) => (value === null || value === undefined ? noData : `${value > 0 ? "+" : ""}${number(value, 1)}`),
    interval: (value: [number, number] | null | undefined) =>
      value ? `${number(value[0], 1)} – ${number(value[1], 1)}\u00a0%` : noData,
    month: (month: string) => monthLabel(month, i18n.language),
  };
}

// ---------------------------------------------------------------------------------------------
// Filters

function FilterForm({ data }: { data: Data }) {
  const { t, i18n } = useTranslation("results");
  const { filters, results } = data;
  const { facets } = results;
  const named = (rows: Array<{ id: string; name: string; active: boolean }>) =>
    rows.map((r) => ({ value: r.id, label: r.active ? r.name : t("filters.inactive", { name: r.name }) }));
  const count = activeFilterCount(filters);
  const navigate = useNavigate();
  // With JavaScript, submit a short query (no empty fields); without it, the plain GET form does
  // the same job with a longer URL.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string" && value.trim() !== "") params.append(name, value);
    navigate(`${PATH}?${params.toString()}`);
  };
  return (
    <Form method="get" action={PATH} className="inbox-filters" key={resultsQuery(filters)} aria-labelledby="results-filters-title" onSubmit={onSubmit}>
      <h2 id="results-filters-title">{t("filters.title")}</h2>
      {count > 0 ? <p className="inbox-filter-count">{t("filters.active", { count })}</p> : null}
      <p className="hint" id="results-period-hint">
        {t("filters.periodHint")}
      </p>
      <div className="inbox-filter-grid">
        <div className="field">
          <label htmlFor="r-from">{t("filters.from")}</label>
          <input id="r-from" type="date" name="from" defaultValue={filters.from} aria-describedby="results-period-hint" required />
        </div>
        <div className="field">
          <label htmlFor="r-to">{t("filters.to")}</label>
          <input id="r-to" type="date" name="to" defaultValue={filters.to} aria-describedby="results-period-hint" required />
        </div>
        <FilterSelect id="r-channel" name="channel" label={t("filters.channel")} value={filters.channel} anyLabel={t("filters.any")}
          options={RESULT_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        <FilterSelect id="r-kind" name="kind" label={t("filters.kind")} value={filters.kind} anyLabel={t("filters.any")}
          options={RESULT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <FilterSelect id="r-office" name="officeId" label={t("filters.officeId")} value={filters.officeId} anyLabel={t("filters.anyFem")} options={named(facets.offices)} />
        <FilterSelect id="r-area" name="areaId" label={t("filters.areaId")} value={filters.areaId} anyLabel={t("filters.anyFem")} options={named(facets.areas)} />
        <FilterSelect id="r-tramite" name="tramiteId" label={t("filters.tramiteId")} value={filters.tramiteId} anyLabel={t("filters.any")} options={named(facets.tramites)} />
        <FilterSelect id="r-official" name="officialId" label={t("filters.officialId")} value={filters.officialId} anyLabel={t("filters.any")} options={named(facets.officials)} />
        <FilterSelect id="r-template" name="template" label={t("filters.template")} value={filters.template} anyLabel={t("filters.anyFem")}
          options={facets.templates.map((tpl) => ({ value: tpl.key, label: `${i18n.language === "en" ? tpl.title.en : tpl.title.es} (${tpl.key})` }))} />
        <FilterSelect id="r-groupby" name="groupBy" label={t("filters.groupBy")} value={filters.groupBy} anyLabel={t("filters.allBreakdowns")}
          options={GROUP_BYS.map((g) => ({ value: g, label: t(`groupByOption.${g}`) }))} />
      </div>
      <div className="button-row">
        <button type="submit" className="button">
          {t("filters.submit")}
        </button>
        <Link to={PATH} className="button secondary">
          {t("filters.clear")}
        </Link>
      </div>
    </Form>
  );
}

function FilterErrors({ errors }: { errors: ResultFilterError[] }) {
  const { t } = useTranslation("results");
  if (errors.length === 0) return null;
  const text = (e: ResultFilterError) => {
    switch (e.code) {
      case "invalid":
        return t("errors.invalid", { field: t(`filters.${e.field}`) });
      case "swappedDates":
        return t("errors.swappedDates");
      case "periodTooLong":
        return t("errors.periodTooLong", { years: MAX_PERIOD_YEARS });
      default:
        return t("errors.invalid", { field: e.field });
    }
  };
  return (
    <div className="notice warning" role="status" aria-labelledby="results-errors-title">
      <h2 id="results-errors-title" className="notice-title">
        {t("errors.title")}
      </h2>
      <ul className="inbox-notices">
        {errors.map((e, i) => (
          <li key={i}>{text(e)}</li>
        ))}
      </ul>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Figures

function SmallSample({ figures }: { figures: Pick<Figures, "n" | "smallSample"> }) {
  const { t } = useTranslation("results");
  if (!figures.smallSample || figures.n === 0) return null;
  return <span className="badge">{t("summary.smallSample")}</span>;
}

function Card({ title, value, children }: { title: string; value: string; children?: ReactNode }) {
  return (
    <li className="card">
      <h3>{title}</h3>
      <p className="stat">{value}</p>
      {children}
    </li>
  );
}

function Summary({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const f = useFormat();
  const { overall, mainQuestion } = data.results;
  return (
    <section aria-labelledby="results-summary-title">
      <h2 id="results-summary-title">{t("summary.title")}</h2>
      {mainQuestion ? <p>{t("summary.question", { question: mainQuestion })}</p> : null}
      {overall.n === 0 ? <p className="notice">{t("summary.noResponses")}</p> : null}
      <ul className="cards">
        <Card title={t("summary.n")} value={f.number(overall.n)}>
          <SmallSample figures={overall} />
        </Card>
        <Card title={t("summary.isu")} value={f.pct(overall.isu)}>
          <p className="hint">{t("summary.isuHint")}</p>
          {overall.isuInterval ? <p>{t("summary.interval", { low: f.number(overall.isuInterval[0], 1), high: f.number(overall.isuInterval[1], 1) })}</p> : null}
        </Card>
        <Card title={t("summary.net")} value={f.net(overall.net)}>
          <p className="hint">{t("summary.netHint")}</p>
        </Card>
        <Card title={t("summary.mean")} value={f.mean(overall.mean)}>
          <p className="hint">{t("summary.meanHint")}</p>
        </Card>
        <Card title={t("summary.responseRate")} value={f.pct(overall.responseRate)}>
          <p className="hint">
            {overall.invitations > 0
              ? t("summary.responseRateDetail", { answered: f.number(overall.answeredInvitations), sent: f.number(overall.invitations) })
              : t("summary.noInvitations")}
          </p>
        </Card>
      </ul>
      <Distribution data={data} />
    </section>
  );
}

const BAR_COLOURS = { positive: "#1d6b36", neutral: "#4a4a4a", negative: "#b3261e" } as const;

function scoreGroup(score: number): keyof typeof BAR_COLOURS {
  return score >= 6 ? "positive" : score <= 4 ? "negative" : "neutral";
}

/** A horizontal bar beside a percentage that is always written out: the bar only repeats it. */
function Bar({ percent, group }: { percent: number | null; group: keyof typeof BAR_COLOURS }) {
  return (
    <span aria-hidden="true" style={{ display: "block", width: "10rem", maxWidth: "100%", height: "1rem", background: "#e1e5ea", border: "1px solid #6b6b6b" }}>
      <span style={{ display: "block", height: "100%", width: `${Math.max(0, Math.min(100, percent ?? 0))}%`, background: BAR_COLOURS[group] }} />
    </span>
  );
}

function Distribution({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const f = useFormat();
  const rows = [...data.results.overall.distribution].reverse();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("distribution.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("distribution.score")}</th>
            <th scope="col">{t("distribution.group")}</th>
            <th scope="col">{t("distribution.count")}</th>
            <th scope="col">{t("distribution.percent")}</th>
            <th scope="col">{t("distribution.bar")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.score}>
              <th scope="row">{row.score}</th>
              <td>{t(`distribution.${scoreGroup(row.score)}`)}</td>
              <td>{f.number(row.count)}</td>
              <td>{f.pct(row.percent)}</td>
              <td>
                <Bar percent={row.percent} group={scoreGroup(row.score)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FigureCells({ figures }: { figures: Figures }) {
  const f = useFormat();
  return (
    <>
      <td>{f.number(figures.n)}</td>
      <td>{f.pct(figures.isu)}</td>
      <td>{f.interval(figures.isuInterval)}</td>
      <td>{f.net(figures.net)}</td>
      <td>{f.mean(figures.mean)}</td>
      <td>{f.pct(figures.responseRate)}</td>
      <td>
        <SmallSample figures={figures} />
      </td>
    </>
  );
}

function FigureHeaders() {
  const { t } = useTranslation("results");
  return (
    <>
      <th scope="col">{t("columns.n")}</th>
      <th scope="col">{t("columns.isu")}</th>
      <th scope="col">{t("columns.interval")}</th>
      <th scope="col">{t("columns.net")}</th>
      <th scope="col">{t("columns.mean")}</th>
      <th scope="col">{t("columns.responseRate")}</th>
      <th scope="col">{t("breakdown.flag")}</th>
    </>
  );
}

function Trend({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const f = useFormat();
  return (
    <section aria-labelledby="results-trend-title">
      <h2 id="results-trend-title">{t("trend.title")}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t("trend.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("trend.month")}</th>
              <FigureHeaders />
            </tr>
          </thead>
          <tbody>
            {data.results.trend.map((row) => (
              <tr key={row.month}>
                <th scope="row">{f.month(row.month)}</th>
                <FigureCells figures={row} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Breakdowns({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const label = (by: string, g: BreakdownGroup) => {
    if (g.key === null) return t(`none.${by}`);
    if (by === "channel") return t(`channel.${g.key}`);
    return g.name ?? g.key;
  };
  return (
    <section aria-labelledby="results-breakdown-title">
      <h2 id="results-breakdown-title">{t("breakdown.title")}</h2>
      {data.results.breakdowns.map((b) => (
        <div className="table-wrap" key={b.by}>
          <table>
            <caption>{t("breakdown.caption", { by: t(`by.${b.by}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("breakdown.group")}</th>
                <FigureHeaders />
              </tr>
            </thead>
            <tbody>
              {b.groups.length === 0 ? (
                <tr>
                  <td colSpan={8}>{t("breakdown.none")}</td>
                </tr>
              ) : (
                b.groups.map((g) => (
                  <tr key={g.key ?? "none"}>
                    <th scope="row">{label(b.by, g as BreakdownGroup)}</th>
                    <FigureCells figures={g} />
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

function Questions({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const f = useFormat();
  const templates = data.results.questions;
  return (
    <section aria-labelledby="results-questions-title">
      <h2 id="results-questions-title">{t("questions.title")}</h2>
      {templates.length === 0 ? <p className="notice">{t("questions.none")}</p> : null}
      {templates.map((tpl) => {
        const scales = tpl.questions.filter((q) => q.scale);
        const choices = tpl.questions.filter((q) => q.options);
        return (
          <div key={tpl.key}>
            <h3>{t("questions.template", { title: tpl.title, key: tpl.key })}</h3>
            <p className="hint">{t("questions.versions", { count: tpl.versions.length, list: tpl.versions.join(", ") })}</p>
            {scales.length > 0 ? (
              <div className="table-wrap">
                <table>
                  <caption>{t("questions.scaleCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("questions.question")}</th>
                      <th scope="col">{t("columns.n")}</th>
                      <th scope="col">{t("columns.mean")}</th>
                      <th scope="col">{t("questions.positive")}</th>
                      <th scope="col">{t("questions.negative")}</th>
                      <th scope="col">{t("columns.interval")}</th>
                      <th scope="col">{t("columns.net")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {scales.map((q) => (
                      <tr key={q.key}>
                        <th scope="row">
                          {q.label}
                          {q.main ? <> ({t("questions.main")})</> : null}
                        </th>
                        <td>{f.number(q.n)}</td>
                        <td>{f.mean(q.scale!.mean)}</td>
                        <td>{f.pct(q.scale!.isu)}</td>
                        <td>{f.pct(q.scale!.negativePercent)}</td>
                        <td>{f.interval(q.scale!.isuInterval)}</td>
                        <td>{f.net(q.scale!.net)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {choices.map((q) => (
              <div className="table-wrap" key={q.key}>
                <table>
                  <caption>{t("questions.optionsCaption", { question: q.label })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("questions.option")}</th>
                      <th scope="col">{t("questions.count")}</th>
                      <th scope="col">{t("questions.percent")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.options!.map((o) => (
                      <tr key={o.value}>
                        <th scope="row">{o.label ?? (q.type === "yes_partly_no" ? t(`answers.${o.value}`, { defaultValue: o.value }) : o.value)}</th>
                        <td>{f.number(o.count)}</td>
                        <td>{f.pct(o.percent)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="hint">
                  {t("questions.answered", { count: q.n, formatted: f.number(q.n) })}
                  {q.type === "multiple" ? <> {t("questions.multipleNote")}</> : null}
                </p>
              </div>
            ))}
          </div>
        );
      })}
    </section>
  );
}

function Comments({ data }: { data: Data }) {
  const { t } = useTranslation("results");
  const f = useFormat();
  const { comments } = data.results;
  const href = (page: number) => `${PATH}${resultsQuery(data.filters, { page })}#results-comments-title`;
  return (
    <section aria-labelledby="results-comments-title">
      <h2 id="results-comments-title">
        {t("comments.title")} <span className="inbox-range">({t("comments.count", { count: comments.total })})</span>
      </h2>
      <p className="hint">{t("comments.staffOnly")}</p>
      {comments.rows.length === 0 ? (
        <p className="notice">{t("comments.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("comments.caption", { page: comments.page, pages: comments.pageCount })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("comments.date")}</th>
                <th scope="col">{t("comments.channel")}</th>
                <th scope="col">{t("comments.office")}</th>
                <th scope="col">{t("comments.score")}</th>
                <th scope="col">{t("comments.comment")}</th>
              </tr>
            </thead>
            <tbody>
              {comments.rows.map((c) => (
                <tr key={c.id}>
                  <td>{f.date(c.createdAt, true)}</td>
                  <td>{t(`channel.${c.channel}`)}</td>
                  <td>{c.office ?? t("none.office")}</td>
                  <td>{c.score ?? "—"}</td>
                  <td style={{ whiteSpace: "pre-line" }}>{c.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {comments.pageCount > 1 ? (
        <nav className="pagination" aria-label={t("pagination.label")}>
          <ul>
            {comments.page > 1 ? (
              <li>
                <Link to={href(comments.page - 1)} rel="prev">
                  {t("pagination.previous")}
                </Link>
              </li>
            ) : null}
            {paginationWindow(comments.page, comments.pageCount).map((page, i) =>
              page === null ? (
                <li key={`gap-${i}`} aria-hidden="true" className="pagination-gap">
                  …
                </li>
              ) : (
                <li key={page}>
                  <Link to={href(page)} aria-current={page === comments.page ? "page" : undefined} aria-label={t("pagination.page", { page })}>
                    {page}
                  </Link>
                </li>
              ),
            )}
            {comments.page < comments.pageCount ? (
              <li>
                <Link to={href(comments.page + 1)} rel="next">
                  {t("pagination.next")}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}

function Definitions() {
  const { t } = useTranslation("results");
  return (
    <section aria-labelledby="results-definitions-title">
      <h2 id="results-definitions-title">{t("definitions.title")}</h2>
      <ul>
        {(["isu", "net", "interval", "responseRate", "smallSample", "noData"] as const).map((k) => (
          <li key={k}>{t(`definitions.${k}`)}</li>
        ))}
      </ul>
    </section>
  );
}

export default function SatisfactionResults() {
  const { t } = useTranslation("results");
  const f = useFormat();
  const data = useLoaderData<typeof loader>();
  const exportQuery = resultsQuery(data.filters, { page: 1 });
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("lead")}</p>
      <p>
        <strong>{t("period", { from: f.date(data.results.period.from), to: f.date(data.results.period.to) })}</strong>
      </p>
      <FilterErrors errors={data.errors} />
      <FilterForm data={data} />
      <Summary data={data} />
      <Definitions />
      <Trend data={data} />
      <Breakdowns data={data} />
      <Questions data={data} />
      <Comments data={data} />
      <section aria-labelledby="results-export-title" className="inbox-export">
        <h2 id="results-export-title">{t("export.title")}</h2>
        <ul className="button-row">
          <li>
            <a href={`${PATH}/exportar.csv${exportQuery}`} className="button secondary small" download>
              {t("export.csv")}
            </a>
          </li>
          <li>
            <a href={`${PATH}/exportar.xlsx${exportQuery}`} className="button secondary small" download>
              {t("export.xlsx")}
            </a>
          </li>
        </ul>
        <p className="hint">{t("export.hint")}</p>
      </section>
    </>
  );
}
