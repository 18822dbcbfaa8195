import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { localize } from "~/domain/surveys/questions";
import { listSurveyTemplates, setDefaultSurveyTemplate, setSurveyTemplateActive, templateStateMessage, type TemplateStateResult } from "~/domain/surveys/templates.server";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Encuestas · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ templates: await listSurveyTemplates({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const formData = await readFormData(request);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  type ActionData = { error: { key: string; count?: number } };
  let result: TemplateStateResult;
  let done: string;
  if (formData.get("intent") === "make-default") {
    const id = z.string().uuid().safeParse(formData.get("id"));
    if (!id.success) return json<ActionData>({ error: { key: "templates.errors.notFound" } }, { status: 400 });
    result = await setDefaultSurveyTemplate({ ...scope, id: id.data });
    done = "default";
  } else {
    const toggle = ActiveToggleSchema.safeParse(Object.fromEntries(formData));
    if (!toggle.success) return json<ActionData>({ error: { key: "templates.errors.notFound" } }, { status: 400 });
    result = await setSurveyTemplateActive({ ...scope, ...toggle.data });
    done = toggle.data.active ? "activated" : "deactivated";
  }
  if (!result.ok) return json<ActionData>({ error: templateStateMessage(result) }, { status: result.reason === "notFound" ? 404 : 409 });
  return redirect(`/admin/encuestas?done=${done}`);
}

export default function SurveyTemplatesList() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const lng = i18n.language;
  return (
    <>
      <div className="page-header">
        <h1>{t("templates.title")}</h1>
        <Link to="nueva" className="button">
          {t("templates.new")}
        </Link>
      </div>
      {actionData?.error ? (
        <p className="notice warning" role="alert">
          {t(actionData.error.key, { count: actionData.error.count ?? 0 })}
        </p>
      ) : null}
      {done && ["default", "activated", "deactivated", "created"].includes(done) ? (
        <p className="notice success" role="status">
          {t(`templates.done.${done}`)}
        </p>
      ) : null}
      <p>{t("templates.intro")}</p>
      {templates.length === 0 ? (
        <p>{t("templates.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="sa-table">
            <caption className="visually-hidden">{t("templates.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("templates.columns.title")}</th>
                <th scope="col">{t("templates.columns.key")}</th>
                <th scope="col">{t("templates.columns.version")}</th>
                <th scope="col">{t("templates.columns.default")}</th>
                <th scope="col">{t("templates.columns.status")}</th>
                <th scope="col">{t("templates.columns.responses")}</th>
                <th scope="col">{t("templates.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => {
                const title = localize(template.title, lng);
                return (
                  <tr key={template.id} className={template.superseded ? "sa-superseded" : undefined}>
                    <td>
                      <Link to={template.id}>{title}</Link>
                    </td>
                    <td>
                      <code>{template.key}</code>
                    </td>
                    <td>{template.version}</td>
                    <td>{template.isDefault ? <span className="badge active">{t("templates.defaultBadge")}</span> : null}</td>
                    <td>{template.superseded ? <span className="badge inactive">{t("templates.supersededBadge")}</span> : <ActiveBadge active={template.active} />}</td>
                    <td>{template.responseCount}</td>
                    <td>
                      {template.superseded ? null : (
                        <div className="sa-actions">
                          {!template.isDefault && template.active ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="id" value={template.id} />
                              <button type="submit" name="intent" value="make-default" className="button secondary small">
                                {t("templates.makeDefault")}
                                <span className="visually-hidden">: {title}</span>
                              </button>
                            </Form>
                          ) : null}
                          {!template.isDefault ? <ActiveToggle id={template.id} active={template.active} label={title} /> : null}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
