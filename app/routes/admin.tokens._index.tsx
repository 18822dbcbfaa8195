import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { ApiTokenStatus } from "~/domain/admin/api-scopes";
import { getApiToken, listApiTokens, revokeApiToken } from "~/domain/admin/api-tokens.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { formatDate } from "~/utils/dates";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Tokens de API · Administración · OIRS" }];

const TokenId = z.string().uuid();

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  // ?revocar=<id>: the confirmation step, a page of its own so it works without JavaScript.
  const requested = TokenId.safeParse(new URL(request.url).searchParams.get("revocar"));
  if (requested.success) {
    const token = await getApiToken({ institutionId: user.institutionId, id: requested.data });
    if (!token) throw new Response("Not found", { status: 404 });
    if (token.status !== "revoked") return json({ confirm: token, tokens: null });
  }
  return json({ confirm: null, tokens: await listApiTokens({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const formData = await readFormData(request);
  const id = TokenId.safeParse(formData.get("id"));
  if (formData.get("intent") !== "revoke" || !id.success) throw new Response("Bad request", { status: 400 });
  const found = await revokeApiToken({ institutionId: user.institutionId, actorId: user.id, id: id.data });
  if (!found) throw new Response("Not found", { status: 404 });
  return redirect("/admin/tokens?revoked=1");
}

const STATUS_BADGE: Record<ApiTokenStatus, string> = { active: "badge active", expired: "badge inactive", revoked: "badge inactive" };

export default function ApiTokensList() {
  const { t, i18n } = useTranslation("admin");
  const { confirm, tokens } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const lng = i18n.language;
  if (confirm) return <ConfirmRevoke token={confirm} />;
  return (
    <>
      <div className="page-header">
        <h1>{t("nav.apiTokens")}</h1>
        <Link to="nuevo" className="button">
          {t("apiTokens.new")}
        </Link>
      </div>
      {params.get("revoked") ? <p className="notice success" role="status">{t("apiTokens.revoked")}</p> : null}
      <p>{t("apiTokens.intro")}</p>
      {!tokens || tokens.length === 0 ? (
        <p>{t("apiTokens.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("nav.apiTokens")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("apiTokens.name")}</th>
                <th scope="col">{t("apiTokens.prefix")}</th>
                <th scope="col">{t("apiTokens.scopesColumn")}</th>
                <th scope="col">{t("apiTokens.created")}</th>
                <th scope="col">{t("apiTokens.lastUsed")}</th>
                <th scope="col">{t("apiTokens.expires")}</th>
                <th scope="col">{t("statusColumn")}</th>
                <th scope="col">{t("actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>
                    {token.scopes.map((scope, index) => (
                      <span key={scope}>
                        {index > 0 ? ", " : null}
                        <code>{scope}</code>
                      </span>
                    ))}
                  </td>
                  <td>
                    <time dateTime={token.createdAt}>{formatDate(token.createdAt, lng)}</time>
                    {token.createdBy ? (
                      <>
                        <br />
                        <small>{t("apiTokens.createdBy", { name: token.createdBy.name })}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{formatDate(token.lastUsedAt, lng)}</time> : t("apiTokens.neverUsed")}</td>
                  <td>
                    {token.expiresAt ? <time dateTime={token.expiresAt}>{formatDate(token.expiresAt, lng)}</time> : t("apiTokens.neverExpires")}
                    {token.revokedAt ? (
                      <>
                        <br />
                        <small>{t("apiTokens.revokedOn", { date: formatDate(token.revokedAt, lng) })}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <span className={STATUS_BADGE[token.status]}>{t(`apiTokens.status.${token.status}`)}</span>
                  </td>
                  <td>
                    {token.status !== "revoked" ? (
                      <Link to={`?revocar=${token.id}`} className="button secondary small">
                        {t("apiTokens.revoke")}
                        <span className="visually-hidden">: {token.name}</span>
                      </Link>
                    ) : null}
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

function ConfirmRevoke({ token }: { token: { id: string; name: string; prefix: string } }) {
  const { t } = useTranslation("admin");
  return (
    <>
      <h1>{t("apiTokens.revokeTitle", { name: token.name })}</h1>
      <p className="notice warning">{t("apiTokens.revokeWarning", { prefix: `${token.prefix}…` })}</p>
      <Form method="post" className="button-row">
        <input type="hidden" name="id" value={token.id} />
        <button type="submit" name="intent" value="revoke" className="button danger">
          {t("apiTokens.revokeConfirm")}
        </button>
        <Link to="/admin/tokens">{t("common:actions.cancel")}</Link>
      </Form>
    </>
  );
}
