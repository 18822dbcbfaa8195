import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfficeForm } from "~/components/admin/OfficeForm";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { createOffice } from "~/domain/admin/offices.server";
import { OfficeSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva oficina · Administración · OIRS" }];

export async function loader({ request }: ActionFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: OfficeSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createOffice({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/oficinas?saved=1");
}

export default function NewOffice() {
  const { t } = useTranslation("admin");
  return (
    <>
      <h1>{t("offices.new")}</h1>
      <OfficeForm lastResult={useActionData<typeof action>()} />
    </>
  );
}
