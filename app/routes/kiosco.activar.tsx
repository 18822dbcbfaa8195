// /kiosco/activar: binds this browser to a kiosk with the admin's one-time code (typed, or
// prefilled from the QR's ?codigo=). On success the answer carries the device credential once;
// the page keeps it in localStorage (never a cookie) and opens /kiosco. A wrong, used or expired
// code gets a clear message (400/410); 10 failed attempts per address in 15 minutes → 429.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { enrolKiosk } from "~/domain/kiosk/kiosks.server";
import { createLimiter, hit, isBlocked } from "~/domain/security/rate-limit.server";
import styles from "~/styles/kiosk.css";
import { clientIp, readFormData } from "~/utils/request.server";
import { saveDevice } from "../../kiosk/device";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Activar tótem · OIRS" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const ENROL_LIMIT = { points: 10, durationSeconds: 15 * 60 } as const;
let limiter: ReturnType<typeof createLimiter> | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("codigo") ?? "";
  return json({ code: code.slice(0, 64) });
}

type ActionData = { ok: true; credential: string; config: unknown } | { ok: false; error: "invalid" | "expired" | "limited"; seconds?: number };

export async function action({ request }: ActionFunctionArgs) {
  const noStore = { "Cache-Control": "no-store" };
  const ip = clientIp(request);
  limiter ??= createLimiter({ keyPrefix: "kiosk-enrol", ...ENROL_LIMIT });
  const blocked = await isBlocked(limiter, ip);
  if (!blocked.allowed) return json<ActionData>({ ok: false, error: "limited", seconds: blocked.retryAfterSeconds }, { status: 429, headers: { ...noStore, "Retry-After": String(blocked.retryAfterSeconds) } });
  const form = await readFormData(request);
  const code = String(form.get("code") ?? "");
  const outcome = await enrolKiosk({ code });
  if (outcome.kind === "enrolled") return json<ActionData>({ ok: true, credential: outcome.credential, config: outcome.config }, { headers: noStore });
  await hit(limiter, ip);
  return json<ActionData>({ ok: false, error: outcome.kind }, { status: outcome.kind === "expired" ? 410 : 400, headers: noStore });
}

export default function ActivateKiosk() {
  const { t } = useTranslation("kiosk");
  const { code } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const [storageFailed, setStorageFailed] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (data?.ok) {
      try {
        saveDevice(data.credential, data.config as Parameters<typeof saveDevice>[1]);
        window.location.replace("/kiosco");
      } catch {
        setStorageFailed(true);
      }
    } else if (data && !data.ok) errorRef.current?.focus();
  }, [data]);

  const error = data && !data.ok ? (data.error === "limited" ? t("activate.limited", { seconds: data.seconds ?? 60 }) : t(`activate.${data.error}`)) : null;
  return (
    <div className="kiosk">
      <div className="kiosk-body">
        <section>
          <h1>{t("activate.title")}</h1>
          <p className="k-center">{t("activate.intro")}</p>
          {data?.ok && !storageFailed ? (
            <p role="status" className="k-status">
              {t("activate.done")}
            </p>
          ) : null}
          {storageFailed ? (
            <p role="alert" className="k-error">
              {t("activate.storageMissing")}
            </p>
          ) : null}
          <Form method="post" className="k-form" replace>
            <div className={`k-field${error ? " k-has-error" : ""}`}>
              <label htmlFor="code">{t("activate.code")}</label>
              <span className="k-hint" id="code-hint">
                {t("activate.codeHint")}
              </span>
              {error ? (
                <p id="code-error" className="k-error" ref={errorRef} tabIndex={-1} role="alert">
                  {error}
                </p>
              ) : null}
              <input
                id="code"
                name="code"
                type="text"
                defaultValue={code}
                required
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "code-hint code-error" : "code-hint"}
              />
            </div>
            <div className="k-row">
              <button type="submit" className="k-big k-primary" disabled={navigation.state !== "idle"}>
                {t("activate.submit")}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </div>
  );
}
