import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/forms";
import { getSessionUser } from "~/domain/auth/session.server";
import { signIn } from "~/domain/auth/sign-in.server";
import { landingPath } from "~/domain/auth/permissions";
import { safeRedirect } from "~/utils/redirect";
import { clientIp, readFormData } from "~/utils/request.server";
import { email, msg } from "~/utils/validation";

export const LoginSchema = z.object({
  email: email(),
  password: z.string({ required_error: msg("validation.required") }).min(1, msg("validation.required")).max(500, msg("validation.tooLong", { max: 500 })),
  redirectTo: z.string().optional(),
});

// Remix forwards an action's headers on a document request only through this export (Retry-After on 429).
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Acceso funcionarios · OIRS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(redirectTo, landingPath(user.role)));
  }
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await signIn({
    email: submission.value.email,
    password: submission.value.password,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok && result.reason === "rate_limited") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return json(submission.reply({ formErrors: [msg("auth:login.rateLimited", { minutes })], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  if (!result.ok) {
    return json(submission.reply({ formErrors: [msg("auth:login.invalid")], hideFields: ["password"] }), { status: 401 });
  }
  return redirect(safeRedirect(submission.value.redirectTo, result.landing), {
    headers: { "Set-Cookie": result.setCookie },
  });
}

export default function Login() {
  const { t } = useTranslation(["auth", "common"]);
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const labels = { email: t("login.email"), password: t("login.password") };
  return (
    <div className="form">
      <h1>{t("login.title")}</h1>
      <p>{t("login.lead")}</p>
      {searchParams.get("signedOut") ? <p className="notice success">{t("login.signedOut")}</p> : null}
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField field={fields.email} label={labels.email} type="email" autoComplete="username" />
        <TextField field={fields.password} label={labels.password} type="password" autoComplete="current-password" />
        <button type="submit" className="button">
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
