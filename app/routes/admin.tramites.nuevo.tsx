import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TramiteForm } from "~/components/admin/TramiteForm";
import { listAreaOptions, unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { TramiteSchema } from "~/domain/admin/schemas";
import { createTramite } from "~/domain/admin/tramites.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nuevo trámite · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ areas: await listAreaOptions({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: TramiteSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createTramite({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/tramites?saved=1");
}

export default function NewTramite() {
  const { t } = useTranslation("admin");
  const { areas } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("tramites.new")}</h1>
      <TramiteForm lastResult={useActionData<typeof action>()} areas={areas} />
    </>
  );
}
