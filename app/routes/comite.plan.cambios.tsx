// /comite/plan/cambios — justified changes to the plan, each with the committee's approval date
// (acta). A change approved after 30 June of the plan's year is flagged, in words.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { YearInput } from "~/components/plan/fields";
import { YearPicker } from "~/components/plan/YearPicker";
import { requirePermission } from "~/domain/auth/guard.server";
import { planContext, requirePlan } from "~/domain/plan/context.server";
import { formatDay } from "~/domain/plan/format";
import { changeWindowEnd } from "~/domain/plan/metrics";
import { createPlanChange, deletePlanChange, listPlanChanges } from "~/domain/plan/records.server";
import { CHANGE_COMPONENT_VALUES, IdSchema, PlanChangeSchema } from "~/domain/plan/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Cambios al plan · Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, canManage, plan, years } = await planContext(request);
  const found = requirePlan(plan);
  const changes = await listPlanChanges({ institutionId: user.institutionId, year: found.year });
  return json({ canManage, years, year: found.year, windowEnd: changeWindowEnd(found.year), changes });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const formData = await readFormData(request);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  if (formData.get("intent") === "delete") {
    const parsed = IdSchema.safeParse({ id: formData.get("id") });
    const year = Number(formData.get("year"));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    if (!(await deletePlanChange({ ...scope, id: parsed.data.id }))) throw new Response("Not found", { status: 404 });
    return redirect(`/comite/plan/cambios?anio=${Number.isInteger(year) ? year : ""}&saved=deleted`);
  }
  const submission = parseWithZod(formData, { schema: PlanChangeSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const created = await createPlanChange({ ...scope, input: submission.value });
  if (!created) throw new Response("Not found", { status: 404 });
  return redirect(`/comite/plan/cambios?anio=${submission.value.year}&saved=${created.outsideWindow ? "outside" : "inside"}`);
}

function ChangeForm({ year }: { year: number }) {
  const { t, i18n } = useTranslation("plan");
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "plan-change",
    lastResult,
    constraint: getZodConstraint(PlanChangeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PlanChangeSchema }),
  });
  const labels = {
    component: t("changes.component"),
    description: t("changes.description"),
    justification: t("changes.justification"),
    approvedAt: t("changes.approvedAt"),
    actaReference: t("changes.actaReference"),
  };
  return (
    <section aria-labelledby="new-change" className="form">
      <h2 id="new-change">{t("changes.new")}</h2>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <YearInput year={year} />
        <SelectField
          field={fields.component}
          label={labels.component}
          options={CHANGE_COMPONENT_VALUES.map((c) => ({ value: c, label: t(`changes.components.${c}`) }))}
          placeholder={t("form.choose")}
        />
        <TextAreaField field={fields.description} label={labels.description} hint={t("changes.descriptionHint")} rows={4} />
        <TextAreaField field={fields.justification} label={labels.justification} hint={t("changes.justificationHint")} rows={4} />
        <TextField field={fields.approvedAt} label={labels.approvedAt} hint={t("changes.approvedAtHint", { date: formatDay(changeWindowEnd(year), i18n.language) })} type="date" />
        <TextField field={fields.actaReference} label={labels.actaReference} hint={t("changes.actaHint")} optional />
        <div className="button-row">
          <button type="submit" className="button">
            {t("changes.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function PlanChanges() {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  const { canManage, years, year, windowEnd, changes } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <h1>{t("changes.heading", { year })}</h1>
      <YearPicker years={years} current={year} />
      <p>{t("changes.intro", { date: formatDay(windowEnd, lng) })}</p>
      {saved === "outside" ? (
        <p className="notice warning" role="status">
          {t("changes.savedOutside", { date: formatDay(windowEnd, lng) })}
        </p>
      ) : saved ? (
        <p className="notice success" role="status">
          {saved === "deleted" ? t("saved.deleted") : t("changes.savedInside")}
        </p>
      ) : null}
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}
      {changes.length === 0 ? (
        <p>{t("changes.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="plan-table">
            <caption>{t("changes.caption", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("changes.approvedAt")}</th>
                <th scope="col">{t("changes.component")}</th>
                <th scope="col">{t("changes.description")}</th>
                <th scope="col">{t("changes.justification")}</th>
                <th scope="col">{t("changes.actaReference")}</th>
                <th scope="col">{t("changes.window")}</th>
                {canManage ? <th scope="col">{t("actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{formatDay(c.approvedAt, lng)}</th>
                  <td>{t(`changes.components.${c.component}`, { defaultValue: c.component })}</td>
                  <td className="plan-text">{c.description}</td>
                  <td className="plan-text">{c.justification}</td>
                  <td>{c.actaReference || "—"}</td>
                  <td>
                    {c.outsideWindow ? (
                      <strong className="plan-flag">{t("changes.outside", { date: formatDay(windowEnd, lng) })}</strong>
                    ) : (
                      t("changes.inside")
                    )}
                  </td>
                  {canManage ? (
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={c.id} />
                        <YearInput year={year} />
                        <button type="submit" className="link-button danger">
                          {t("changes.delete", { date: formatDay(c.approvedAt, lng) })}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? <ChangeForm year={year} /> : null}
    </>
  );
}
