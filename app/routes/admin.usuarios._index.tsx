import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { useErrorText } from "~/components/forms";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { listUsers, setUserActive } from "~/domain/admin/users.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Usuarios · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ users: await listUsers({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const result = await setUserActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  if (result === "self") return json(submission.reply({ formErrors: ["admin:users.cannotDeactivateSelf"] }), { status: 400 });
  return json(submission.reply(), { status: result === "ok" ? 200 : 404 });
}

export default function UsersList() {
  const { t } = useTranslation("admin");
  const errorText = useErrorText();
  const { users } = useLoaderData<typeof loader>();
  const formErrors = useActionData<typeof action>()?.error?.[""] ?? [];
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.users")}</h1>
        <Link to="nuevo" className="button">
          {t("users.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      {formErrors.length > 0 ? (
        <div className="error-summary" role="alert">
          {formErrors.map((e) => (
            <p key={e}>{errorText(e)}</p>
          ))}
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("nav.users")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.area")}</th>
              <th scope="col">{t("users.office")}</th>
              <th scope="col">{t("statusColumn")}</th>
              <th scope="col">{t("actionsColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={u.id}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{t(`common:roles.${u.role}`)}</td>
                <td>{u.area?.name ?? t("notAssigned")}</td>
                <td>{u.office?.name ?? t("notAssigned")}</td>
                <td>
                  <ActiveBadge active={u.active} />
                </td>
                <td>
                  <ActiveToggle id={u.id} active={u.active} label={u.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
