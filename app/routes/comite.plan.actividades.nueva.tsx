import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { requirePermission } from "~/domain/auth/guard.server";
import { planContext, requirePlan } from "~/domain/plan/context.server";
import { createActivity, getActivityFormOptions, getPlanPage, PlanInputError } from "~/domain/plan/plan.server";
import { ActivitySchema } from "~/domain/plan/schemas";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva actividad · Plan de mejoramiento · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, canManage, plan } = await planContext(request);
  if (!canManage) throw new Response("Forbidden", { status: 403 });
  const found = requirePlan(plan);
  const [options, page] = await Promise.all([getActivityFormOptions({ institutionId: user.institutionId }), getPlanPage({ institutionId: user.institutionId, year: found.year })]);
  const nextNumber = Math.max(0, ...(page?.activities.map((a) => a.number) ?? [])) + 1;
  return json({ year: found.year, nextNumber, ...options });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActivitySchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const id = await createActivity({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
    if (!id) throw new Response("Not found", { status: 404 });
    return redirect(`/comite/plan/actividades/${id}?saved=created`);
  } catch (error) {
    if (error instanceof PlanInputError) return json(submission.reply({ fieldErrors: error.fieldErrors }), { status: 400 });
    throw error;
  }
}

export default function NewActivity() {
  const { t } = useTranslation("plan");
  const { year, nextNumber, areas, tramites } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("activity.newHeading", { year })}</h1>
      <ActivityForm
        year={year}
        lastResult={useActionData<typeof action>()}
        defaultValue={{ number: nextNumber, priority: "MEDIA", reportingPeriod: "YEAR" }}
        areas={areas}
        tramites={tramites}
        cancelTo={`/comite/plan?anio=${year}`}
      />
    </>
  );
}
