import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getAccount, receivesDigest, setDigestEnabled } from "~/domain/auth/account.server";
import { requireUser } from "~/domain/auth/guard.server";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Mi cuenta · OIRS" }];

// An unchecked checkbox is not sent at all: absent means "off".
const PreferencesSchema = z.object({ digestEnabled: z.boolean().default(false) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = await getAccount({ userId: user.id });
  if (!account) throw new Response("Not found", { status: 404 });
  return json({ account, receivesDigest: receivesDigest(account.role) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: PreferencesSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const updated = await setDigestEnabled({ userId: user.id, enabled: submission.value.digestEnabled });
  if (!updated) throw new Response("Not found", { status: 404 });
  return redirect("/cuenta?saved=1");
}

export default function AccountPage() {
  const { t } = useTranslation("account");
  const { account, receivesDigest } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("title")}</h1>
      {params.get("saved") ? (
        <p className="notice success" role="status">
          {t("notifications.saved")} {account.digestEnabled ? t("notifications.digestOn") : t("notifications.digestOff")}
        </p>
      ) : null}

      <section aria-labelledby="account-profile">
        <h2 id="account-profile">{t("profile.heading")}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t("profile.name")}</dt>
            <dd>{account.name}</dd>
          </div>
          <div>
            <dt>{t("profile.email")}</dt>
            <dd>{account.email}</dd>
          </div>
          <div>
            <dt>{t("profile.role")}</dt>
            <dd>{t(`common:roles.${account.role}`)}</dd>
          </div>
          <div>
            <dt>{t("profile.area")}</dt>
            <dd>{account.areaName ?? t("profile.noArea")}</dd>
          </div>
        </dl>
        <p className="hint">{t("profile.hint")}</p>
      </section>

      <section aria-labelledby="account-notifications">
        <h2 id="account-notifications">{t("notifications.heading")}</h2>
        {receivesDigest ? (
          <Form method="post" className="form">
            <div className="field checkbox">
              {/* Keyed by the stored value so the box follows it after saving. */}
              <input
                key={String(account.digestEnabled)}
                type="checkbox"
                id="digestEnabled"
                name="digestEnabled"
                defaultChecked={account.digestEnabled}
                aria-describedby="digestEnabled-hint"
              />
              <label htmlFor="digestEnabled">{t("notifications.digest")}</label>
            </div>
            <p className="hint" id="digestEnabled-hint">
              {t("notifications.digestHint")}
            </p>
            <div className="button-row">
              <button type="submit" className="button" disabled={busy}>
                {t("notifications.save")}
              </button>
            </div>
          </Form>
        ) : (
          <p>{t("notifications.notForRole")}</p>
        )}
      </section>
    </>
  );
}
