// /comite/plan/indicadores/:id — one indicator: its definition, what was recorded per period, and
// the form to record a period: numerator and denominator (MANUAL indicators) and, for any
// indicator, the interpretation, gaps and recommendations the implementation report needs.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/forms";
import { requirePermission } from "~/domain/auth/guard.server";
import { can } from "~/domain/auth/permissions";
import { parseUuid } from "~/domain/plan/context.server";
import { formatDateTimeShort, formatNumber, periodLabel } from "~/domain/plan/format";
import { getIndicator, recordMeasurement } from "~/domain/plan/indicators.server";
import { periodsOf } from "~/domain/plan/metrics";
import { MeasurementSchema } from "~/domain/plan/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Indicador · Plan de mejoramiento · OIRS" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "plan:view");
  const indicator = await getIndicator({ institutionId: user.institutionId, id: parseUuid(params.id) });
  if (!indicator) throw new Response("Not found", { status: 404 });
  return json({ indicator, periods: periodsOf(indicator.period, indicator.year), canManage: can(user.role, "plan:manage") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const id = parseUuid(params.id);
  const submission = parseWithZod(await readFormData(request), { schema: MeasurementSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const outcome = await recordMeasurement({ institutionId: user.institutionId, actorId: user.id, indicatorId: id, input: submission.value });
  if (outcome.kind === "notFound") throw new Response("Not found", { status: 404 });
  if (outcome.kind === "invalid") return json(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  return redirect(`/comite/plan/indicadores/${id}?saved=${encodeURIComponent(submission.value.period)}#measurements`);
}

type Measurement = {
  periodCode: string | null;
  numerator: number | null;
  denominator: number | null;
  interpretation: string;
  gaps: string;
  recommendations: string;
};

function MeasurementForm(props: { manual: boolean; periods: Array<{ code: string }>; current: string; existing: Measurement | undefined }) {
  const { t, i18n } = useTranslation("plan");
  const lastResult = useActionData<typeof action>();
  const e = props.existing;
  const [form, fields] = useForm({
    id: `measurement-${props.current}`,
    lastResult,
    defaultValue: {
      period: props.current,
      numerator: e?.numerator ?? undefined,
      denominator: e?.denominator ?? undefined,
      interpretation: e?.interpretation ?? "",
      gaps: e?.gaps ?? "",
      recommendations: e?.recommendations ?? "",
    },
    constraint: getZodConstraint(MeasurementSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeasurementSchema }),
  });
  const labels = {
    period: t("measurement.period"),
    numerator: t("measurement.numerator"),
    denominator: t("measurement.denominator"),
    interpretation: t("measurement.interpretation"),
    gaps: t("measurement.gaps"),
    recommendations: t("measurement.recommendations"),
  };
  return (
    <section aria-labelledby="record" className="form">
      <h2 id="record" tabIndex={-1}>
        {t("measurement.heading")}
      </h2>
      <p className="hint">{props.manual ? t("measurement.manualHint") : t("measurement.textOnlyHint")}</p>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <SelectField field={fields.period} label={labels.period} options={props.periods.map((p) => ({ value: p.code, label: periodLabel(t, p.code, i18n.language) }))} />
        {props.manual ? (
          <div className="plan-inline-fields">
            <TextField field={fields.numerator} label={labels.numerator} type="number" className="narrow" />
            <TextField field={fields.denominator} label={labels.denominator} type="number" className="narrow" />
          </div>
        ) : null}
        <TextAreaField field={fields.interpretation} label={labels.interpretation} hint={t("measurement.interpretationHint")} optional rows={4} />
        <TextAreaField field={fields.gaps} label={labels.gaps} optional rows={3} />
        <TextAreaField field={fields.recommendations} label={labels.recommendations} optional rows={3} />
        <div className="button-row">
          <button type="submit" className="button">
            {t("measurement.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function IndicatorPage() {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  const { indicator: ind, periods, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const byCode = new Map(ind.measurements.map((m) => [m.periodCode, m]));
  const requested = params.get("periodo");
  const current = periods.find((p) => p.code === requested)?.code ?? periods.find((p) => !byCode.has(p.code))?.code ?? periods[periods.length - 1]!.code;
  const manual = ind.source === "MANUAL";
  return (
    <>
      <nav aria-label={t("common:breadcrumbs")} className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/comite/plan/indicadores?anio=${ind.year}`}>{t("indicators.heading", { year: ind.year })}</Link>
          </li>
          <li aria-current="page">{ind.code}</li>
        </ol>
      </nav>
      <h1>{ind.name}</h1>
      {saved ? (
        <p className="notice success" role="status">
          {t("measurement.saved", { period: periodLabel(t, saved, lng) })}
        </p>
      ) : null}
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}
      <dl className="summary-list">
        <div>
          <dt>{t("indicators.formula")}</dt>
          <dd>{ind.formula}</dd>
        </div>
        <div>
          <dt>{t("indicators.numeratorDef")}</dt>
          <dd>{ind.numeratorDef}</dd>
        </div>
        <div>
          <dt>{t("indicators.denominatorDef")}</dt>
          <dd>{ind.denominatorDef}</dd>
        </div>
        <div>
          <dt>{t("indicators.target")}</dt>
          <dd>{t(ind.direction === "LOWER_IS_BETTER" ? "indicators.targetAtMost" : "indicators.targetAtLeast", { value: formatNumber(ind.target, lng) })}</dd>
        </div>
        <div>
          <dt>{t("indicators.period")}</dt>
          <dd>{t(`period.${ind.period}`)}</dd>
        </div>
        <div>
          <dt>{t("indicators.source")}</dt>
          <dd>
            {t(`source.${ind.source}`)}
            {ind.source === "LIVE" ? ` — ${t("indicators.liveNote")}` : null}
            {ind.source === "PLAN" && ind.pcpa.value !== null
              ? ` — ${t("plan.pcpaValue", { value: formatNumber(ind.pcpa.value, lng), executed: ind.pcpa.executed, programmed: ind.pcpa.programmed })}`
              : null}
          </dd>
        </div>
        {ind.activity ? (
          <div>
            <dt>{t("indicators.activity")}</dt>
            <dd>
              <Link to={`/comite/plan/actividades/${ind.activity.id}`}>{t("activity.heading", { number: ind.activity.number, title: ind.activity.title })}</Link>
            </dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby="measurements">
        <h2 id="measurements" tabIndex={-1}>
          {t("measurement.listHeading")}
        </h2>
        <div className="table-wrap">
          <table className="plan-table">
            <caption>{t("measurement.caption", { name: ind.name, year: ind.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("measurement.period")}</th>
                <th scope="col">{t("measurement.numerator")}</th>
                <th scope="col">{t("measurement.denominator")}</th>
                <th scope="col">{t("measurement.value")}</th>
                <th scope="col">{t("measurement.interpretation")}</th>
                <th scope="col">{t("measurement.gaps")}</th>
                <th scope="col">{t("measurement.recommendations")}</th>
                <th scope="col">{t("measurement.enteredBy")}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => {
                const m = byCode.get(p.code);
                const label = periodLabel(t, p.code, lng);
                return (
                  <tr key={p.code}>
                    <th scope="row">
                      {canManage ? <Link to={`?periodo=${p.code}#record`} aria-label={t("measurement.editPeriod", { period: label })}>{label}</Link> : label}
                    </th>
                    <td>{formatNumber(m?.numerator, lng)}</td>
                    <td>{formatNumber(m?.denominator, lng)}</td>
                    <td>{m?.value === null || m?.value === undefined ? "—" : `${formatNumber(m.value, lng)} %`}</td>
                    <td className="plan-text">{m?.interpretation || "—"}</td>
                    <td className="plan-text">{m?.gaps || "—"}</td>
                    <td className="plan-text">{m?.recommendations || "—"}</td>
                    <td>{m ? t("measurement.enteredByValue", { name: m.enteredBy ?? "—", date: formatDateTimeShort(m.enteredAt, lng) }) : t("measurement.notRecorded")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {canManage ? <MeasurementForm key={current} manual={manual} periods={periods} current={current} existing={byCode.get(current)} /> : null}
    </>
  );
}
