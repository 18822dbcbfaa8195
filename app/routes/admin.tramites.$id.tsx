import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TramiteForm } from "~/components/admin/TramiteForm";
import { listAreaOptions, unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { TramiteSchema } from "~/domain/admin/schemas";
import { getTramite, updateTramite } from "~/domain/admin/tramites.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar trámite · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const tramite = await getTramite({ institutionId: user.institutionId, id: parseId(params) });
  if (!tramite) throw new Response("Not found", { status: 404 });
  const areas = await listAreaOptions({ institutionId: user.institutionId, currentId: tramite.defaultAreaId });
  return json({ tramite, areas });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const submission = parseWithZod(await readFormData(request), { schema: TramiteSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateTramite({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/tramites?saved=1");
}

export default function EditTramite() {
  const { t } = useTranslation("admin");
  const { tramite, areas } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("tramites.edit", { name: tramite.name })}</h1>
      <TramiteForm lastResult={useActionData<typeof action>()} defaultValue={tramite} areas={areas} />
    </>
  );
}
