import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, ActiveToggle } from "~/components/admin/ActiveToggle";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { listPosters, setPosterActive } from "~/domain/surveys/posters.server";
import { localize } from "~/domain/surveys/questions";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Afiches QR · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  return json({ posters: await listPosters({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const toggle = ActiveToggleSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!toggle.success) return json({ ok: false }, { status: 400 });
  const found = await setPosterActive({ institutionId: user.institutionId, actorId: user.id, ...toggle.data });
  return json({ ok: found }, { status: found ? 200 : 404 });
}

export default function PostersList() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { posters } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <div className="page-header">
        <h1>{t("posters.title")}</h1>
        <Link to="nuevo" className="button">
          {t("posters.new")}
        </Link>
      </div>
      {done && ["created", "saved", "deleted"].includes(done) ? (
        <p className="notice success" role="status">
          {t(`posters.done.${done}`)}
        </p>
      ) : null}
      <p>{t("posters.intro")}</p>
      {posters.length === 0 ? (
        <p>{t("posters.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="sa-table">
            <caption className="visually-hidden">{t("posters.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("posters.columns.code")}</th>
                <th scope="col">{t("posters.columns.office")}</th>
                <th scope="col">{t("posters.columns.channel")}</th>
                <th scope="col">{t("posters.columns.tramite")}</th>
                <th scope="col">{t("posters.columns.template")}</th>
                <th scope="col">{t("posters.columns.link")}</th>
                <th scope="col">{t("posters.columns.responses")}</th>
                <th scope="col">{t("posters.columns.status")}</th>
                <th scope="col">{t("posters.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {posters.map((poster) => (
                <tr key={poster.id}>
                  <td>
                    <Link to={poster.id}>
                      <code>{poster.code}</code>
                    </Link>
                  </td>
                  <td>{poster.officeName}</td>
                  <td>{t(`cases:channel.${poster.channel}`)}</td>
                  <td>{poster.tramiteName ?? t("posters.anyTramite")}</td>
                  <td>{poster.template ? t("posters.templateVersion", { title: localize(poster.template.title, i18n.language), version: poster.template.version }) : t("posters.defaultTemplate")}</td>
                  <td className="sa-url">{poster.url}</td>
                  <td>{poster.responseCount}</td>
                  <td>
                    <ActiveBadge active={poster.active} />
                  </td>
                  <td>
                    <div className="sa-actions">
                      <Link to={`${poster.id}/imprimir`}>
                        {t("posters.print")}
                        <span className="visually-hidden">: {poster.code}</span>
                      </Link>
                      <ActiveToggle id={poster.id} active={poster.active} label={poster.code} />
                    </div>
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
