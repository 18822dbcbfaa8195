// The staff case page: everything about one case and the actions its status allows now. Thin: the
// loader checks the permission, reads the case (visibility in the domain's where) and logs the
// personal-data view; the action parses one form (by its `intent`) with the action's Zod schema and
// makes one domain call, then redirects back with a notice, or returns the form's errors.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ZodTypeAny, z } from "zod";
import { ActionForm, ReplyComposer, type ComposerState, type PreviewState } from "~/components/cases/CaseActionForms";
import { SelectField, TextAreaField, TextField, useErrorText } from "~/components/forms";
import { requirePermission } from "~/domain/auth/guard.server";
import { CaseActionError } from "~/domain/cases/action-errors";
import {
  AssignSchema,
  CloseSchema,
  DeriveSchema,
  DesistSchema,
  EXTENSION_DAYS_MAX,
  ExtendSchema,
  NoteSchema,
  OfferRatingSchema,
  RecordInfoSchema,
  ReopenSchema,
  ReplySchema,
  RequestInfoSchema,
  StartWorkSchema,
  UseTemplateSchema,
} from "~/domain/cases/action-schemas";
import {
  addNote,
  assignCase,
  closeCase,
  deriveCase,
  desistCase,
  extendDeadline,
  offerRating,
  recordCitizenInfo,
  reopenCase,
  replyToCase,
  requestInfo,
  startWork,
} from "~/domain/cases/actions.server";
import { caseRefFromParam, composeReply, getCaseForStaff, isCaseVisibleToStaff, recordPersonalDataView } from "~/domain/cases/case-page.server";
import { toLocalDate } from "~/domain/sla/calendar";
import { can as hasPermission } from "~/domain/auth/permissions";
import { qrSvg } from "~/domain/cases/receipt.server";
import { counterOfferCookie, counterOfferState, readCounterOffer } from "~/domain/surveys/counter-code.server";
import { surveyUrl } from "~/domain/surveys/invitations.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { clientIp, readFormData } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Caso ${data.view.case.folio} · Gestión de casos · OIRS` : "Caso · OIRS" }];

// Personal data: never cached.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

const INTENTS = ["assign", "startWork", "note", "requestInfo", "recordInfo", "extend", "derive", "reply", "close", "reopen", "desist", "offerRating"] as const;
type Intent = (typeof INTENTS)[number];

function caseRef(params: { id?: string }) {
  const ref = caseRefFromParam(params.id);
  if (!ref) throw new Response("Not found", { status: 404 });
  return ref;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases:inbox");
  const ref = caseRef(params);
  const now = new Date();
  const view = await getCaseForStaff({ ...ref, user, now });
  if (!view) throw new Response("Not found", { status: 404 });
  await recordPersonalDataView({ caseId: view.case.id, user, now, ip: clientIp(request) });
  return json({ view, today: toLocalDate(now), userAreaId: user.areaId, rating: await ratingOffer(request, view.case.id, user, now) }, { headers: { "Cache-Control": "no-store" } });
}

/**
 * "Rate this attention": whether this user may offer it, and the offer this browser made last for
 * this case (from its cookie) — its code and QR code while it can be used, else whether it was answered.
 */
async function ratingOffer(request: Request, caseId: string, user: { role: Parameters<typeof hasPermission>[0] }, now: Date) {
  const allowed = hasPermission(user.role, "cases:handle");
  const offer = allowed ? await readCounterOffer(request, caseId) : null;
  const state = offer ? await counterOfferState(offer, now) : null;
  if (!offer || !state) return { allowed, state: null, code: null, expiresAt: null, qrSvg: null };
  if (state !== "open") return { allowed, state, code: null, expiresAt: null, qrSvg: null };
  return { allowed, state, code: offer.code, expiresAt: offer.expiresAt, qrSvg: await qrSvg(surveyUrl(offer.token)) };
}

type ActionData = {
  intent: string;
  result?: SubmissionResult<string[]>;
  composer?: ComposerState;
  preview?: PreviewState;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "cases:handle");
  const ref = caseRef(params);
  // Another area's (or no) case: refused before the form is read, whatever it holds.
  if (!(await isCaseVisibleToStaff({ ...ref, user }))) throw new Response("Not found", { status: 404 });
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const base = { ...ref, actor: user };
  const back = (done: Intent, delivery?: string, headers?: HeadersInit) =>
    redirect(`/gestion/casos/${encodeURIComponent(params.id!)}?${new URLSearchParams({ hecho: done, ...(delivery ? { entrega: delivery } : {}) })}#aviso`, { status: 303, headers });

  /** Parse with the schema, make the one domain call, and answer with a redirect or the form's errors. */
  async function run<S extends ZodTypeAny, R extends object>(
    name: Intent,
    schema: S,
    call: (value: z.output<S>) => Promise<R>,
    formIntent: string = name,
    headersFor?: (done: R) => Promise<HeadersInit>,
  ) {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return json<ActionData>({ intent: formIntent, result: submission.reply() }, { status: 400 });
    try {
      const done = await call(submission.value as z.output<S>);
      return back(name, "delivery" in done && typeof done.delivery === "string" ? done.delivery : undefined, headersFor ? await headersFor(done) : undefined);
    } catch (error) {
      if (!(error instanceof CaseActionError)) throw error;
      if (error.code === "NOT_FOUND") throw new Response("Not found", { status: 404 });
      if (error.code === "FORBIDDEN") throw new Response("Forbidden", { status: 403 });
      const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
      return json<ActionData>(
        { intent: formIntent, result: submission.reply({ formErrors: hasFieldErrors ? [] : [error.formMessage], fieldErrors: error.fieldErrors }) },
        { status: error.httpStatus },
      );
    }
  }

  switch (intent) {
    case "assign":
      return run("assign", AssignSchema, (v) => assignCase({ ...base, ...v }));
    case "startWork":
      return run("startWork", StartWorkSchema, () => startWork(base));
    case "note":
      return run("note", NoteSchema, (v) => addNote({ ...base, ...v }));
    case "requestInfo":
      return run("requestInfo", RequestInfoSchema, (v) => requestInfo({ ...base, ...v }));
    case "recordInfo":
      return run("recordInfo", RecordInfoSchema, (v) => recordCitizenInfo({ ...base, ...v }));
    case "extend":
      return run("extend", ExtendSchema, (v) => extendDeadline({ ...base, ...v }));
    case "derive":
      return run("derive", DeriveSchema, (v) => deriveCase({ ...base, ...v }));
    case "close":
      return run("close", CloseSchema, (v) => closeCase({ ...base, ...v }));
    case "reopen":
      return run("reopen", ReopenSchema, (v) => reopenCase({ ...base, ...v }));
    case "desist":
      return run("desist", DesistSchema, (v) => desistCase({ ...base, ...v }));
    case "reply":
      return run("reply", ReplySchema, (v) => replyToCase({ ...base, ...v }));
    case "offerRating":
      // The code and the QR link are shown once, on this browser: they travel to the page in a signed cookie.
      return run("offerRating", OfferRatingSchema, () => offerRating(base), "offerRating", async (o) => ({
        "Set-Cookie": await counterOfferCookie.serialize({ caseId: o.id, code: o.code, token: o.token, expiresAt: o.codeExpiresAt.toISOString() }),
      }));
    case "useTemplate": {
      const submission = parseWithZod(formData, { schema: UseTemplateSchema });
      if (submission.status !== "success") return json<ActionData>({ intent: "reply", result: submission.reply() }, { status: 400 });
      const composed = await composeReply({ ...ref, user, templateId: submission.value.templateId });
      if (!composed) throw new Response("Not found", { status: 404 });
      const composer: ComposerState = {
        key: `t${Date.now().toString(36)}`,
        text: composed.text,
        templateId: composed.template?.id,
        templateName: composed.template?.name,
        deliveredOn: submission.value.deliveredOn,
      };
      return json<ActionData>({ intent: "reply", composer });
    }
    case "preview": {
      const submission = parseWithZod(formData, { schema: ReplySchema });
      if (submission.status !== "success") return json<ActionData>({ intent: "reply", result: submission.reply() }, { status: 400 });
      const composed = await composeReply({ ...ref, user, text: submission.value.text });
      if (!composed) throw new Response("Not found", { status: 404 });
      const { text, deliveredOn, templateId } = submission.value;
      if ((composed.delivery === "POSTAL" || composed.delivery === "PRESENCIAL") && !deliveredOn) {
        return json<ActionData>({ intent: "reply", result: submission.reply({ fieldErrors: { deliveredOn: ["casework:validation.deliveredOnRequired"] } }) }, { status: 400 });
      }
      return json<ActionData>({ intent: "reply", result: submission.reply(), preview: { text, rendered: composed.rendered, unresolved: composed.unresolved, deliveredOn, templateId } });
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type View = LoaderData["view"];

function useLng() {
  const { i18n } = useTranslation();
  return i18n.language;
}

function DeadlineInfo({ view }: { view: View }) {
  const { t } = useTranslation("casework");
  const lng = useLng();
  const d = view.deadline;
  const lines: string[] = [];
  if (d.extendedAt) lines.push(t("deadline.extended", { count: d.extendedDays, date: formatDate(d.extendedAt, lng) }));
  if (d.pausedBusinessDays > 0) lines.push(t("deadline.pausedDays", { count: d.pausedBusinessDays }));
  let badge: { tone: string; text: string } | null = null;
  if (d.state) {
    if (d.state.overdue) badge = { tone: "overdue", text: t("deadline.overdue", { count: d.state.businessDays }) };
    else if (d.state.dueToday) badge = { tone: "soon", text: t("deadline.dueToday") };
    else badge = { tone: d.state.businessDays <= 2 ? "soon" : "ok", text: t("deadline.left", { count: d.state.businessDays }) };
  }
  return (
    <>
      <span>{formatDate(d.dueAt, lng)}</span>{" "}
      {badge ? (
        <strong className={`deadline deadline-${badge.tone}`} data-testid="deadline">
          <span className="deadline-icon" aria-hidden="true" />
          {badge.text}
        </strong>
      ) : null}
      {d.waitingSince ? (
        <span className="deadline-note">
          <strong className="deadline deadline-paused">
            <span className="deadline-icon" aria-hidden="true" />
            {t("deadline.paused", { date: formatDateTime(d.waitingSince, lng) })}
          </strong>
          {d.projectedDueAt ? <span className="hint"> {t("deadline.projected", { date: formatDate(d.projectedDueAt, lng) })}</span> : null}
          {d.citizenAnswerDueAt ? <span className="hint"> {t("deadline.citizenDue", { date: formatDate(d.citizenAnswerDueAt, lng) })}</span> : null}
        </span>
      ) : null}
      {!d.state && !d.waitingSince && d.respondedAt && d.responseBusinessDays !== null ? (
        <span className="deadline-note">{t("deadline.answered", { date: formatDateTime(d.respondedAt, lng), count: d.responseBusinessDays })}</span>
      ) : null}
      {!d.state && !d.waitingSince && d.closedAt ? <span className="deadline-note">{t("deadline.closed", { date: formatDateTime(d.closedAt, lng) })}</span> : null}
      {lines.map((line) => (
        <span key={line} className="deadline-note hint">
          {line}
        </span>
      ))}
    </>
  );
}

function fileSize(bytes: number, t: (key: string, values: Record<string, unknown>) => string, lng: string) {
  const format = (n: number) => new Intl.NumberFormat(lng === "es" ? "es-CL" : "en-GB", { maximumFractionDigits: 1 }).format(n);
  return bytes >= 1024 * 1024 ? t("attachments.mb", { value: format(bytes / 1024 / 1024) }) : t("attachments.kb", { value: format(Math.max(1, Math.round(bytes / 1024))) });
}

function Timeline({ view }: { view: View }) {
  const { t } = useTranslation("casework");
  const lng = useLng();
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return (
    <ol className="timeline case-timeline">
      {view.timeline.map((e) => {
        const data = (e.data ?? {}) as Record<string, unknown>;
        const actor =
          e.actorKind === "citizen"
            ? t("timeline.citizen")
            : e.actorKind === "system"
              ? t("timeline.system")
              : e.actorKind === "api"
                ? t("timeline.api", { name: (e.actor ?? "").replace(/^api:/, "") })
                : (e.actor ?? t("timeline.system"));
        const extras: string[] = [];
        if (e.type === "ASSIGNED" || e.type === "REASSIGNED") {
          extras.push(t("timeline.assigned", { area: str(data.areaName) ?? t("routing.noArea"), assignee: str(data.assigneeName) ?? t("routing.unassigned") }));
        }
        if (e.type === "EXTENDED" && num(data.days) && str(data.dueAt)) extras.push(t("timeline.extended", { count: num(data.days)!, date: formatDate(str(data.dueAt)!, lng) }));
        if ((e.type === "INFO_RECEIVED" || e.type === "REOPENED") && str(data.dueAt)) extras.push(t("timeline.newDeadline", { date: formatDate(str(data.dueAt)!, lng) }));
        if (e.type === "INFO_RECEIVED" && (data.via === "tracking" || data.via === "staff")) extras.push(t(`timeline.via.${data.via}`));
        if (e.type === "DERIVED" && str(data.to)) extras.push(t("timeline.derivedTo", { name: str(data.to) }));
        if (e.type === "CLOSED" && str(data.outcome)) extras.push(t("timeline.outcome", { outcome: t(`outcome.${str(data.outcome)}`) }));
        if (e.type === "STATUS_CHANGED" && str(data.from) && str(data.to)) extras.push(t("timeline.statusChange", { from: t(`status.${str(data.from)}`), to: t(`status.${str(data.to)}`) }));
        if (e.type === "ATTACHMENT_DOWNLOADED" && str(data.fileName)) extras.push(t("timeline.file", { name: str(data.fileName) }));
        if (["INFO_REQUESTED", "EXTENDED", "DERIVED", "REPLIED"].includes(e.type) && str(data.delivery)) extras.push(t(`timeline.delivery.${str(data.delivery)}`));
        if (e.type === "INFO_REQUESTED" && data.pendingDelivery === true) extras.push(t("timeline.pendingDelivery"));
        if (e.type === "REPLIED" && str(data.deliveredOn)) extras.push(t("timeline.deliveredOn", { date: formatDate(`${str(data.deliveredOn)}T12:00:00Z`, lng) }));
        if (e.type === "REPLIED" && num(data.responseBusinessDays) !== null) extras.push(t("timeline.responseDays", { count: num(data.responseBusinessDays)! }));
        const detailLabel = e.type === "INFO_RECEIVED" ? t("timeline.answer") : e.type === "CLOSED" || e.type === "DESISTED" ? t("timeline.note") : t("timeline.reason");
        return (
          <li key={e.id} className={e.public ? "case-event" : "case-event internal"}>
            <span className="timeline-date">
              <time dateTime={String(e.createdAt)}>{formatDateTime(e.createdAt, lng)}</time> · {t("timeline.by", { actor })}
            </span>
            <span className="timeline-title">{t(`event.${e.type}`)}</span>{" "}
            {e.public ? null : <span className="badge internal-badge">{t("timeline.internal")}</span>}
            {e.message ? <p className="timeline-message">{e.message}</p> : null}
            {e.detail ? (
              <p className="timeline-message">
                <strong>{detailLabel}:</strong> {e.detail}
              </p>
            ) : null}
            {extras.length ? <p className="timeline-extra">{extras.join(" ")}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * "Rate this attention": a button that creates a counter code for the person just attended, then
 * the code in large type and a QR code of the survey link while the code can be used.
 */
function RateAttention({ rating, lastResult }: { rating: LoaderData["rating"]; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation("casework");
  const lng = useLng();
  const open = rating.state === "open" && rating.code && rating.qrSvg;
  return (
    <section aria-labelledby="rate-title" id="valorar" className="case-section rate-attention">
      <h2 id="rate-title">{t("rateAttention.title")}</h2>
      {open ? (
        <div className="counter-offer" data-testid="counter-offer">
          <p>{t("rateAttention.instruction")}</p>
          <p className="counter-code-line">
            <span className="visually-hidden">{t("rateAttention.codeLabel")}: </span>
            <code className="counter-code" data-testid="counter-code">
              {rating.code}
            </code>
          </p>
          <p className="hint">{t("rateAttention.validUntil", { time: formatTime(rating.expiresAt!, lng) })}</p>
          <figure className="qr">
            <div className="qr-image" role="img" aria-label={t("rateAttention.qrLabel")} dangerouslySetInnerHTML={{ __html: rating.qrSvg! }} />
            <figcaption>{t("rateAttention.qrCaption")}</figcaption>
          </figure>
        </div>
      ) : rating.state === "used" ? (
        <p className="notice success" data-testid="counter-offer-used">
          {t("rateAttention.answered")}
        </p>
      ) : rating.state === "expired" ? (
        <p className="hint">{t("rateAttention.expired")}</p>
      ) : null}
      <ActionForm
        intent="offerRating"
        schema={OfferRatingSchema}
        lastResult={lastResult}
        legend={t("rateAttention.title")}
        hint={open ? t("rateAttention.newHint") : t("rateAttention.hint")}
        labels={{}}
        submit={open ? t("rateAttention.newCode") : t("rateAttention.submit")}
        tone={open ? "secondary" : "primary"}
      />
    </section>
  );
}

function formatTime(value: string, lng: string): string {
  return new Intl.DateTimeFormat(lng === "en" ? "en-GB" : "es-CL", { hour: "2-digit", minute: "2-digit", timeZone: "America/Santiago" }).format(new Date(value));
}

export default function CasePage() {
  const { t } = useTranslation("casework");
  const lng = useLng();
  const { view, today, rating } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const c = view.case;
  const can = (a: string) => (view.actions as string[]).includes(a);
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const openFor = (intent: string) => actionData?.intent === intent;

  // An error for a form the page no longer shows (the case changed status meanwhile): at the top.
  const errorText = useErrorText();
  const formShown = (intent: string) => (intent === "recordInfo" ? can("receiveInfo") : intent === "offerRating" ? rating.allowed : can(intent));
  const orphanErrors =
    actionData?.result && !formShown(actionData.intent)
      ? Object.values(actionData.result.error ?? {})
          .flat()
          .filter((e): e is string => typeof e === "string")
      : [];

  const done = params.get("hecho");
  const doneIntent = (INTENTS as readonly string[]).includes(done ?? "") ? (done as Intent) : null;
  const delivery = params.get("entrega");
  const deliveryKnown = delivery && ["EMAIL", "POSTAL", "PRESENCIAL", "NONE"].includes(delivery) ? delivery : null;

  const deliveryText = t(`delivery.${view.delivery}`, { email: c.citizenEmail ?? "", address: [c.citizenAddress, c.citizenCommune].filter(Boolean).join(", ") });
  const notGiven = t("citizen.notGiven");
  const areaOptions = view.assignment.areas.map((a) => ({ value: a.id, label: a.name }));
  const assigneeOptions = view.assignment.assignees.map((u) => ({ value: u.id, label: t("assign.assigneeOption", { name: u.name, where: u.areaName && u.role === "AREA_OFFICIAL" ? u.areaName : t("assign.allAreas") }) }));
  const secondary = ["requestInfo", "extend", "derive", "close", "reopen", "desist"].filter(can);
  const assignPrimary = c.status === "INGRESADA" && can("assign");

  const assignForm = (
    <ActionForm
      intent="assign"
      schema={AssignSchema}
      lastResult={resultFor("assign")}
      legend={t("assign.title")}
      labels={{ areaId: t("assign.area"), assigneeId: t("assign.assignee"), reason: t("assign.reason") }}
      submit={t("assign.submit")}
      tone={assignPrimary ? "primary" : "secondary"}
    >
      {(f) => (
        <>
          <SelectField field={f.areaId} label={t("assign.area")} options={areaOptions} placeholder={t("assign.areaKeep")} optional />
          <SelectField field={f.assigneeId} label={t("assign.assignee")} options={assigneeOptions} placeholder={t("assign.assigneeNone")} optional />
          <TextAreaField field={f.reason} label={t("assign.reason")} hint={t("assign.reasonHint")} optional rows={3} />
        </>
      )}
    </ActionForm>
  );

  return (
    <div className="case-page">
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/gestion">{t("breadcrumb.gestion")}</Link>
          </li>
          <li aria-current="page">{t("breadcrumb.case", { folio: c.folio })}</li>
        </ol>
      </nav>
      <h1>
        {t("title", { folio: c.folio })}
        <span className="case-subtitle">{c.subject}</span>
      </h1>

      {orphanErrors.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          {orphanErrors.map((e) => (
            <p key={e}>{errorText(e)}</p>
          ))}
        </div>
      ) : null}

      {doneIntent ? (
        <p className="notice success" role="status" id="aviso" tabIndex={-1}>
          {t(`done.${doneIntent}`)} {deliveryKnown && ["reply", "requestInfo", "extend", "derive"].includes(doneIntent) ? t(`deliveryDone.${deliveryKnown}`) : null}
        </p>
      ) : null}

      <section aria-labelledby="summary-title" className="case-section">
        <h2 id="summary-title">{t("summary.heading")}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t("summary.status")}</dt>
            <dd>
              <strong className={`status status-${c.status.toLowerCase()}`} data-testid="case-status">
                {t(`status.${c.status}`)}
              </strong>
              {c.outcome ? ` · ${t(`outcome.${c.outcome}`)}` : null}
              {c.derivedTo ? ` · ${c.derivedTo}` : null}
            </dd>
          </div>
          <div>
            <dt>{t("summary.dueAt")}</dt>
            <dd className="case-deadline">
              <DeadlineInfo view={view} />
            </dd>
          </div>
          <div>
            <dt>{t("summary.kind")}</dt>
            <dd>{t(`cases:kind.${c.kind}`)}</dd>
          </div>
          <div>
            <dt>{t("summary.channel")}</dt>
            <dd>
              {t(`cases:channel.${c.channel}`)}
              {c.createdBy ? ` · ${t("summary.createdBy")}: ${c.createdBy.name}` : null}
            </dd>
          </div>
          <div>
            <dt>{t("summary.tramite")}</dt>
            <dd>{c.tramite?.name ?? t("summary.none")}</dd>
          </div>
          <div>
            <dt>{t("summary.office")}</dt>
            <dd>{c.office?.name ?? t("summary.none")}</dd>
          </div>
          <div>
            <dt>{t("summary.receivedAt")}</dt>
            <dd>
              {formatDateTime(c.receivedAt, lng)}
              {c.submittedAt !== c.receivedAt ? <span className="hint"> ({t("summary.submittedAt")}: {formatDateTime(c.submittedAt, lng)})</span> : null}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="request-title" className="case-section">
        <h2 id="request-title">{t("request.heading")}</h2>
        <h3 className="case-field-label">{t("request.subject")}</h3>
        <p>{c.subject}</p>
        <h3 className="case-field-label">{t("request.description")}</h3>
        <div className="case-description">{c.description}</div>
      </section>

      <section aria-labelledby="citizen-title" className="case-section">
        <h2 id="citizen-title">{t("citizen.heading")}</h2>
        {c.anonymizedAt ? <p>{t("citizen.anonymized", { date: formatDate(c.anonymizedAt, lng) })}</p> : null}
        {c.anonymous ? (
          <p>{t("citizen.anonymous")}</p>
        ) : (
          <>
            <p className="hint">{t("citizen.audit")}</p>
            <dl className="summary-list">
              {(
                [
                  ["name", c.citizenName],
                  ["rut", c.citizenRut],
                  ["email", c.citizenEmail],
                  ["phone", c.citizenPhone],
                  ["address", c.citizenAddress],
                  ["commune", c.citizenCommune],
                  ["region", c.citizenRegion],
                ] as const
              ).map(([key, value]) => (
                <div key={key}>
                  <dt>{t(`citizen.${key}`)}</dt>
                  <dd>{value ?? notGiven}</dd>
                </div>
              ))}
              <div>
                <dt>{t("citizen.replyChannel")}</dt>
                <dd>{c.replyChannel ? t(`replyChannel.${c.replyChannel}`) : t("replyChannel.none")}</dd>
              </div>
              <div>
                <dt>{t("citizen.language")}</dt>
                <dd>{t(`language.${c.locale === "en" ? "en" : "es"}`)}</dd>
              </div>
            </dl>
          </>
        )}
      </section>

      <section aria-labelledby="attachments-title" className="case-section">
        <h2 id="attachments-title">{t("attachments.heading")}</h2>
        {view.attachments.length === 0 ? (
          <p>{t("attachments.none")}</p>
        ) : (
          <>
            <ul className="attachment-list">
              {view.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/gestion/casos/${c.id}/adjuntos/${a.id}`} download={a.fileName} aria-label={t("attachments.download", { name: a.fileName })}>
                    {a.fileName}
                  </a>{" "}
                  <span className="hint">{t("attachments.meta", { type: a.mimeType, size: fileSize(a.size, t, lng) })}</span>
                </li>
              ))}
            </ul>
            <p className="hint">{t("attachments.audit")}</p>
          </>
        )}
      </section>

      <section aria-labelledby="routing-title" className="case-section">
        <h2 id="routing-title">{t("routing.heading")}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t("routing.area")}</dt>
            <dd>{c.area?.name ?? t("routing.noArea")}</dd>
          </div>
          <div>
            <dt>{t("routing.assignee")}</dt>
            <dd>{c.assignee?.name ?? t("routing.unassigned")}</dd>
          </div>
        </dl>
      </section>

      {rating.allowed ? <RateAttention rating={rating} lastResult={resultFor("offerRating")} /> : null}

      {view.actions.length > 0 ? (
        <section aria-labelledby="actions-title" className="case-section case-actions">
          <h2 id="actions-title">{t("actions.heading")}</h2>
          {view.actions.length === 1 && can("note") ? <p>{t("actions.onlyNotes")}</p> : null}

          {c.status === "ESPERA_CIUDADANO" && can("receiveInfo") ? (
            <div className="case-primary">
              <h3>{t("recordInfo.title")}</h3>
              {view.pendingQuestion ? (
                <div className="pending-question">
                  <p className="hint">{t("recordInfo.question", { date: formatDateTime(view.pendingQuestion.at, lng) })}</p>
                  <div className="case-description">{view.pendingQuestion.message}</div>
                </div>
              ) : null}
              <ActionForm
                intent="recordInfo"
                schema={RecordInfoSchema}
                lastResult={resultFor("recordInfo")}
                legend={t("recordInfo.text")}
                hint={t("recordInfo.hint")}
                labels={{ text: t("recordInfo.text") }}
                submit={t("recordInfo.submit")}
              >
                {(f) => <TextAreaField field={f.text} label={t("recordInfo.text")} rows={5} />}
              </ActionForm>
            </div>
          ) : null}

          {can("startWork") ? (
            <div className="case-primary">
              <h3>{t("startWork.title")}</h3>
              <ActionForm intent="startWork" schema={StartWorkSchema} lastResult={resultFor("startWork")} legend={t("startWork.title")} hint={t("startWork.hint")} labels={{}} submit={t("startWork.submit")} />
            </div>
          ) : null}

          {assignPrimary ? (
            <div className="case-primary">
              <h3>{t("assign.title")}</h3>
              {assignForm}
            </div>
          ) : null}

          {can("reply") ? (
            <div className="case-primary">
              <h3>{t("reply.title")}</h3>
              <ReplyComposer
                composer={actionData?.intent === "reply" ? actionData.composer : null}
                lastResult={resultFor("reply")}
                preview={actionData?.intent === "reply" ? actionData.preview : null}
                templates={view.templates}
                needsDate={view.delivery === "POSTAL" || view.delivery === "PRESENCIAL"}
                today={today}
                deliveryText={deliveryText}
              />
            </div>
          ) : null}

          {view.desist.possibleFrom && !view.desist.possible && c.status === "ESPERA_CIUDADANO" ? (
            <p className="hint">{t("desist.notYet", { date: formatDate(view.desist.possibleFrom, lng) })}</p>
          ) : null}

          {(can("assign") && !assignPrimary) || can("note") || secondary.length > 0 ? <h3>{t("actions.more")}</h3> : null}
          {can("assign") && !assignPrimary ? (
            <details className="case-details" open={openFor("assign")}>
              <summary>{t("assign.title")}</summary>
              {assignForm}
            </details>
          ) : null}

          {can("note") ? (
            <details className="case-details" open={openFor("note")}>
              <summary>{t("note.title")}</summary>
              <ActionForm intent="note" schema={NoteSchema} lastResult={resultFor("note")} legend={t("note.title")} hint={t("note.hint")} labels={{ text: t("note.text") }} submit={t("note.submit")} tone="secondary">
                {(f) => <TextAreaField field={f.text} label={t("note.text")} rows={4} />}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("requestInfo") ? (
            <details className="case-details" open={openFor("requestInfo")}>
              <summary>{t("requestInfo.title")}</summary>
              <ActionForm
                intent="requestInfo"
                schema={RequestInfoSchema}
                lastResult={resultFor("requestInfo")}
                legend={t("requestInfo.title")}
                hint={
                  <>
                    {t("requestInfo.hint")} {deliveryText}
                  </>
                }
                labels={{ message: t("requestInfo.message") }}
                submit={t("requestInfo.submit")}
                tone="secondary"
              >
                {(f) => <TextAreaField field={f.message} label={t("requestInfo.message")} rows={6} />}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("extend") ? (
            <details className="case-details" open={openFor("extend")}>
              <summary>{t("extend.title")}</summary>
              <ActionForm
                intent="extend"
                schema={ExtendSchema}
                lastResult={resultFor("extend")}
                legend={t("extend.title")}
                labels={{ days: t("extend.days"), reason: t("extend.reason") }}
                submit={t("extend.submit")}
                tone="secondary"
              >
                {(f) => (
                  <>
                    <TextField field={f.days} label={t("extend.days")} hint={t("extend.daysHint", { max: Math.min(view.extension.maxDays, EXTENSION_DAYS_MAX) })} type="number" className="narrow" />
                    <TextAreaField field={f.reason} label={t("extend.reason")} hint={`${t("extend.reasonHint")} ${deliveryText}`} rows={3} />
                  </>
                )}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("derive") ? (
            <details className="case-details" open={openFor("derive")}>
              <summary>{t("derive.title")}</summary>
              <ActionForm
                intent="derive"
                schema={DeriveSchema}
                lastResult={resultFor("derive")}
                legend={t("derive.title")}
                hint={t("derive.hint")}
                labels={{ institution: t("derive.institution"), reason: t("derive.reason") }}
                submit={t("derive.submit")}
                tone="warning"
              >
                {(f) => (
                  <>
                    <TextField field={f.institution} label={t("derive.institution")} />
                    <TextAreaField field={f.reason} label={t("derive.reason")} hint={deliveryText} rows={3} />
                  </>
                )}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("close") ? (
            <details className="case-details" open={openFor("close")}>
              <summary>{t("close.title")}</summary>
              <ActionForm
                intent="close"
                schema={CloseSchema}
                lastResult={resultFor("close")}
                legend={t("close.title")}
                hint={view.outcomes.length === 1 && view.outcomes[0] === "NOT_APPLICABLE" ? t("close.onlyNotApplicable") : undefined}
                labels={{ outcome: t("close.outcome"), note: t("close.note") }}
                submit={t("close.submit")}
                tone="warning"
              >
                {(f) => (
                  <>
                    <SelectField field={f.outcome} label={t("close.outcome")} options={view.outcomes.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} placeholder={t("close.choose")} />
                    <TextAreaField field={f.note} label={t("close.note")} optional rows={3} />
                  </>
                )}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("reopen") ? (
            <details className="case-details" open={openFor("reopen")}>
              <summary>{t("reopen.title")}</summary>
              <ActionForm intent="reopen" schema={ReopenSchema} lastResult={resultFor("reopen")} legend={t("reopen.title")} hint={t("reopen.hint")} labels={{ reason: t("reopen.reason") }} submit={t("reopen.submit")} tone="secondary">
                {(f) => <TextAreaField field={f.reason} label={t("reopen.reason")} rows={3} />}
              </ActionForm>
            </details>
          ) : null}

          {secondary.includes("desist") ? (
            <details className="case-details" open={openFor("desist")}>
              <summary>{t("desist.title")}</summary>
              <ActionForm intent="desist" schema={DesistSchema} lastResult={resultFor("desist")} legend={t("desist.title")} hint={t("desist.hint")} labels={{ note: t("desist.note") }} submit={t("desist.submit")} tone="warning">
                {(f) => <TextAreaField field={f.note} label={t("desist.note")} optional rows={3} />}
              </ActionForm>
            </details>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="timeline-title" className="case-section">
        <h2 id="timeline-title">{t("timeline.heading")}</h2>
        <Timeline view={view} />
      </section>
    </div>
  );
}
