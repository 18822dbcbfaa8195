import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { RoutingRuleForm } from "~/components/admin/RoutingRuleForm";
import { listAreaOptions, unknownReferenceField } from "~/domain/admin/areas.server";
import { getRoutingRule, listTramiteOptions, setRoutingRuleActive, updateRoutingRule } from "~/domain/admin/routing-rules.server";
import { ActiveToggleSchema, RoutingRuleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar regla de derivación · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const rule = await getRoutingRule({ institutionId: user.institutionId, id: parseId(params) });
  if (!rule) throw new Response("Not found", { status: 404 });
  const [areas, tramites] = await Promise.all([
    listAreaOptions({ institutionId: user.institutionId, currentId: rule.areaId }),
    listTramiteOptions({ institutionId: user.institutionId, currentId: rule.tramiteId }),
  ]);
  return json({ rule, areas, tramites });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const formData = await readFormData(request);
  if (formData.get("intent") === "toggle-active") {
    const toggle = parseWithZod(formData, { schema: ActiveToggleSchema });
    if (toggle.status !== "success" || toggle.value.id !== id) throw new Response("Bad request", { status: 400 });
    const found = await setRoutingRuleActive({ institutionId: user.institutionId, actorId: user.id, ...toggle.value });
    if (!found) throw new Response("Not found", { status: 404 });
    return redirect(`/admin/reglas/${id}?saved=1`);
  }
  const submission = parseWithZod(formData, { schema: RoutingRuleSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateRoutingRule({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    throw error;
  }
  return redirect("/admin/reglas?saved=1");
}

export default function EditRoutingRule() {
  const { t } = useTranslation("admin");
  const { rule, areas, tramites } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const defaultValue = {
    name: rule.name,
    priority: rule.priority,
    kind: rule.kind,
    tramiteId: rule.tramiteId,
    keywords: rule.keywords.join(", "),
    areaId: rule.areaId,
  };
  return (
    <>
      <h1>{t("routingRules.edit", { name: rule.name })}</h1>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <section aria-labelledby="rule-status" className="button-row">
        <h2 id="rule-status" className="visually-hidden">
          {t("routingRules.status")}
        </h2>
        <ActiveBadge active={rule.active} />
        <ActiveToggle id={rule.id} active={rule.active} label={rule.name} />
      </section>
      <RoutingRuleForm lastResult={useActionData<typeof action>()} defaultValue={defaultValue} areas={areas} tramites={tramites} />
    </>
  );
}
