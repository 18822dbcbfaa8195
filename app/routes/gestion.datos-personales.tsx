// /gestion/datos-personales — a person's rights over their data (Leyes 19.628 y 21.719), for OIRS
// officers and administrators: find the person's cases by RUT or email, download everything
// stored about them (access), correct a case's contact data (rectification), anonymise closed
// cases now (deletion, with a confirmation step and a reason). Every form is a plain POST that
// works without JavaScript; the search travels in the POST body (never in the address, so no RUT
// or email lands in logs, history or referrers) and every answer that shows or changes the
// person's data is written to the audit log by the domain call that produced it.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, TextField, useErrorText } from "~/components/forms";
import { requirePermission } from "~/domain/auth/guard.server";
import { AnonymiseReviewSchema, AnonymiseSchema, RectifySchema, SearchSchema } from "~/domain/privacy/personal-data";
import {
  anonymiseForRequest,
  LIST_LIMIT,
  rectifyContact,
  reviewAnonymisation,
  searchPersonCases,
  type PersonalDataActor,
  type PersonCases,
} from "~/domain/privacy/personal-data.server";
import { getFixedT } from "~/i18n/i18n.server";
import { clientIp, readFormData } from "~/utils/request.server";
import { msg } from "~/utils/validation";
import { useShortDate } from "~/components/useShortDate";

const PATH = "/gestion/datos-personales";
// same-origin, as on the case page (no-referrer would send "Origin: null" with a plain form POST, which Remix refuses).
const NO_STORE = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Datos personales · OIRS" }];
export const headers: HeadersFunction = () => NO_STORE;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "personal-data:manage");
  const t = await getFixedT(request, "personaldata");
  return json({ metaTitle: t("metaTitle") }, { headers: NO_STORE });
}

type Intent = "search" | "rectify" | "review" | "anonymise";
type Notice = { kind: "rectified"; folio: string; stillListed: boolean } | { kind: "anonymised"; folios: string[] };
type ActionData = {
  intent: Intent;
  result?: SubmissionResult<string[]>;
  /** The case whose correction form the result belongs to. */
  caseId?: string;
  /** The search as carried by the results' forms (normalised), and its results. */
  search?: { q: string; reason: string };
  found?: PersonCases;
  review?: { caseIds: string[]; folios: Array<{ id: string; folio: string; kind: string; status: string; receivedAt: string | Date }> };
  notice?: Notice;
};

const reply = (data: ActionData, status = 200) => json<ActionData>(data, { status, headers: NO_STORE });
const searchOf = (found: PersonCases, reason: string) => ({ q: found.query.value, reason });
const openError = (folios: string[]) => msg("personaldata:errors.open", { folios: folios.join(", ") });
/** The confirmation step's list: the selected cases, in the order shown. */
function reviewOf(selected: Array<{ id: string; folio: string; kind: string; status: string; receivedAt: Date }>): NonNullable<ActionData["review"]> {
  const folios = selected.map((c) => ({ id: c.id, folio: c.folio, kind: c.kind, status: c.status, receivedAt: c.receivedAt }));
  return { caseIds: folios.map((c) => c.id), folios };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "personal-data:manage");
  const actor: PersonalDataActor = { institutionId: user.institutionId, id: user.id, name: user.name, ip: clientIp(request) };
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "search") {
    const submission = parseWithZod(formData, { schema: SearchSchema });
    if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
    const { q, reason } = submission.value;
    const found = await searchPersonCases({ actor, query: q, reason });
    return reply({ intent, result: submission.reply(), found, search: searchOf(found, reason) });
  }

  // Every other form carries the search it was shown with; without a valid one it was not ours.
  const search = SearchSchema.safeParse({ q: formData.get("q") ?? undefined, reason: formData.get("reason") ?? undefined });
  if (!search.success) throw new Response("Bad request", { status: 400 });
  const { q: query, reason } = search.data;
  const carried = { q: query.value, reason };

  switch (intent) {
    case "rectify": {
      const submission = parseWithZod(formData, { schema: RectifySchema });
      const caseId = String(formData.get("caseId") ?? "");
      if (submission.status !== "success") {
        const found = await searchPersonCases({ actor, query, reason, step: "rectify-invalid" });
        return reply({ intent, caseId, result: submission.reply(), found, search: carried }, 400);
      }
      const outcome = await rectifyContact({ actor, query, reason, input: submission.value });
      if (outcome.kind === "notFound") throw new Response("Not found", { status: 404 });
      if (outcome.kind === "invalid") {
        return reply({ intent, caseId, result: submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }), found: outcome.found, search: carried }, 400);
      }
      const stillListed = outcome.found.cases.some((c) => c.id === submission.value.caseId);
      return reply({ intent, found: outcome.found, search: carried, notice: { kind: "rectified", folio: outcome.folio, stillListed } });
    }
    case "review": {
      const submission = parseWithZod(formData, { schema: AnonymiseReviewSchema });
      if (submission.status !== "success") {
        const found = await searchPersonCases({ actor, query, reason, step: "anonymise-review-invalid" });
        return reply({ intent, result: submission.reply(), found, search: carried }, 400);
      }
      const outcome = await reviewAnonymisation({ actor, query, reason, caseIds: submission.value.caseIds });
      if (outcome.kind === "notFound") throw new Response("Not found", { status: 404 });
      if (outcome.kind === "open") {
        const result = submission.reply({ fieldErrors: { caseIds: [openError(outcome.open)] } });
        return reply({ intent, result, found: outcome.found, search: carried }, 409);
      }
      return reply({ intent, found: outcome.found, search: carried, review: reviewOf(outcome.selected) });
    }
    case "anonymise": {
      const submission = parseWithZod(formData, { schema: AnonymiseSchema });
      if (submission.status !== "success") {
        // Back to the confirmation step with the problem beside the reason (or the selection).
        const review = await reviewAnonymisation({ actor, query, reason, caseIds: formData.getAll("caseIds").map(String).filter(Boolean) });
        if (review.kind === "notFound") throw new Response("Not found", { status: 404 });
        if (review.kind === "open") {
          const result = submission.reply({ fieldErrors: { caseIds: [openError(review.open)] } });
          return reply({ intent: "review", result, found: review.found, search: carried }, 409);
        }
        return reply({ intent, result: submission.reply(), found: review.found, search: carried, review: reviewOf(review.selected) }, 400);
      }
      const outcome = await anonymiseForRequest({ actor, query, reason, erasureReason: submission.value.erasureReason, caseIds: submission.value.caseIds });
      if (outcome.kind === "notFound") throw new Response("Not found", { status: 404 });
      if (outcome.kind === "open" || outcome.kind === "filesFailed") {
        const message =
          outcome.kind === "open"
            ? openError(outcome.open)
            : msg("personaldata:errors.filesFailed", { folios: outcome.folios.join(", ") });
        return reply(
          { intent: "review", result: submission.reply({ fieldErrors: { caseIds: [message] } }), found: outcome.found, search: carried },
          outcome.kind === "open" ? 409 : 503,
        );
      }
      return reply({ intent, found: outcome.found, search: carried, notice: { kind: "anonymised", folios: outcome.folios } });
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

// ---------------------------------------------------------------------------------------------

/** The search, carried by every form after the first. */
function SearchFields({ search }: { search: { q: string; reason: string } }) {
  return (
    <>
      <input type="hidden" name="q" value={search.q} />
      <input type="hidden" name="reason" value={search.reason} />
    </>
  );
}

function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function SearchForm({ data }: { data: ActionData | undefined }) {
  const { t } = useTranslation("personaldata");
  const [form, fields] = useForm({
    id: "person-search",
    lastResult: data?.intent === "search" ? data.result : undefined,
    defaultValue: data?.search ?? undefined,
    constraint: getZodConstraint(SearchSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SearchSchema }),
  });
  const labels = { q: t("search.q"), reason: t("search.reason") };
  return (
    <section aria-labelledby="search-heading" className="form">
      <h2 id="search-heading">{t("search.heading")}</h2>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" action={PATH} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="search" />
        <TextField field={fields.q} label={labels.q} hint={t("search.qHint")} autoComplete="off" />
        <TextAreaField field={fields.reason} label={labels.reason} hint={t("search.reasonHint")} rows={2} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("search.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

type Found = NonNullable<ActionData["found"]>;
type FoundCase = Found["cases"][number];

function RectifyForm({ c, data, search }: { c: FoundCase; data: ActionData | undefined; search: { q: string; reason: string } }) {
  const { t } = useTranslation("personaldata");
  const mine = data?.intent === "rectify" && data.caseId === c.id;
  const [form, fields] = useForm({
    id: `rectify-${c.id}`,
    lastResult: mine ? data.result : undefined,
    defaultValue: { name: c.citizenName ?? "", email: c.citizenEmail ?? "", phone: c.citizenPhone ?? "", address: c.citizenAddress ?? "" },
    constraint: getZodConstraint(RectifySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RectifySchema }),
  });
  const labels = { name: t("rectify.name"), email: t("rectify.email"), phone: t("rectify.phone"), address: t("rectify.address") };
  return (
    <details className="case-details" open={mine || undefined}>
      <summary>{t("rectify.summary", { folio: c.folio })}</summary>
      <div className="case-action">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" action={PATH} {...getFormProps(form)}>
          <input type="hidden" name="intent" value="rectify" />
          <input type="hidden" name="caseId" value={c.id} />
          <SearchFields search={search} />
          <TextField field={fields.name} label={labels.name} autoComplete="off" />
          <TextField field={fields.email} label={labels.email} type="email" optional autoComplete="off" />
          <TextField field={fields.phone} label={labels.phone} type="tel" optional autoComplete="off" />
          <TextField field={fields.address} label={labels.address} optional autoComplete="off" />
          <div className="button-row">
            <button type="submit" className="button">
              {t("rectify.submit", { folio: c.folio })}
            </button>
          </div>
        </Form>
      </div>
    </details>
  );
}

function ConfirmAnonymise({ data, search }: { data: ActionData; search: { q: string; reason: string } }) {
  const { t } = useTranslation("personaldata");
  const date = useShortDate();
  const review = data.review!;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [form, fields] = useForm({
    id: "anonymise-confirm",
    lastResult: data.intent === "anonymise" ? data.result : undefined,
    constraint: getZodConstraint(AnonymiseSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnonymiseSchema }),
  });
  const labels = { erasureReason: t("confirm.erasureReason") };
  return (
    <section aria-labelledby="confirm-heading" className="notice warning" id="confirmar">
      <h2 id="confirm-heading" tabIndex={-1} ref={heading}>
        {t("confirm.heading", { count: review.folios.length })}
      </h2>
      <ul>
        {review.folios.map((c) => (
          <li key={c.id}>
            {t("confirm.item", { folio: c.folio, kind: t(`inbox:kind.${c.kind}`), date: date(c.receivedAt), status: t(`inbox:status.${c.status}`) })}
          </li>
        ))}
      </ul>
      <p>{t("confirm.erases")}</p>
      <p>{t("confirm.keeps")}</p>
      <p>
        <strong>{t("confirm.irreversible")}</strong>
      </p>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" action={PATH} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="anonymise" />
        <SearchFields search={search} />
        {review.caseIds.map((id) => (
          <input key={id} type="hidden" name="caseIds" value={id} />
        ))}
        <TextAreaField field={fields.erasureReason} label={labels.erasureReason} hint={t("confirm.erasureReasonHint")} rows={3} />
        <div className="button-row">
          <button type="submit" className="button warning">
            {t("confirm.submit", { count: review.folios.length })}
          </button>
        </div>
      </Form>
      <Form method="post" action={PATH}>
        <input type="hidden" name="intent" value="search" />
        <SearchFields search={search} />
        <div className="button-row">
          <button type="submit" className="button secondary">
            {t("confirm.cancel")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const { t } = useTranslation("personaldata");
  const ref = useFocusOnMount<HTMLParagraphElement>();
  const text =
    notice.kind === "rectified"
      ? t(notice.stillListed ? "done.rectified" : "done.rectifiedGone", { folio: notice.folio })
      : t("done.anonymised", { count: notice.folios.length, folios: notice.folios.join(", ") });
  return (
    <p className="notice success" role="status" tabIndex={-1} ref={ref}>
      {text}
    </p>
  );
}

function Results({ data }: { data: ActionData & { found: Found; search: { q: string; reason: string } } }) {
  const { t } = useTranslation("personaldata");
  const errorText = useErrorText();
  const date = useShortDate();
  const { found, search } = data;
  const selection = data.intent === "review" ? data.result : undefined;
  const [form, fields] = useForm({
    id: "anonymise-select",
    lastResult: selection,
    constraint: getZodConstraint(AnonymiseReviewSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnonymiseReviewSchema }),
  });
  const selectionErrors = fields.caseIds.errors ?? [];
  const who = found.query.kind === "rut" ? t("results.byRut", { value: found.query.value }) : t("results.byEmail", { value: found.query.value });
  const anyClosed = found.cases.some((c) => c.closed);
  const dash = t("results.empty");
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t("results.heading", { who })}</h2>
      {data.notice ? <NoticeBanner key={JSON.stringify(data.notice)} notice={data.notice} /> : null}
      {found.cases.length === 0 ? (
        <p>{t("results.none")}</p>
      ) : (
        <>
          <p>
            {t("results.count", { count: found.cases.length })}
            {found.truncated ? ` ${t("results.truncated", { max: LIST_LIMIT })}` : null}
          </p>
          <div className={`table-wrap${selectionErrors.length ? " has-error" : ""}`} id={fields.caseIds.id} tabIndex={-1}>
            {selectionErrors.length ? (
              <p className="error-message" id={fields.caseIds.errorId}>
                {selectionErrors.map(errorText).join(" ")}
              </p>
            ) : null}
            <table>
              <caption>{t("results.caption", { who })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("results.columns.select")}</th>
                  <th scope="col">{t("results.columns.folio")}</th>
                  <th scope="col">{t("results.columns.kind")}</th>
                  <th scope="col">{t("results.columns.received")}</th>
                  <th scope="col">{t("results.columns.status")}</th>
                  <th scope="col">{t("results.columns.name")}</th>
                  <th scope="col">{t("results.columns.email")}</th>
                  <th scope="col">{t("results.columns.phone")}</th>
                  <th scope="col">{t("results.columns.address")}</th>
                </tr>
              </thead>
              <tbody>
                {found.cases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.closed ? (
                        <div className="checkbox">
                          <input
                            type="checkbox"
                            id={`select-${c.id}`}
                            name="caseIds"
                            value={c.id}
                            form={form.id}
                            aria-describedby={selectionErrors.length ? fields.caseIds.errorId : undefined}
                          />
                          <label htmlFor={`select-${c.id}`}>
                            <span className="visually-hidden">{t("results.selectCase", { folio: c.folio })}</span>
                          </label>
                        </div>
                      ) : (
                        t("results.open")
                      )}
                    </td>
                    <th scope="row">
                      <Link to={`/gestion/casos/${c.id}`}>{c.folio}</Link>
                    </th>
                    <td>{t(`inbox:kind.${c.kind}`)}</td>
                    <td>{date(c.receivedAt)}</td>
                    <td>{t(`inbox:status.${c.status}`)}</td>
                    <td>{c.citizenName ?? dash}</td>
                    <td>{c.citizenEmail ?? dash}</td>
                    <td>{c.citizenPhone ?? dash}</td>
                    <td>{c.citizenAddress ?? dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <section aria-labelledby="export-heading">
            <h3 id="export-heading">{t("export.heading")}</h3>
            <p>{t("export.intro")}</p>
            {/* A native form (not Remix's): the answer is a download, the page stays. */}
            <form method="post" action={`${PATH}/exportar`}>
              <SearchFields search={search} />
              <button type="submit" className="button secondary">
                {t("export.submit")}
              </button>
            </form>
          </section>

          <section aria-labelledby="rectify-heading">
            <h3 id="rectify-heading">{t("rectify.heading")}</h3>
            <p>{t("rectify.intro")}</p>
            {found.cases.map((c) => (
              <RectifyForm key={`${c.id}:${c.citizenName}:${c.citizenEmail}:${c.citizenPhone}:${c.citizenAddress}`} c={c} data={data} search={search} />
            ))}
          </section>

          <section aria-labelledby="anonymise-heading">
            <h3 id="anonymise-heading">{t("anonymise.heading")}</h3>
            <p>{t("anonymise.intro")}</p>
            <ErrorSummary form={form} labels={{ caseIds: t("anonymise.selection") }} />
            {anyClosed ? (
              <Form method="post" action={PATH} {...getFormProps(form)}>
                <input type="hidden" name="intent" value="review" />
                <SearchFields search={search} />
                <div className="button-row">
                  <button type="submit" className="button warning">
                    {t("anonymise.submit")}
                  </button>
                </div>
              </Form>
            ) : (
              <p>{t("anonymise.noneClosed")}</p>
            )}
          </section>
        </>
      )}
    </section>
  );
}

export default function PersonalDataPage() {
  const { t } = useTranslation("personaldata");
  useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const hasResults = Boolean(data?.found && data.search);
  return (
    <>
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/gestion">{t("breadcrumb.inbox")}</Link>
          </li>
          <li aria-current="page">{t("title")}</li>
        </ol>
      </nav>
      <h1>{t("title")}</h1>
      <p>{t("lead")}</p>
      <p>
        <Link to="/privacidad">{t("noticeLink")}</Link>
      </p>
      {data?.review && data.search ? <ConfirmAnonymise key={data.review.caseIds.join(",")} data={data} search={data.search} /> : null}
      <SearchForm key={data?.search ? `${data.search.q}|${data.search.reason}` : "new"} data={data} />
      {hasResults ? <Results data={data as ActionData & { found: Found; search: { q: string; reason: string } }} /> : null}
    </>
  );
}
