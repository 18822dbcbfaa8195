import { getCollectionProps, getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useErrorText } from "~/components/forms";
import { API_SCOPES, API_TOKEN_EXPIRY_VALUES, ApiTokenSchema, DEFAULT_API_TOKEN_EXPIRY } from "~/domain/admin/api-scopes";
import { createApiToken } from "~/domain/admin/api-tokens.server";
import { requirePermission } from "~/domain/auth/guard.server";
import { formatDate } from "~/utils/dates";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Nuevo token de API · Administración · OIRS" }];

// The page that shows a new token must not be kept by the browser or any cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json(null);
}

/**
 * On success the token is in this response and nowhere else: not in the URL, not in a cookie, not
 * in the audit log. The page renders it from the action data once; reloading does not show it again.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const submission = parseWithZod(await readFormData(request), { schema: ApiTokenSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), created: null }, { status: 400, headers: { "Cache-Control": "no-store" } });
  const { token, row } = await createApiToken({ institutionId: user.institutionId, actorId: user.id, input: submission.value });
  const created = { token, name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt };
  return json({ result: null, created }, { headers: { "Cache-Control": "no-store" } });
}

export default function NewApiToken() {
  const data = useActionData<typeof action>();
  if (data?.created) return <CreatedToken created={data.created} />;
  return <ApiTokenForm lastResult={data?.result} />;
}

function ApiTokenForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation("admin");
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "api-token",
    lastResult,
    defaultValue: { expiresIn: DEFAULT_API_TOKEN_EXPIRY },
    constraint: getZodConstraint(ApiTokenSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApiTokenSchema }),
  });
  const labels = { name: t("apiTokens.name"), scopes: t("apiTokens.scopesLegend"), expiresIn: t("apiTokens.expiresIn") };
  const expiryOptions = API_TOKEN_EXPIRY_VALUES.map((value) => ({ value, label: t(`apiTokens.expiry.${value}`) }));
  const scopes = fields.scopes;
  const scopeErrors = scopes.errors ?? [];
  const scopesHintId = `${scopes.id}-hint`;
  const checkboxes = getCollectionProps(scopes, { type: "checkbox", options: API_SCOPES.map((s) => s.value), ariaAttributes: false });
  return (
    <>
      <h1>{t("apiTokens.new")}</h1>
      <p>{t("apiTokens.newIntro")}</p>
      <div className="form">
        <ErrorSummary form={form} labels={labels} />
        <Form method="post" {...getFormProps(form)}>
          <TextField field={fields.name} label={labels.name} hint={t("apiTokens.nameHint")} />
          <fieldset
            className={`field${scopeErrors.length ? " has-error" : ""}`}
            id={scopes.id}
            aria-describedby={[scopesHintId, scopeErrors.length ? scopes.errorId : null].filter(Boolean).join(" ")}
          >
            <legend>{labels.scopes}</legend>
            <span className="hint" id={scopesHintId}>
              {t("apiTokens.scopesHint")}
            </span>
            {scopeErrors.length ? (
              <span className="error-message" id={scopes.errorId}>
                {scopeErrors.map(errorText).join(" ")}
              </span>
            ) : null}
            {checkboxes.map((checkbox) => {
              const scope = API_SCOPES.find((s) => s.value === checkbox.value)!;
              return (
                <div className="checkbox" key={checkbox.key}>
                  <input {...checkbox} key={checkbox.key} />
                  <label htmlFor={checkbox.id}>
                    <code>{scope.value}</code> — {t(scope.descriptionKey)}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <SelectField field={fields.expiresIn} label={labels.expiresIn} hint={t("apiTokens.expiresInHint")} options={expiryOptions} />
          <div className="button-row">
            <button type="submit" className="button">
              {t("apiTokens.create")}
            </button>
            <Link to="/admin/tokens">{t("common:actions.cancel")}</Link>
          </div>
        </Form>
      </div>
    </>
  );
}

function CreatedToken({ created }: { created: { token: string; name: string; prefix: string; scopes: string[]; expiresAt: string | null } }) {
  const { t, i18n } = useTranslation("admin");
  const heading = useRef<HTMLHeadingElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    // After a client-side submission the focus was on the removed form: start reading here.
    heading.current?.focus();
    setCanCopy(typeof navigator !== "undefined" && typeof navigator.clipboard?.writeText === "function");
  }, []);
  const copy = () => {
    navigator.clipboard.writeText(created.token).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("apiTokens.createdTitle")}
      </h1>
      <div className="notice warning">
        <p>
          <strong>{t("apiTokens.copyNow")}</strong>
        </p>
        <p>{t("apiTokens.copyNowHint")}</p>
      </div>
      <div className="field">
        <label htmlFor="new-token">{t("apiTokens.token")}</label>
        <span className="hint" id="new-token-hint">
          {t("apiTokens.tokenHint", { name: created.name })}
        </span>
        <input
          id="new-token"
          type="text"
          readOnly
          value={created.token}
          className="access-code"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="new-token-hint"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      {canCopy ? (
        <div className="button-row">
          <button type="button" className="button secondary" onClick={copy}>
            {t("apiTokens.copy")}
          </button>
          <p role="status">{copied === "yes" ? t("apiTokens.copied") : copied === "failed" ? t("apiTokens.copyFailed") : ""}</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>{t("apiTokens.name")}</dt>
          <dd>{created.name}</dd>
        </div>
        <div>
          <dt>{t("apiTokens.prefix")}</dt>
          <dd>
            <code>{created.prefix}…</code>
          </dd>
        </div>
        <div>
          <dt>{t("apiTokens.scopesColumn")}</dt>
          <dd>{created.scopes.join(", ")}</dd>
        </div>
        <div>
          <dt>{t("apiTokens.expires")}</dt>
          <dd>{created.expiresAt ? formatDate(created.expiresAt, i18n.language) : t("apiTokens.neverExpires")}</dd>
        </div>
      </dl>
      <p>
        <Link to="/admin/tokens">{t("apiTokens.backToList")}</Link>
      </p>
    </>
  );
}
