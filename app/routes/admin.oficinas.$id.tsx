import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OfficeForm } from "~/components/admin/OfficeForm";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { getOffice, updateOffice } from "~/domain/admin/offices.server";
import { OfficeSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar oficina · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const office = await getOffice({ institutionId: user.institutionId, id: parseId(params) });
  if (!office) throw new Response("Not found", { status: 404 });
  return json({ office });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const submission = parseWithZod(await readFormData(request), { schema: OfficeSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateOffice({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    if (uniqueViolationFields(error)) return json(submission.reply({ fieldErrors: { code: ["validation.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect("/admin/oficinas?saved=1");
}

export default function EditOffice() {
  const { t } = useTranslation("admin");
  const { office } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("offices.edit", { name: office.name })}</h1>
      <OfficeForm lastResult={useActionData<typeof action>()} defaultValue={office} />
    </>
  );
}
