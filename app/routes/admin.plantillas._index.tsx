import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { listReplyTemplates, setReplyTemplateActive } from "~/domain/admin/reply-templates.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Plantillas de respuesta · Administración · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ templates: await listReplyTemplates({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ActiveToggleSchema });
  if (submission.status !== "success") return json({ ok: false }, { status: 400 });
  const found = await setReplyTemplateActive({ institutionId: user.institutionId, actorId: user.id, ...submission.value });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function ReplyTemplatesList() {
  const { t } = useTranslation("admin");
  const { templates } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.replyTemplates")}</h1>
        <Link to="nueva" className="button">
          {t("replyTemplates.new")}
        </Link>
      </div>
      {params.get("saved") ? <p className="notice success" role="status">{t("common:form.saved")}</p> : null}
      <p>{t("replyTemplates.intro")}</p>
      {templates.length === 0 ? (
        <p>{t("replyTemplates.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("nav.replyTemplates")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("replyTemplates.name")}</th>
                <th scope="col">{t("replyTemplates.kind")}</th>
                <th scope="col">{t("replyTemplates.tramite")}</th>
                <th scope="col">{t("replyTemplates.locale")}</th>
                <th scope="col">{t("statusColumn")}</th>
                <th scope="col">{t("actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => (
                <tr key={template.id}>
                  <td>
                    <Link to={template.id}>{template.name}</Link>
                  </td>
                  <td>{template.kind ? t(`routingRules.kinds.${template.kind}`) : t("replyTemplates.any")}</td>
                  <td>{template.tramite?.name ?? t("replyTemplates.any")}</td>
                  <td>{t(`common:language.${template.locale}`, { defaultValue: template.locale })}</td>
                  <td>
                    <ActiveBadge active={template.active} />
                  </td>
                  <td>
                    <ActiveToggle id={template.id} active={template.active} label={template.name} />
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
