// /comite/plan/actividades/:id — one activity: its details (editable), its schedule grid with the
// sub-actions' status, and its evidence (files and links).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { EvidenceFileForm, EvidenceLinkForm, EvidenceList } from "~/components/plan/Evidence";
import { ScheduleGrid, ScheduleItemForm } from "~/components/plan/Schedule";
import { requirePermission } from "~/domain/auth/guard.server";
import { can } from "~/domain/auth/permissions";
import { parseUuid } from "~/domain/plan/context.server";
import { EvidenceFormTooLargeError, readEvidenceForm } from "~/domain/plan/evidence-form.server";
import { addEvidenceFile, addEvidenceLink, evidenceFileError, removeEvidence } from "~/domain/plan/evidence.server";
import { formatDay, formatNumber } from "~/domain/plan/format";
import { getActivityFormOptions, getActivityPage, PlanInputError, removeScheduleItem, saveScheduleItem, updateActivity } from "~/domain/plan/plan.server";
import { ActivitySchema, EvidenceFileSchema, EvidenceLinkSchema, IdSchema, ScheduleItemSchema } from "~/domain/plan/schemas";

export const meta: MetaFunction = () => [{ title: "Actividad · Plan de mejoramiento · OIRS" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "plan:view");
  const activity = await getActivityPage({ institutionId: user.institutionId, id: parseUuid(params.id) });
  if (!activity) throw new Response("Not found", { status: 404 });
  const canManage = can(user.role, "plan:manage");
  const options = canManage
    ? await getActivityFormOptions({ institutionId: user.institutionId, areaId: activity.responsibleAreaId, tramiteIds: activity.tramites.map((t) => t.id) })
    : { areas: [], tramites: [] };
  return json({ activity, canManage, ...options });
}

const notFound = () => new Response("Not found", { status: 404 });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const id = parseUuid(params.id);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  let read: Awaited<ReturnType<typeof readEvidenceForm>>;
  try {
    read = await readEvidenceForm(request);
  } catch (error) {
    if (error instanceof EvidenceFormTooLargeError) throw new Response("Payload too large", { status: 413 });
    throw error;
  }
  const { formData, file } = read;
  const intent = formData.get("intent");
  const back = (saved: string, hash: string) => redirect(`/comite/plan/actividades/${id}?saved=${saved}#${hash}`);

  switch (intent) {
    case "activity": {
      const submission = parseWithZod(formData, { schema: ActivitySchema });
      if (submission.status !== "success") return json({ form: "activity", result: submission.reply() }, { status: 400 });
      try {
        if (!(await updateActivity({ ...scope, id, input: submission.value }))) throw notFound();
      } catch (error) {
        if (error instanceof PlanInputError) return json({ form: "activity", result: submission.reply({ fieldErrors: error.fieldErrors }) }, { status: 400 });
        throw error;
      }
      return back("activity", "details");
    }
    case "schedule-save": {
      const submission = parseWithZod(formData, { schema: ScheduleItemSchema });
      const itemId = formData.get("itemId");
      const form = typeof itemId === "string" && itemId ? `schedule-${itemId}` : "schedule-new";
      if (submission.status !== "success") return json({ form, result: submission.reply() }, { status: 400 });
      if (!(await saveScheduleItem({ ...scope, activityId: id, input: submission.value }))) throw notFound();
      return back("schedule", "schedule");
    }
    case "schedule-remove": {
      const parsed = IdSchema.safeParse({ id: formData.get("id") });
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      if (!(await removeScheduleItem({ ...scope, activityId: id, itemId: parsed.data.id }))) throw notFound();
      return back("scheduleRemoved", "schedule");
    }
    case "evidence-file": {
      const submission = parseWithZod(formData, { schema: EvidenceFileSchema });
      if (submission.status !== "success") return json({ form: "evidence-file", result: submission.reply() }, { status: 400 });
      const outcome = await addEvidenceFile({ ...scope, activityId: id, input: submission.value, file });
      if (outcome.kind === "notFound") throw notFound();
      if (outcome.kind === "invalid") {
        return json({ form: "evidence-file", result: submission.reply({ fieldErrors: { file: [evidenceFileError(outcome.problem)] } }) }, { status: 400 });
      }
      return back("evidence", "evidence");
    }
    case "evidence-link": {
      const submission = parseWithZod(formData, { schema: EvidenceLinkSchema });
      if (submission.status !== "success") return json({ form: "evidence-link", result: submission.reply() }, { status: 400 });
      const outcome = await addEvidenceLink({ ...scope, activityId: id, input: submission.value });
      if (outcome.kind === "notFound") throw notFound();
      return back("evidence", "evidence");
    }
    case "evidence-remove": {
      const parsed = IdSchema.safeParse({ id: formData.get("id") });
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      if (!(await removeEvidence({ ...scope, activityId: id, evidenceId: parsed.data.id }))) throw notFound();
      return back("evidenceRemoved", "evidence");
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function ActivityPage() {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  const { activity: a, canManage, areas, tramites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (form: string) => (actionData && actionData.form === form ? actionData.result : undefined);
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const year = a.plan.year;
  const text = (value: string | null | undefined) => (value ? value : "—");
  return (
    <>
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/comite/plan?anio=${year}`}>{t("plan.headingYear", { year })}</Link>
          </li>
          <li aria-current="page">{t("activity.breadcrumb", { number: a.number })}</li>
        </ol>
      </nav>
      <h1>{t("activity.heading", { number: a.number, title: a.title })}</h1>
      {saved ? (
        <p className="notice success" role="status">
          {t(`saved.${saved}`, { defaultValue: t("common:form.saved") })}
        </p>
      ) : null}
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}

      <section aria-labelledby="details" className="plan-section">
        <h2 id="details" tabIndex={-1}>
          {t("activity.details")}
        </h2>
        <p className="plan-description">{a.description}</p>
        <dl className="summary-list">
          <Detail term={t("activity.responsibleArea")}>{a.responsibleArea?.name ?? "—"}</Detail>
          <Detail term={t("activity.responsibilities")}>{text(a.responsibilities)}</Detail>
          <Detail term={t("activity.participants")}>{text(a.participants)}</Detail>
          <Detail term={t("activity.targetPopulation")}>{text(a.targetPopulation)}</Detail>
          <Detail term={t("activity.targetPopulationSize")}>
            {a.targetPopulationSize === null ? "—" : `${formatNumber(a.targetPopulationSize, lng, 0)} ${a.targetPopulationUnit}`.trim()}
          </Detail>
          <Detail term={t("activity.executionTerm")}>{text(a.executionTerm)}</Detail>
          <Detail term={t("activity.deadline")}>{formatDay(a.deadline, lng)}</Detail>
          <Detail term={t("activity.priority")}>{t(`priority.${a.priority}`)}</Detail>
          <Detail term={t("activity.tramites")}>{a.tramites.length ? a.tramites.map((tr) => tr.name).join("; ") : "—"}</Detail>
          <Detail term={t("activity.verificationMeans")}>
            {a.verificationMeans.length ? (
              <ul>
                {a.verificationMeans.map((v, i) => (
                  <li key={i}>{v}</li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </Detail>
          <Detail term={t("activity.reportingPeriod")}>{t(`period.${a.reportingPeriod}`)}</Detail>
          <Detail term={t("activity.backupSystems")}>{text(a.backupSystems)}</Detail>
          <Detail term={t("activity.budget")}>{text(a.budget)}</Detail>
          <Detail term={t("activity.executedAt")}>{a.executedAt ? formatDay(a.executedAt, lng) : t("plan.notExecuted")}</Detail>
          {a.indicators.length ? (
            <Detail term={t("activity.indicators")}>
              <ul>
                {a.indicators.map((ind) => (
                  <li key={ind.id}>
                    <Link to={`/comite/plan/indicadores/${ind.id}`}>{ind.name}</Link>
                  </li>
                ))}
              </ul>
            </Detail>
          ) : null}
        </dl>
        {canManage ? (
          <details className="plan-edit" open={Boolean(resultFor("activity"))}>
            <summary>{t("activity.edit")}</summary>
            <ActivityForm
              year={year}
              intent="activity"
              lastResult={resultFor("activity")}
              defaultValue={{
                number: a.number,
                title: a.title,
                description: a.description,
                responsibleAreaId: a.responsibleAreaId,
                responsibilities: a.responsibilities,
                participants: a.participants,
                targetPopulation: a.targetPopulation,
                targetPopulationSize: a.targetPopulationSize,
                targetPopulationUnit: a.targetPopulationUnit,
                executionTerm: a.executionTerm,
                deadline: a.deadline,
                priority: a.priority,
                tramiteIds: a.tramites.map((tr) => tr.id),
                verificationMeans: a.verificationMeans.join("\n"),
                reportingPeriod: a.reportingPeriod,
                backupSystems: a.backupSystems,
                budget: a.budget,
                executedAt: a.executedAt,
              }}
              areas={areas}
              tramites={tramites}
              cancelTo={`/comite/plan/actividades/${a.id}`}
            />
          </details>
        ) : null}
      </section>

      <section aria-labelledby="schedule" className="plan-section">
        <h2 id="schedule" tabIndex={-1}>
          {t("schedule.heading")}
        </h2>
        {a.schedule.length ? <ScheduleGrid title={a.title} year={year} items={a.schedule} /> : <p>{t("schedule.none")}</p>}
        {canManage ? (
          <>
            <h3>{t("schedule.editHeading")}</h3>
            {a.schedule.map((item) => (
              <ScheduleItemForm key={item.id} item={item} lastResult={resultFor(`schedule-${item.id}`)} />
            ))}
            <ScheduleItemForm lastResult={resultFor("schedule-new")} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="evidence" className="plan-section">
        <h2 id="evidence" tabIndex={-1}>
          {t("evidence.heading")}
        </h2>
        <EvidenceList items={a.evidence} canManage={canManage} />
        {canManage ? (
          <div className="plan-evidence-forms">
            <EvidenceFileForm lastResult={resultFor("evidence-file")} />
            <EvidenceLinkForm lastResult={resultFor("evidence-link")} />
          </div>
        ) : null}
      </section>
    </>
  );
}
