import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { listTramites, setTramiteActive } from "~/domain/admin/tramites.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Trámites · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ tramites: await listTramites({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json({ ok: false }, { status: 400 });
  const found = await setTramiteActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function TramitesList() {
  const { t } = useTranslation("admin");
  const { tramites } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.tramites")}</h1>
        <Link to="nuevo" className="button">
          {t("tramites.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("nav.tramites")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tramites.code")}</th>
              <th scope="col">{t("tramites.name")}</th>
              <th scope="col">{t("tramites.defaultArea")}</th>
              <th scope="col">{t("statusColumn")}</th>
              <th scope="col">{t("actionsColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {tramites.map((tr) => (
              <tr key={tr.id}>
                <td>{tr.code}</td>
                <td>
                  <Link to={tr.id}>{tr.name}</Link>
                </td>
                <td>{tr.defaultArea?.name ?? t("notAssigned")}</td>
                <td>
                  <ActiveBadge active={tr.active} />
                </td>
                <td>
                  <ActiveToggle id={tr.id} active={tr.active} label={tr.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
