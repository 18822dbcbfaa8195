import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UserForm } from "~/components/admin/UserForm";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { UserCreateSchema } from "~/domain/admin/schemas";
import { createUser, getUserFormOptions } from "~/domain/admin/users.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nuevo usuario · Administración · OIRS" }];

const hideFields = ["password"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json(await getUserFormOptions({ institutionId: user.institutionId }));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: UserCreateSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields }), { status: 400 });
  try {
    await createUser({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ hideFields, fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ hideFields, fieldErrors: { email: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/usuarios?saved=1");
}

export default function NewUser() {
  const { t } = useTranslation("admin");
  const { areas, offices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("users.new")}</h1>
      <UserForm mode="create" lastResult={useActionData<typeof action>()} areas={areas} offices={offices} />
    </>
  );
}
