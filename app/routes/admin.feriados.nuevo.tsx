import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HolidayForm } from "~/components/admin/HolidayForm";
import { createHoliday, isDuplicateHoliday } from "~/domain/admin/holidays.server";
import { HolidaySchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nuevo feriado · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: HolidaySchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createHoliday({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  } catch (error) {
    if (isDuplicateHoliday(error)) return json(submission.reply({ fieldErrors: { date: ["admin:holidays.errors.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect(`/admin/feriados?anio=${submission.value.date.slice(0, 4)}&saved=1`);
}

export default function NewHoliday() {
  const { t } = useTranslation("admin");
  return (
    <>
      <h1>{t("holidays.new")}</h1>
      <HolidayForm lastResult={useActionData<typeof action>()} cancelTo="/admin/feriados" />
    </>
  );
}
