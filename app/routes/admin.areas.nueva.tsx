import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AreaForm } from "~/components/admin/AreaForm";
import { createArea, unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { AreaSchema } from "~/domain/admin/schemas";
import { listUserOptions } from "~/domain/admin/users.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nueva área · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ heads: await listUserOptions({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: AreaSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createArea({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/areas?saved=1");
}

export default function NewArea() {
  const { t } = useTranslation("admin");
  const { heads } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("areas.new")}</h1>
      <AreaForm lastResult={useActionData<typeof action>()} heads={heads} />
    </>
  );
}
