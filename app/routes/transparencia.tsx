// The public transparency page (/transparencia, no sign-in): for one year (?anio=YYYY, default the
// current year in Chile), per month, the cases received by kind and by channel, % answered within
// the legal deadline, mean business days to answer and the ISU with its n — with small figures
// withheld (domain/transparency/transparency.ts) — a data dictionary and the CSV link. The year
// selector is a plain GET form. A bad year is explained, the current year shown, and the answer
// is 400.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { getCurrentInstitution } from "~/domain/institution/institution.server";
import { getTransparencyReport } from "~/domain/transparency/monthly.server";
import {
  CSV_COLUMNS,
  FIRST_YEAR,
  TRANSPARENCY_CHANNELS,
  TRANSPARENCY_KINDS,
  currentLocalMonth,
  currentLocalYear,
  parseYear,
  type CountCell,
  type PublishedMonth,
  type RatioCell,
} from "~/domain/transparency/transparency";
import { getFixedT } from "~/i18n/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Estadísticas públicas · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date();
  const t = await getFixedT(request, "transparency");
  const institution = await getCurrentInstitution();
  if (!institution) throw json({ message: t("errors.noInstitution") }, { status: 404 });
  const { year, error } = parseYear(new URL(request.url).searchParams.get("anio"), now);
  const report = await getTransparencyReport({ institutionId: institution.id, year, now });
  return json(
    {
      metaTitle: t("metaTitle"),
      institution: institution.name,
      error,
      currentYear: currentLocalYear(now),
      currentMonth: currentLocalMonth(now),
      report,
    },
    { status: error ? 400 : 200 },
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const numberFormats = new Map<string, Intl.NumberFormat>();

function useFormat() {
  const { t, i18n } = useTranslation("transparency");
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
  const monthName = (month: string) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    const name = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  };
  return { t, number, monthName };
}

/** "—" for a withheld figure, with words for screen readers. */
function Withheld() {
  const { t } = useTranslation("transparency");
  return (
    <>
      <span aria-hidden="true">{t("suppressed")}</span>
      <span className="visually-hidden">{t("suppressedSr")}</span>
    </>
  );
}

function Count({ cell }: { cell: CountCell }) {
  const { number } = useFormat();
  return cell.suppressed || cell.value === null ? <Withheld /> : <>{number(cell.value)}</>;
}

function Ratio({ cell, unit }: { cell: RatioCell; unit: "percent" | "days" }) {
  const { t, number } = useFormat();
  if (cell.suppressed) return <Withheld />;
  if (cell.value === null) return <>{t("noData")}</>;
  return <>{unit === "percent" ? `${number(cell.value, 1)}\u00a0%` : number(cell.value, 1)}</>;
}

function N({ cell }: { cell: RatioCell }) {
  const { number } = useFormat();
  return cell.suppressed || cell.n === null ? <Withheld /> : <>{number(cell.n)}</>;
}

function MonthHeader({ month, current }: { month: string; current: string }) {
  const { t, monthName } = useFormat();
  return <th scope="row">{month === current ? t("currentMonth", { month: monthName(month) }) : monthName(month)}</th>;
}

/** A table that scrolls inside its box on narrow screens, reachable and named for keyboard and screen-reader users. */
function ScrollTable({ id, caption, children }: { id: string; caption: string; children: ReactNode }) {
  return (
    <div className="table-wrap stats-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id} className="stats-table">
        <caption id={`${id}-caption`}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

function BreakdownTable<K extends string>(props: {
  id: string;
  title: string;
  caption: string;
  keys: readonly K[];
  label: (key: K) => string;
  cell: (month: PublishedMonth, key: K) => CountCell;
  data: Data;
}) {
  const { t } = useFormat();
  const { report, currentMonth } = props.data;
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <ScrollTable id={props.id} caption={props.caption}>
        <thead>
          <tr>
            <th scope="col">{t("month")}</th>
            {props.keys.map((k) => (
              <th scope="col" key={k} className="num">
                {props.label(k)}
              </th>
            ))}
            <th scope="col" className="num">
              {t("total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.months.map((m) => (
            <tr key={m.month}>
              <MonthHeader month={m.month} current={currentMonth} />
              {props.keys.map((k) => (
                <td key={k} className="num">
                  <Count cell={props.cell(m, k)} />
                </td>
              ))}
              <td className="num">
                <Count cell={m.received} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

function ServiceTable({ data }: { data: Data }) {
  const { t } = useFormat();
  const { report, currentMonth } = data;
  return (
    <section aria-labelledby="service-title">
      <h3 id="service-title">{t("service.title")}</h3>
      <ScrollTable id="service" caption={t("service.caption", { year: report.year })}>
        <thead>
          <tr>
            <th scope="col">{t("month")}</th>
            <th scope="col" className="num">{t("service.onTime")}</th>
            <th scope="col" className="num">{t("service.decided")}</th>
            <th scope="col" className="num">{t("service.meanDays")}</th>
            <th scope="col" className="num">{t("service.answered")}</th>
            <th scope="col" className="num">{t("service.isu")}</th>
            <th scope="col" className="num">{t("service.surveyN")}</th>
          </tr>
        </thead>
        <tbody>
          {report.months.map((m) => (
            <tr key={m.month}>
              <MonthHeader month={m.month} current={currentMonth} />
              <td className="num">
                <Ratio cell={m.onTime} unit="percent" />
              </td>
              <td className="num">
                <N cell={m.onTime} />
              </td>
              <td className="num">
                <Ratio cell={m.meanDays} unit="days" />
              </td>
              <td className="num">
                <N cell={m.meanDays} />
              </td>
              <td className="num">
                <Ratio cell={m.isu} unit="percent" />
              </td>
              <td className="num">
                <N cell={m.isu} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

function YearForm({ data }: { data: Data }) {
  const { t } = useFormat();
  return (
    <Form method="get" action="/transparencia" aria-labelledby="year-title" key={data.report.year}>
      <h2 id="year-title">{t("year.title")}</h2>
      <div className="field">
        <label htmlFor="anio">{t("year.label")}</label>
        <select id="anio" name="anio" defaultValue={String(data.report.year)} className="narrow">
          {data.report.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t("year.submit")}
      </button>
    </Form>
  );
}

function YearError({ data }: { data: Data }) {
  const { t } = useFormat();
  if (!data.error) return null;
  const text =
    data.error === "invalid"
      ? t("errors.invalid", { example: data.currentYear, year: data.report.year })
      : t("errors.outOfRange", { first: FIRST_YEAR, last: data.currentYear, year: data.report.year });
  return (
    <div className="notice warning" role="alert" aria-labelledby="year-error-title">
      <h2 id="year-error-title" className="notice-title">
        {t("errors.title")}
      </h2>
      <p>{text}</p>
    </div>
  );
}

export default function Transparency() {
  const data = useLoaderData<typeof loader>();
  const { t } = useFormat();
  const { report } = data;
  const csvHref = `/transparencia.csv?anio=${report.year}`;
  return (
    <>
      <h1>{t("title")}</h1>
      <YearError data={data} />
      <p className="lead">{t("lead", { institution: data.institution })}</p>
      <p>{t("anonymous")}</p>

      <section aria-labelledby="legal-title">
        <h2 id="legal-title">{t("legal.title")}</h2>
        <p>{t("legal.transparency")}</p>
        <p>{t("legal.deadlines")}</p>
      </section>

      <YearForm data={data} />

      <h2 id="figures-title">{t("year.showing", { year: report.year })}</h2>
      {report.year === data.currentYear ? <p className="notice">{t("year.partial", { year: report.year })}</p> : null}
      <p>
        <a href={csvHref} download>
          {t("download.link", { year: report.year })}
        </a>
      </p>

      <BreakdownTable
        id="kinds"
        title={t("kinds.title")}
        caption={t("kinds.caption", { year: report.year })}
        keys={TRANSPARENCY_KINDS}
        label={(k) => t(`kinds.${k}`)}
        cell={(m, k) => m.byKind[k]}
        data={data}
      />
      <BreakdownTable
        id="channels"
        title={t("channels.title")}
        caption={t("channels.caption", { year: report.year })}
        keys={TRANSPARENCY_CHANNELS}
        label={(k) => t(`channels.${k}`)}
        cell={(m, k) => m.byChannel[k]}
        data={data}
      />
      <ServiceTable data={data} />

      <section aria-labelledby="suppression-title">
        <h2 id="suppression-title">{t("suppression.title")}</h2>
        <p>{t("suppression.count")}</p>
        <p>{t("suppression.ratio")}</p>
        <p>{t("suppression.secondary")}</p>
        <p>{t("suppression.noData")}</p>
      </section>

      <section aria-labelledby="definitions-title">
        <h2 id="definitions-title">{t("definitions.title")}</h2>
        <ul>
          <li>{t("definitions.received")}</li>
          <li>{t("definitions.onTime")}</li>
          <li>{t("definitions.meanDays")}</li>
          <li>{t("definitions.isu")}</li>
        </ul>
        <p>{t("definitions.same")}</p>
      </section>

      <section aria-labelledby="download-title">
        <h2 id="download-title">{t("download.title")}</h2>
        <p>{t("download.text")}</p>
        <p>
          <a href={csvHref} download>
            {t("download.link", { year: report.year })}
          </a>
        </p>
        <h3 id="dictionary-title">{t("dictionary.title")}</h3>
        <ScrollTable id="dictionary" caption={t("dictionary.caption")}>
          <thead>
            <tr>
              <th scope="col">{t("dictionary.column")}</th>
              <th scope="col">{t("dictionary.description")}</th>
            </tr>
          </thead>
          <tbody>
            {CSV_COLUMNS.map((c) => (
              <tr key={c}>
                <th scope="row">
                  <code>{c}</code>
                </th>
                <td>{t(`dictionary.columns.${c}`)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
    </>
  );
}
