import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { UserForm } from "~/components/admin/UserForm";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { UserUpdateSchema } from "~/domain/admin/schemas";
import { getUser, getUserFormOptions, updateUser } from "~/domain/admin/users.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar usuario · Administración · OIRS" }];

const hideFields = ["password"];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const target = await getUser({ institutionId: user.institutionId, id: parseId(params) });
  if (!target) throw new Response("Not found", { status: 404 });
  const options = await getUserFormOptions({ institutionId: user.institutionId, user: target });
  return json({ user: target, ...options });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const submission = parseWithZod(await readFormData(request), { schema: UserUpdateSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields }), { status: 400 });
  try {
    const updated = await updateUser({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ hideFields, fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ hideFields, fieldErrors: { email: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/usuarios?saved=1");
}

export default function EditUser() {
  const { t } = useTranslation("admin");
  const { user, areas, offices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("users.edit", { name: user.name })}</h1>
      <UserForm mode="edit" lastResult={useActionData<typeof action>()} defaultValue={user} areas={areas} offices={offices} />
    </>
  );
}
