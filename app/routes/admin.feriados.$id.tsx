import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { HolidayForm, useLongDate } from "~/components/admin/HolidayForm";
import { deleteHoliday, getHoliday, isDuplicateHoliday, updateHoliday } from "~/domain/admin/holidays.server";
import { HolidaySchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { regionName } from "~/domain/geo/regions";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Editar feriado · Administración · OIRS" }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const holiday = await getHoliday({ institutionId: user.institutionId, id: parseId(params) });
  if (!holiday) throw new Response("Not found", { status: 404 });
  return json({ holiday });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const formData = await readFormData(request);
  // Posted only by the confirmation step (?eliminar=1), which is a page of its own so it works without JavaScript.
  if (formData.get("intent") === "delete") {
    const deleted = await deleteHoliday({ institutionId: user.institutionId, actorId: user.id, id });
    if (!deleted) throw new Response("Not found", { status: 404 });
    return redirect(`/admin/feriados?anio=${deleted.date.slice(0, 4)}&deleted=1`);
  }
  const submission = parseWithZod(formData, { schema: HolidaySchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const updated = await updateHoliday({ institutionId: user.institutionId, actorId: user.id, id, input: submission.value });
    if (!updated) throw new Response("Not found", { status: 404 });
  } catch (error) {
    if (isDuplicateHoliday(error)) return json(submission.reply({ fieldErrors: { date: ["admin:holidays.errors.duplicate"] } }), { status: 409 });
    throw error;
  }
  return redirect(`/admin/feriados?anio=${submission.value.date.slice(0, 4)}&saved=1`);
}

export default function EditHoliday() {
  const { t } = useTranslation("admin");
  const { holiday } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const lastResult = useActionData<typeof action>();
  const listUrl = `/admin/feriados?anio=${holiday.date.slice(0, 4)}`;
  if (params.get("eliminar")) return <ConfirmDelete holiday={holiday} />;
  return (
    <>
      <h1>{t("holidays.edit", { name: holiday.name })}</h1>
      <HolidayForm lastResult={lastResult} defaultValue={holiday} cancelTo={listUrl} />
      <p>
        <Link to="?eliminar=1" className="button danger">
          {t("holidays.delete")}
        </Link>
      </p>
    </>
  );
}

function ConfirmDelete({ holiday }: { holiday: { id: string; date: string; name: string; region: string | null } }) {
  const { t } = useTranslation("admin");
  const longDate = useLongDate();
  const scope = holiday.region ? (regionName(holiday.region) ?? holiday.region) : t("holidays.wholeCountry");
  return (
    <>
      <h1>{t("holidays.deleteTitle", { name: holiday.name })}</h1>
      <p className="notice warning">{t("holidays.deleteWarning", { date: longDate(holiday.date), scope })}</p>
      <Form method="post" className="button-row">
        <button type="submit" name="intent" value="delete" className="button danger">
          {t("holidays.deleteConfirm")}
        </button>
        <Link to={`/admin/feriados/${holiday.id}`}>{t("common:actions.cancel")}</Link>
      </Form>
    </>
  );
}
