import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLongDate } from "~/components/admin/HolidayForm";
import { listHolidays } from "~/domain/admin/holidays.server";
import { HOLIDAY_MAX_YEAR, HOLIDAY_MIN_YEAR, HolidayYearSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { regionName } from "~/domain/geo/regions";
import { nationalHolidays } from "~/domain/sla/calendar";

export const meta: MetaFunction = () => [{ title: "Feriados · Administración · OIRS" }];

/** The current year in Chile. */
function currentYear() {
  return Number(new Intl.DateTimeFormat("en", { timeZone: "America/Santiago", year: "numeric" }).format(new Date()));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const requested = HolidayYearSchema.safeParse(new URL(request.url).searchParams.get("anio") ?? undefined);
  const year = requested.success ? requested.data : currentYear();
  return json({ year, national: nationalHolidays(year), holidays: await listHolidays({ institutionId: user.institutionId, year }) });
}

export default function HolidaysList() {
  const { t } = useTranslation("admin");
  const longDate = useLongDate();
  const { year, national, holidays } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("holidays.yearTitle", { year })}</h1>
        <Link to="nuevo" className="button">
          {t("holidays.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      {params.get("deleted") ? <p className="notice success" role="status">{t("holidays.deleted")}</p> : null}
      <p>{t("holidays.intro")}</p>
      <nav aria-label={t("holidays.yearPicker")}>
        <Form method="get" action="/admin/feriados" className="button-row">
          <label htmlFor="anio">{t("holidays.year")}</label>
          <input id="anio" name="anio" type="number" min={HOLIDAY_MIN_YEAR} max={HOLIDAY_MAX_YEAR} defaultValue={year} key={year} className="narrow" />
          <button type="submit" className="button secondary">
            {t("holidays.show")}
          </button>
          {year > HOLIDAY_MIN_YEAR ? <Link to={`?anio=${year - 1}`}>{t("holidays.previousYear", { year: year - 1 })}</Link> : null}
          {year < HOLIDAY_MAX_YEAR ? <Link to={`?anio=${year + 1}`}>{t("holidays.nextYear", { year: year + 1 })}</Link> : null}
        </Form>
      </nav>

      <section aria-labelledby="institution-holidays">
        <h2 id="institution-holidays">{t("holidays.institution")}</h2>
        <p>{t("holidays.institutionHint")}</p>
        {holidays.length === 0 ? (
          <p>{t("holidays.noneInstitution", { year })}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("holidays.institution")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("holidays.date")}</th>
                  <th scope="col">{t("holidays.name")}</th>
                  <th scope="col">{t("holidays.scope")}</th>
                </tr>
              </thead>
              <tbody>
                {holidays.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <time dateTime={h.date}>{longDate(h.date)}</time>
                    </td>
                    <td>
                      <Link to={h.id}>{h.name}</Link>
                    </td>
                    <td>{h.region ? (regionName(h.region) ?? h.region) : t("holidays.wholeCountry")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="national-holidays">
        <h2 id="national-holidays">{t("holidays.national")}</h2>
        <p>{t("holidays.nationalHint")}</p>
        {national.length === 0 ? (
          <p>{t("holidays.noneNational", { year })}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("holidays.national")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("holidays.date")}</th>
                  <th scope="col">{t("holidays.name")}</th>
                </tr>
              </thead>
              <tbody>
                {national.map((h) => (
                  <tr key={`${h.date}-${h.name}`}>
                    <td>
                      <time dateTime={h.date}>{longDate(h.date)}</time>
                    </td>
                    <td>{h.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
