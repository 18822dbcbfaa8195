import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RoutingRuleForm } from "~/components/admin/RoutingRuleForm";
import { listAreaOptions, unknownReferenceField } from "~/domain/admin/areas.server";
import { createRoutingRule, listTramiteOptions } from "~/domain/admin/routing-rules.server";
import { RoutingRuleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva regla de derivación · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const [areas, tramites] = await Promise.all([
    listAreaOptions({ institutionId: user.institutionId }),
    listTramiteOptions({ institutionId: user.institutionId }),
  ]);
  return json({ areas, tramites });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: RoutingRuleSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createRoutingRule({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    throw error;
  }
  return redirect("/admin/reglas?saved=1");
}

export default function NewRoutingRule() {
  const { t } = useTranslation("admin");
  const { areas, tramites } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("routingRules.new")}</h1>
      <RoutingRuleForm lastResult={useActionData<typeof action>()} areas={areas} tramites={tramites} />
    </>
  );
}
