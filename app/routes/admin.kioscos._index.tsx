// /admin/kioscos: the institution's kiosks — office, use, last contact, what each reported queued
// offline, status — with "new code" (shown once, with its QR) and "revoke" (confirmed on a page of
// its own, so it works without JavaScript).
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EnrolmentCode } from "~/components/kiosk/EnrolmentCode";
import { requirePermission } from "~/domain/auth/guard.server";
import { issuedCodeView } from "~/domain/kiosk/admin-view.server";
import { getKiosk, listKiosks, reissueEnrolmentCode, revokeKiosk, type KioskStatus } from "~/domain/kiosk/kiosks.server";
import { formatDateTime } from "~/utils/dates";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Tótems · Administración · OIRS" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const KioskId = z.string().uuid();

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const requested = KioskId.safeParse(new URL(request.url).searchParams.get("revocar"));
  if (requested.success) {
    const kiosk = await getKiosk({ institutionId: user.institutionId, id: requested.data });
    if (!kiosk) throw new Response("Not found", { status: 404 });
    if (kiosk.status !== "revoked") return json({ confirm: { id: kiosk.id, name: kiosk.name }, kiosks: null });
  }
  return json({ confirm: null, kiosks: await listKiosks({ institutionId: user.institutionId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const form = await readFormData(request);
  const id = KioskId.safeParse(form.get("id"));
  const intent = form.get("intent");
  if (!id.success) throw new Response("Bad request", { status: 400 });
  if (intent === "revoke") {
    const found = await revokeKiosk({ institutionId: user.institutionId, actorId: user.id, id: id.data });
    if (!found) throw new Response("Not found", { status: 404 });
    return redirect("/admin/kioscos?revocado=1");
  }
  if (intent === "reissue") {
    const issued = await reissueEnrolmentCode({ institutionId: user.institutionId, actorId: user.id, id: id.data });
    if (!issued) throw new Response("Not found", { status: 404 });
    return json({ issued: await issuedCodeView(issued) }, { headers: { "Cache-Control": "no-store" } });
  }
  throw new Response("Bad request", { status: 400 });
}

const STATUS_BADGE: Record<KioskStatus, string> = { enrolled: "badge active", pending: "badge inactive", revoked: "badge inactive" };

export default function KiosksList() {
  const { t, i18n } = useTranslation("kiosk");
  const { confirm, kiosks } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lng = i18n.language;
  if (data?.issued) return <EnrolmentCode issued={data.issued} />;
  if (confirm) return <ConfirmRevoke kiosk={confirm} />;
  return (
    <>
      <div className="page-header">
        <h1>{t("admin.title")}</h1>
        <Link to="nuevo" className="button">
          {t("admin.new")}
        </Link>
      </div>
      {params.get("revocado") ? (
        <p className="notice success" role="status">
          {t("admin.revoked")}
        </p>
      ) : null}
      <p>{t("admin.intro")}</p>
      {!kiosks || kiosks.length === 0 ? (
        <p>{t("admin.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("admin.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.office")}</th>
                <th scope="col">{t("admin.mode")}</th>
                <th scope="col">{t("admin.lastSeen")}</th>
                <th scope="col">
                  <abbr title={t("admin.queuedHint")}>{t("admin.queued")}</abbr>
                </th>
                <th scope="col">{t("admin.ratings")}</th>
                <th scope="col">{t("admin.statusColumn")}</th>
                <th scope="col">{t("admin.actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {kiosks.map((k) => (
                <tr key={k.id} data-kiosk={k.name}>
                  <td>{k.name}</td>
                  <td>{k.office.name}</td>
                  <td>{t(`admin.modes.${k.mode}`)}</td>
                  <td>{k.lastSeenAt ? <time dateTime={k.lastSeenAt}>{formatDateTime(k.lastSeenAt, lng)}</time> : t("admin.never")}</td>
                  <td data-testid="queued">{k.queuedReported}</td>
                  <td data-testid="ratings">{k.ratings}</td>
                  <td>
                    <span className={STATUS_BADGE[k.status]}>{t(`admin.status.${k.status}`)}</span>
                    {k.codePending && k.enrolmentExpiresAt ? (
                      <>
                        <br />
                        <small>{t("admin.codePending", { date: formatDateTime(k.enrolmentExpiresAt, lng) })}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <div className="button-row">
                      <Form method="post">
                        <input type="hidden" name="id" value={k.id} />
                        <button type="submit" name="intent" value="reissue" className="button secondary small">
                          {t("admin.reissue")}
                          <span className="visually-hidden">: {k.name}</span>
                        </button>
                      </Form>
                      {k.status !== "revoked" ? (
                        <Link to={`?revocar=${k.id}`} className="button secondary small">
                          {t("admin.revoke")}
                          <span className="visually-hidden">: {k.name}</span>
                        </Link>
                      ) : null}
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

function ConfirmRevoke({ kiosk }: { kiosk: { id: string; name: string } }) {
  const { t } = useTranslation("kiosk");
  return (
    <>
      <h1>{t("admin.revokeTitle", { name: kiosk.name })}</h1>
      <p className="notice warning">{t("admin.revokeWarning")}</p>
      <Form method="post" className="button-row">
        <input type="hidden" name="id" value={kiosk.id} />
        <button type="submit" name="intent" value="revoke" className="button danger">
          {t("admin.revokeConfirm")}
        </button>
        <Link to="/admin/kioscos">{t("common:actions.cancel")}</Link>
      </Form>
    </>
  );
}
