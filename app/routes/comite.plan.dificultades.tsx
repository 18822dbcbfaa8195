// /comite/plan/dificultades — difficulties and slack (dificultades y holguras): description, at
// least one internal or external factor, and the plan components affected.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField } from "~/components/forms";
import { YearInput } from "~/components/plan/fields";
import { YearPicker } from "~/components/plan/YearPicker";
import { requirePermission } from "~/domain/auth/guard.server";
import { planContext, requirePlan } from "~/domain/plan/context.server";
import { createPlanFactor, deletePlanFactor, listPlanFactors } from "~/domain/plan/records.server";
import { FACTOR_KIND_VALUES, IdSchema, PlanFactorSchema } from "~/domain/plan/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Dificultades y holguras · Comité de calidad · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, canManage, plan, years } = await planContext(request);
  const found = requirePlan(plan);
  const factors = await listPlanFactors({ institutionId: user.institutionId, year: found.year });
  return json({ canManage, years, year: found.year, factors });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const formData = await readFormData(request);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  if (formData.get("intent") === "delete") {
    const parsed = IdSchema.safeParse({ id: formData.get("id") });
    const year = Number(formData.get("year"));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    if (!(await deletePlanFactor({ ...scope, id: parsed.data.id }))) throw new Response("Not found", { status: 404 });
    return redirect(`/comite/plan/dificultades?anio=${Number.isInteger(year) ? year : ""}&saved=deleted`);
  }
  const submission = parseWithZod(formData, { schema: PlanFactorSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const id = await createPlanFactor({ ...scope, input: submission.value });
  if (!id) throw new Response("Not found", { status: 404 });
  return redirect(`/comite/plan/dificultades?anio=${submission.value.year}&saved=created`);
}

function FactorForm({ year }: { year: number }) {
  const { t } = useTranslation("plan");
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "plan-factor",
    lastResult,
    constraint: getZodConstraint(PlanFactorSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PlanFactorSchema }),
  });
  const labels = {
    kind: t("factors.kind"),
    description: t("factors.description"),
    internalFactors: t("factors.internalFactors"),
    externalFactors: t("factors.externalFactors"),
    affectedComponents: t("factors.affectedComponents"),
  };
  return (
    <section aria-labelledby="new-factor" className="form">
      <h2 id="new-factor">{t("factors.new")}</h2>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <YearInput year={year} />
        <SelectField field={fields.kind} label={labels.kind} options={FACTOR_KIND_VALUES.map((k) => ({ value: k, label: t(`factors.kinds.${k}`) }))} placeholder={t("form.choose")} />
        <TextAreaField field={fields.description} label={labels.description} rows={4} />
        <fieldset className="field">
          <legend>{t("factors.factorsLegend")}</legend>
          <p className="hint">{t("factors.factorsHint")}</p>
          <TextAreaField field={fields.internalFactors} label={labels.internalFactors} hint={t("factors.internalHint")} optional rows={3} />
          <TextAreaField field={fields.externalFactors} label={labels.externalFactors} hint={t("factors.externalHint")} optional rows={3} />
        </fieldset>
        <TextAreaField field={fields.affectedComponents} label={labels.affectedComponents} hint={t("factors.affectedHint")} rows={2} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("factors.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function PlanFactors() {
  const { t } = useTranslation("plan");
  const { canManage, years, year, factors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <h1>{t("factors.heading", { year })}</h1>
      <YearPicker years={years} current={year} />
      <p>{t("factors.intro")}</p>
      {saved ? (
        <p className="notice success" role="status">
          {saved === "deleted" ? t("saved.deleted") : t("factors.saved")}
        </p>
      ) : null}
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}
      {factors.length === 0 ? (
        <p>{t("factors.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="plan-table">
            <caption>{t("factors.caption", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("factors.kind")}</th>
                <th scope="col">{t("factors.description")}</th>
                <th scope="col">{t("factors.internalFactors")}</th>
                <th scope="col">{t("factors.externalFactors")}</th>
                <th scope="col">{t("factors.affectedComponents")}</th>
                {canManage ? <th scope="col">{t("actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {factors.map((f, index) => (
                <tr key={f.id}>
                  <th scope="row">{t(`factors.kinds.${f.kind}`)}</th>
                  <td className="plan-text">{f.description}</td>
                  <td className="plan-text">{f.internalFactors || "—"}</td>
                  <td className="plan-text">{f.externalFactors || "—"}</td>
                  <td className="plan-text">{f.affectedComponents}</td>
                  {canManage ? (
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={f.id} />
                        <YearInput year={year} />
                        <button type="submit" className="link-button danger">
                          {t("factors.delete", { n: index + 1 })}
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
      {canManage ? <FactorForm year={year} /> : null}
    </>
  );
}
