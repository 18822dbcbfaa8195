import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { listRoutingRules, setRoutingRuleActive } from "~/domain/admin/routing-rules.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Reglas de derivación · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ rules: await listRoutingRules({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json({ ok: false }, { status: 400 });
  const found = await setRoutingRuleActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function RoutingRulesList() {
  const { t } = useTranslation("admin");
  const { rules } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.routingRules")}</h1>
        <Link to="nueva" className="button">
          {t("routingRules.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <p>{t("routingRules.intro")}</p>
      {rules.length === 0 ? (
        <p>{t("routingRules.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("nav.routingRules")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("routingRules.priority")}</th>
                <th scope="col">{t("routingRules.name")}</th>
                <th scope="col">{t("routingRules.kind")}</th>
                <th scope="col">{t("routingRules.tramite")}</th>
                <th scope="col">{t("routingRules.keywords")}</th>
                <th scope="col">{t("routingRules.area")}</th>
                <th scope="col">{t("statusColumn")}</th>
                <th scope="col">{t("actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.priority}</td>
                  <td>
                    <Link to={rule.id}>{rule.name}</Link>
                  </td>
                  <td>{rule.kind ? t(`routingRules.kinds.${rule.kind}`) : t("routingRules.any")}</td>
                  <td>{rule.tramite?.name ?? t("routingRules.any")}</td>
                  <td>{rule.keywords.length > 0 ? rule.keywords.join(", ") : t("routingRules.any")}</td>
                  <td>{rule.area.name}</td>
                  <td>
                    <ActiveBadge active={rule.active} />
                  </td>
                  <td>
                    <ActiveToggle id={rule.id} active={rule.active} label={rule.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
