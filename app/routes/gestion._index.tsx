// The staff inbox (/gestion): every case the user may see, filtered by a plain GET form (works
// without JavaScript), most urgent first, paginated; exports carry the same filters.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate } from "@remix-run/react";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/domain/auth/guard.server";
import { can } from "~/domain/auth/permissions";
import {
  DEADLINE_FILTERS,
  INBOX_CHANNELS,
  INBOX_KINDS,
  INBOX_SORTS,
  INBOX_STATUSES,
  PAGE_SIZES,
  Q_MAX,
  SORT_DIRECTIONS,
  UNASSIGNED,
  activeFilterCount,
  inboxQuery,
  isAllStatuses,
  isDefaultStatuses,
  paginationWindow,
  parseInboxFilters,
  type InboxFilters,
  type RowDeadline,
} from "~/domain/cases/inbox";
import { listInbox, listInboxFacets } from "~/domain/cases/inbox.server";
import { getFixedT } from "~/i18n/i18n.server";
import { useShortDate } from "~/components/useShortDate";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Bandeja de casos · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases:inbox");
  const { filters, notices } = parseInboxFilters(new URL(request.url).searchParams);
  const [result, facets, t] = await Promise.all([listInbox({ user, filters }), listInboxFacets({ user }), getFixedT(request, "inbox")]);
  return json(
    {
      metaTitle: t("metaTitle"),
      filters,
      notices,
      result,
      facets,
      hasArea: Boolean(user.areaId),
      canRegister: can(user.role, "cases:register"),
      canManagePersonalData: can(user.role, "personal-data:manage"),
      exportsPersonalData: can(user.role, "cases:export-personal"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const INBOX_PATH = "/gestion";

function statusValue(status: readonly string[]): string {
  if (isDefaultStatuses(status)) return "";
  if (isAllStatuses(status)) return "all";
  return status.join(",");
}

function DeadlineBadge({ deadline, dueAt }: { deadline: RowDeadline; dueAt: string }) {
  const { t } = useTranslation("inbox");
  const shortDate = useShortDate();
  const label = (() => {
    switch (deadline.state) {
      case "closed":
      case "paused":
      case "today":
        return t(`deadline.${deadline.state}`);
      default:
        return t(`deadline.${deadline.state}`, { count: deadline.businessDays });
    }
  })();
  return (
    <>
      <span className={`deadline deadline-${deadline.state}`}>
        <span className="deadline-icon" aria-hidden="true" />
        {label}
      </span>
      {deadline.state !== "closed" ? (
        <span className="deadline-date">
          {t("deadline.dueOn", { date: shortDate(dueAt) })}
        </span>
      ) : null}
    </>
  );
}

function Select(props: {
  id: string;
  name: keyof InboxFilters;
  label: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  anyLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ""}>
        {props.anyLabel !== undefined ? <option value="">{props.anyLabel}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterForm() {
  const { t } = useTranslation("inbox");
  const { filters, facets } = useLoaderData<typeof loader>();
  const named = (rows: Array<{ id: string; name: string; active: boolean }>) =>
    rows.map((r) => ({ value: r.id, label: r.active ? r.name : t("filters.inactive", { name: r.name }) }));
  const status = statusValue(filters.status);
  const statusOptions = [
    { value: "all", label: t("filters.statusAll") },
    ...INBOX_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
  ];
  if (status.includes(",")) statusOptions.unshift({ value: status, label: t("filters.statusCustom", { count: filters.status.length }) });
  const count = activeFilterCount(filters);
  const navigate = useNavigate();
  // With JavaScript, submit a short query (no empty fields or defaults); without it, the plain
  // GET form does the same job with a longer URL.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string") params.append(name, value);
    navigate(`${INBOX_PATH}${inboxQuery({ ...parseInboxFilters(params).filters, page: 1 })}`);
  };
  // Remount the form when the query changes, so defaultValues follow a navigation.
  const formKey = inboxQuery(filters);
  return (
    <Form method="get" action={INBOX_PATH} className="inbox-filters" key={formKey} aria-labelledby="inbox-filters-title" onSubmit={onSubmit}>
      <h2 id="inbox-filters-title">{t("filters.title")}</h2>
      {count > 0 ? <p className="inbox-filter-count">{t("filters.active", { count })}</p> : null}
      <div className="field inbox-search">
        <label htmlFor="f-q">{t("filters.q")}</label>
        <span className="hint" id="f-q-hint">
          {t("filters.qHint")}
        </span>
        <input id="f-q" type="search" name="q" defaultValue={filters.q ?? ""} maxLength={Q_MAX} aria-describedby="f-q-hint" />
      </div>
      <div className="inbox-filter-grid">
        <Select id="f-kind" name="kind" label={t("filters.kind")} value={filters.kind} anyLabel={t("filters.any")}
          options={INBOX_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <Select id="f-status" name="status" label={t("filters.status")} value={status} anyLabel={t("filters.statusOpen")} options={statusOptions} />
        <Select id="f-channel" name="channel" label={t("filters.channel")} value={filters.channel} anyLabel={t("filters.any")}
          options={INBOX_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        {facets.areaScoped ? null : (
          <Select id="f-area" name="area" label={t("filters.area")} value={filters.area} anyLabel={t("filters.anyFem")}
            options={[{ value: UNASSIGNED, label: t("noAreaValue") }, ...named(facets.areas)]} />
        )}
        <Select id="f-assignee" name="assignee" label={t("filters.assignee")} value={filters.assignee} anyLabel={t("filters.any")}
          options={[{ value: UNASSIGNED, label: t("filters.unassigned") }, ...named(facets.assignees)]} />
        <Select id="f-tramite" name="tramite" label={t("filters.tramite")} value={filters.tramite} anyLabel={t("filters.any")} options={named(facets.tramites)} />
        <Select id="f-office" name="office" label={t("filters.office")} value={filters.office} anyLabel={t("filters.anyFem")} options={named(facets.offices)} />
        <Select id="f-deadline" name="deadline" label={t("filters.deadline")} value={filters.deadline} anyLabel={t("filters.any")}
          options={DEADLINE_FILTERS.map((d) => ({ value: d, label: t(`filters.deadlineOptions.${d}`) }))} />
        <div className="field">
          <label htmlFor="f-from">{t("filters.from")}</label>
          <input id="f-from" type="date" name="from" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t("filters.to")}</label>
          <input id="f-to" type="date" name="to" defaultValue={filters.to ?? ""} />
        </div>
        <Select id="f-sort" name="sort" label={t("filters.sort")} value={filters.sort}
          options={INBOX_SORTS.map((s) => ({ value: s, label: t(`filters.sortOptions.${s}`) }))} />
        <Select id="f-dir" name="dir" label={t("filters.dir")} value={filters.dir}
          options={SORT_DIRECTIONS.map((d) => ({ value: d, label: t(`filters.dirOptions.${d}`) }))} />
        <Select id="f-size" name="size" label={t("filters.size")} value={String(filters.size)}
          options={[...new Set<number>([...PAGE_SIZES, filters.size])].sort((a, b) => a - b).map((s) => ({ value: String(s), label: String(s) }))} />
      </div>
      <div className="button-row">
        <button type="submit" className="button">
          {t("filters.submit")}
        </button>
        <Link to={INBOX_PATH} className="button secondary">
          {t("filters.clear")}
        </Link>
      </div>
    </Form>
  );
}

function Pagination() {
  const { t } = useTranslation("inbox");
  const { filters, result } = useLoaderData<typeof loader>();
  if (result.pageCount <= 1) return null;
  const href = (page: number) => `${INBOX_PATH}${inboxQuery(filters, { page })}`;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      <ul>
        {result.page > 1 ? (
          <li>
            <Link to={href(result.page - 1)} rel="prev">
              {t("pagination.previous")}
            </Link>
          </li>
        ) : null}
        {paginationWindow(result.page, result.pageCount).map((page, i) =>
          page === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="pagination-gap">
              …
            </li>
          ) : (
            <li key={page}>
              <Link
                to={href(page)}
                aria-current={page === result.page ? "page" : undefined}
                aria-label={t("pagination.page", { page })}
              >
                {page}
              </Link>
            </li>
          ),
        )}
        {result.page < result.pageCount ? (
          <li>
            <Link to={href(result.page + 1)} rel="next">
              {t("pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export default function Inbox() {
  const { t } = useTranslation("inbox");
  const data = useLoaderData<typeof loader>();
  const { filters, result, facets } = data;
  const exportQuery = inboxQuery(filters, { page: 1 });
  const from = result.total === 0 ? 0 : (result.page - 1) * result.size + 1;
  const to = (result.page - 1) * result.size + result.rows.length;
  const areaName = facets.areaScoped ? facets.areas[0]?.name : undefined;

  return (
    <>
      <div className="page-header">
        <h1>{t("title")}</h1>
        {data.canRegister || data.canManagePersonalData ? (
          <div className="button-row">
            {data.canManagePersonalData ? (
              <Link to="/gestion/datos-personales" className="button secondary">
                {t("personalData")}
              </Link>
            ) : null}
            {data.canRegister ? (
              <Link to="/gestion/registrar" className="button">
                {t("register")}
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <p>{areaName ? t("leadArea", { area: areaName }) : t("lead")}</p>
      {facets.areaScoped && !data.hasArea ? <p className="notice warning">{t("noArea")}</p> : null}
      {data.notices.length > 0 || result.pageClamped ? (
        <div className="notice warning" role="status">
          <ul className="inbox-notices">
            {data.notices.map((n, i) => (
              <li key={i}>{n.code === "invalid" ? t("notices.invalid", { field: t(`filters.${n.field}`) }) : t("notices.swappedDates")}</li>
            ))}
            {result.pageClamped ? <li>{t("notices.pageClamped", { page: result.page })}</li> : null}
          </ul>
        </div>
      ) : null}

      <FilterForm />

      <section aria-labelledby="inbox-results-title" className="inbox-results">
        <div className="inbox-results-header">
          <h2 id="inbox-results-title" aria-live="polite">
            {result.totalCapped ? t("results.countCapped", { count: result.countCap }) : t("results.count", { count: result.total })}
          </h2>
          {result.total > 0 ? <p className="inbox-range">{t("results.range", { from, to })}</p> : null}
          <div className="inbox-export">
            <ul className="button-row">
              <li>
                <a href={`/gestion/exportar.csv${exportQuery}`} className="button secondary small" download>
                  {t("export.csv")}
                </a>
              </li>
              <li>
                <a href={`/gestion/exportar.xlsx${exportQuery}`} className="button secondary small" download>
                  {t("export.xlsx")}
                </a>
              </li>
            </ul>
            <p className="hint">
              {t("export.hint")} {data.exportsPersonalData ? t("export.personal") : null}
            </p>
          </div>
        </div>

        {result.rows.length === 0 ? (
          <p className="notice">{t("results.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="inbox-table">
              <caption>
                {t("results.caption", {
                  sort: t(`filters.sortOptions.${filters.sort}`).toLowerCase(),
                  dir: filters.dir === "asc" ? t("results.dirAsc") : t("results.dirDesc"),
                  page: result.page,
                  pages: result.pageCount,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("columns.folio")}</th>
                  <th scope="col">{t("columns.kind")}</th>
                  <th scope="col">{t("columns.subject")}</th>
                  <th scope="col">{t("columns.channel")}</th>
                  <th scope="col">{t("columns.area")}</th>
                  <th scope="col">{t("columns.assignee")}</th>
                  <th scope="col">{t("columns.status")}</th>
                  <th scope="col">{t("columns.deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row" className="inbox-folio">
                      <Link to={`/gestion/casos/${row.id}`}>{row.folio}</Link>
                    </th>
                    <td>{t(`kind.${row.kind}`)}</td>
                    <td className="inbox-subject">{row.subject}</td>
                    <td>{t(`channel.${row.channel}`)}</td>
                    <td>{row.areaName ?? t("noAreaValue")}</td>
                    <td>{row.assigneeName ?? t("unassigned")}</td>
                    <td>{t(`status.${row.status}`)}</td>
                    <td className="inbox-deadline">
                      <DeadlineBadge deadline={row.deadline} dueAt={row.dueAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result.totalCapped && result.page === result.pageCount ? <p className="notice">{t("notices.capped", { cap: result.countCap })}</p> : null}
        <Pagination />
      </section>
    </>
  );
}
