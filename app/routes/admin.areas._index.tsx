import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { listAreas, setAreaActive } from "~/domain/admin/areas.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Áreas · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ areas: await listAreas({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json({ ok: false }, { status: 400 });
  const found = await setAreaActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function AreasList() {
  const { t } = useTranslation("admin");
  const { areas } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.areas")}</h1>
        <Link to="nueva" className="button">
          {t("areas.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("nav.areas")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("areas.code")}</th>
              <th scope="col">{t("areas.name")}</th>
              <th scope="col">{t("areas.head")}</th>
              <th scope="col">{t("areas.email")}</th>
              <th scope="col">{t("statusColumn")}</th>
              <th scope="col">{t("actionsColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((a) => (
              <tr key={a.id}>
                <td>{a.code}</td>
                <td>
                  <Link to={a.id}>{a.name}</Link>
                </td>
                <td>{a.head?.name ?? t("notAssigned")}</td>
                <td>{a.email ?? t("notAssigned")}</td>
                <td>
                  <ActiveBadge active={a.active} />
                </td>
                <td>
                  <ActiveToggle id={a.id} active={a.active} label={a.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
