import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AreaForm } from "~/components/admin/AreaForm";
import { getArea, unknownReferenceField, updateArea } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { AreaSchema } from "~/domain/admin/schemas";
import { listUserOptions } from "~/domain/admin/users.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar área · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const area = await getArea({ institutionId: user.institutionId, id: parseId(params) });
  if (!area) throw new Response("Not found", { status: 404 });
  const heads = await listUserOptions({ institutionId: user.institutionId, currentId: area.headId });
  return json({ area, heads });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const submission = parseWithZod(await readFormData(request), { schema: AreaSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateArea({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/areas?saved=1");
}

export default function EditArea() {
  const { t } = useTranslation("admin");
  const { area, heads } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("areas.edit", { name: area.name })}</h1>
      <AreaForm lastResult={useActionData<typeof action>()} defaultValue={area} heads={heads} />
    </>
  );
}
