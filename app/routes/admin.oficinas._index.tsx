import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { listOffices, setOfficeActive } from "~/domain/admin/offices.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { regionName } from "~/domain/geo/regions";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Oficinas · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ offices: await listOffices({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json({ ok: false }, { status: 400 });
  const found = await setOfficeActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function OfficesList() {
  const { t } = useTranslation("admin");
  const { offices } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.offices")}</h1>
        <Link to="nueva" className="button">
          {t("offices.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("nav.offices")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("offices.code")}</th>
              <th scope="col">{t("offices.name")}</th>
              <th scope="col">{t("offices.address")}</th>
              <th scope="col">{t("statusColumn")}</th>
              <th scope="col">{t("actionsColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {offices.map((o) => (
              <tr key={o.id}>
                <td>{o.code}</td>
                <td>
                  <Link to={o.id}>{o.name}</Link>
                </td>
                <td>
                  {o.address}, {o.commune}, {regionName(o.region) ?? o.region}
                </td>
                <td>
                  <ActiveBadge active={o.active} />
                </td>
                <td>
                  <ActiveToggle id={o.id} active={o.active} label={o.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
