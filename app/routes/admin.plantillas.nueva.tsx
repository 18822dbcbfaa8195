import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReplyTemplateForm } from "~/components/admin/ReplyTemplateForm";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { placeholderErrors, ReplyTemplateSchema } from "~/domain/admin/reply-template-schema";
import { createReplyTemplate, InvalidPlaceholdersError } from "~/domain/admin/reply-templates.server";
import { listTramiteOptions } from "~/domain/admin/routing-rules.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva plantilla de respuesta · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ tramites: await listTramiteOptions({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ReplyTemplateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createReplyTemplate({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
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

export default function NewReplyTemplate() {
  const { t } = useTranslation("admin");
  const { tramites } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("replyTemplates.new")}</h1>
      <ReplyTemplateForm lastResult={useActionData<typeof action>()} tramites={tramites} />
    </>
  );
}
