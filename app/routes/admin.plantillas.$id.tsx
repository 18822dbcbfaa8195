import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { ReplyTemplateForm } from "~/components/admin/ReplyTemplateForm";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { placeholderErrors, ReplyTemplateSchema } from "~/domain/admin/reply-template-schema";
import { getReplyTemplate, InvalidPlaceholdersError, setReplyTemplateActive, updateReplyTemplate } from "~/domain/admin/reply-templates.server";
import { listTramiteOptions } from "~/domain/admin/routing-rules.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar plantilla de respuesta · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const template = await getReplyTemplate({ institutionId: user.institutionId, id: parseId(params) });
  if (!template) throw new Response("Not found", { status: 404 });
  const tramites = await listTramiteOptions({ institutionId: user.institutionId, currentId: template.tramiteId });
  return json({ template, tramites });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const formData = await readFormData(request);
  if (formData.get("intent") === "toggle-active") {
    const toggle = parseWithZod(formData, { schema: ActiveToggleSchema });
    if (toggle.status !== "success" || toggle.value.id !== id) throw new Response("Bad request", { status: 400 });
    const found = await setReplyTemplateActive({ institutionId: user.institutionId, actorId: user.id, ...toggle.value });
    if (!found) throw new Response("Not found", { status: 404 });
    return redirect(`/admin/plantillas/${id}?saved=1`);
  }
  const submission = parseWithZod(formData, { schema: ReplyTemplateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateReplyTemplate({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (error instanceof InvalidPlaceholdersError) {
      return json(submission.reply({ fieldErrors: { body: placeholderErrors(submission.value.body) } }), { status: 400 });
    }
    throw error;
  }
  return redirect("/admin/plantillas?saved=1");
}

export default function EditReplyTemplate() {
  const { t } = useTranslation("admin");
  const { template, tramites } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const defaultValue = {
    name: template.name,
    kind: template.kind,
    tramiteId: template.tramiteId,
    locale: template.locale,
    body: template.body,
  };
  return (
    <>
      <h1>{t("replyTemplates.edit", { name: template.name })}</h1>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <section aria-labelledby="template-status" className="button-row">
        <h2 id="template-status" className="visually-hidden">
          {t("replyTemplates.status")}
        </h2>
        <ActiveBadge active={template.active} />
        <ActiveToggle id={template.id} active={template.active} label={template.name} />
      </section>
      <ReplyTemplateForm lastResult={useActionData<typeof action>()} defaultValue={defaultValue} tramites={tramites} />
    </>
  );
}
