// /comite/plan: the year's plan — objectives (editable by the committee), activities with their
// progress, and the PCPA.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, TextField } from "~/components/forms";
import { YearInput } from "~/components/plan/fields";
import { YearPicker } from "~/components/plan/YearPicker";
import { requirePermission } from "~/domain/auth/guard.server";
import { planContext } from "~/domain/plan/context.server";
import { formatDay, formatNumber } from "~/domain/plan/format";
import { getPlanPage, updatePlanObjectives } from "~/domain/plan/plan.server";
import { PlanObjectivesSchema } from "~/domain/plan/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Plan de mejoramiento · Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, canManage, plan, years, requestedYear } = await planContext(request);
  if (!plan) {
    if (requestedYear) throw new Response("Not found", { status: 404 });
    return json({ canManage, years, page: null });
  }
  const page = await getPlanPage({ institutionId: user.institutionId, year: plan.year });
  return json({ canManage, years, page });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const submission = parseWithZod(await readFormData(request), { schema: PlanObjectivesSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const saved = await updatePlanObjectives({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  if (!saved) throw new Response("Not found", { status: 404 });
  return redirect(`/comite/plan?anio=${submission.value.year}&saved=1`);
}

function ObjectivesForm(props: { year: number; title: string; generalObjective: string; specificObjectives: string[] }) {
  const { t } = useTranslation("plan");
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "plan-objectives",
    lastResult,
    defaultValue: { title: props.title, generalObjective: props.generalObjective, specificObjectives: props.specificObjectives.join("\n") },
    constraint: getZodConstraint(PlanObjectivesSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PlanObjectivesSchema }),
  });
  const labels = { title: t("plan.titleField"), generalObjective: t("plan.generalObjective"), specificObjectives: t("plan.specificObjectives") };
  return (
    <details className="plan-edit" open={Boolean(lastResult)}>
      <summary>{t("plan.editObjectives")}</summary>
      <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <YearInput year={props.year} />
          <TextField field={fields.title} label={labels.title} />
          <TextAreaField field={fields.generalObjective} label={labels.generalObjective} rows={4} />
          <TextAreaField field={fields.specificObjectives} label={labels.specificObjectives} hint={t("form.onePerLine")} rows={6} />
          <div className="button-row">
            <button type="submit" className="button">
              {t("common:actions.save")}
            </button>
          </div>
        </Form>
      </div>
    </details>
  );
}

export default function PlanPage() {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  const { canManage, years, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  if (!page) {
    return (
      <>
        <h1>{t("plan.heading")}</h1>
        <p>{t("plan.none")}</p>
      </>
    );
  }
  const q = `?anio=${page.year}`;
  return (
    <>
      <h1>{t("plan.headingYear", { year: page.year })}</h1>
      <p className="plan-title">{page.title}</p>
      <YearPicker years={years} current={page.year} />
      {params.get("saved") ? (
        <p className="notice success" role="status">
          {t("common:form.saved")}
        </p>
      ) : null}
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}
      <p>
        <Link to={`/comite/informe${q}`}>{t("report:open", { year: page.year })}</Link>
      </p>
      <p>
        <Link to={`/comite/difusion${q}`}>{t("dissemination:link")}</Link>
      </p>

      <section aria-labelledby="pcpa-heading" className="plan-pcpa">
        <h2 id="pcpa-heading">{t("plan.pcpa")}</h2>
        <p className="stat">
          {page.pcpa.value === null
            ? t("plan.pcpaNone")
            : t("plan.pcpaValue", { value: formatNumber(page.pcpa.value, lng), executed: page.pcpa.executed, programmed: page.pcpa.programmed })}
        </p>
        <p className="hint">{t("plan.pcpaHint")}</p>
      </section>

      <section aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">{t("plan.objectives")}</h2>
        <h3>{t("plan.generalObjective")}</h3>
        <p>{page.generalObjective}</p>
        <h3>{t("plan.specificObjectives")}</h3>
        <ol>
          {page.specificObjectives.map((o, i) => (
            <li key={i}>{o}</li>
          ))}
        </ol>
        {canManage ? <ObjectivesForm year={page.year} title={page.title} generalObjective={page.generalObjective} specificObjectives={page.specificObjectives} /> : null}
      </section>

      <section aria-labelledby="activities-heading">
        <h2 id="activities-heading">{t("plan.activities")}</h2>
        {canManage ? (
          <p>
            <Link to={`/comite/plan/actividades/nueva${q}`} className="button secondary">
              {t("activity.new")}
            </Link>
          </p>
        ) : null}
        {page.activities.length === 0 ? (
          <p>{t("plan.noActivities")}</p>
        ) : (
          <div className="table-wrap">
            <table className="plan-table">
              <caption>{t("plan.activitiesCaption", { year: page.year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("activity.number")}</th>
                  <th scope="col">{t("activity.title")}</th>
                  <th scope="col">{t("activity.responsibleArea")}</th>
                  <th scope="col">{t("activity.priority")}</th>
                  <th scope="col">{t("activity.deadline")}</th>
                  <th scope="col">{t("plan.progress")}</th>
                  <th scope="col">{t("plan.executed")}</th>
                </tr>
              </thead>
              <tbody>
                {page.activities.map((a) => (
                  <tr key={a.id}>
                    <td>{a.number}</td>
                    <th scope="row">
                      <Link to={`/comite/plan/actividades/${a.id}`}>{a.title}</Link>
                    </th>
                    <td>{a.responsibleArea ?? "—"}</td>
                    <td>{t(`priority.${a.priority}`)}</td>
                    <td>{formatDay(a.deadline, lng)}</td>
                    <td>
                      {t("plan.progressValue", { done: a.done, total: a.subActions })}
                      {a.inProgress ? <> · {t("plan.inProgressCount", { count: a.inProgress })}</> : null}
                      {a.late ? (
                        <>
                          {" "}
                          <span className="plan-late">{t("plan.lateCount", { count: a.late })}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{a.executedAt ? t("plan.executedOn", { date: formatDay(a.executedAt, lng) }) : t("plan.notExecuted")}</td>
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
