import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Link,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { I18nPayloadScript } from "./components/I18nPayloadScript";
import { Layout } from "./components/Layout";
import { useNonce } from "./components/Nonce";
import { getSessionUser } from "./domain/auth/session.server";
import { getCurrentInstitution } from "./domain/institution/institution.server";
import { fallbackLanguage, htmlLang, isLanguage, type Language } from "./i18n/config";
import { getLanguage } from "./i18n/i18n.server";
import { isOutage, unavailableResponse } from "./utils/outage.server";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "OIRS" }];

// A refused submission (4xx/5xx) changed nothing: don't reload the layout's data. When the database
// is down this keeps the citizen on their filled-in form instead of an error page.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const lng = await getLanguage(request);
  let user: Awaited<ReturnType<typeof getSessionUser>> = null;
  let institution: Awaited<ReturnType<typeof getCurrentInstitution>> = null;
  try {
    [user, institution] = await Promise.all([getSessionUser(request), getCurrentInstitution()]);
  } catch (error) {
    if (!(await isOutage(error))) throw error;
    // The database is unreachable: every page answers "service temporarily unavailable" (503) in the
    // visitor's language — except a submission refused for that reason, shown again with what was typed.
    if (!context.refusedSubmission) throw unavailableResponse(lng);
  }
  return json({
    lng,
    user: user ? { name: user.name, role: user.role } : null,
    institution: institution
      ? { name: institution.name, shortName: institution.shortName, logoUrl: institution.logoUrl }
      : null,
  });
}

export type RootLoader = typeof loader;

function Document({ lng, children }: { lng: Language; children: ReactNode }) {
  const { i18n } = useTranslation();
  const nonce = useNonce();
  // Follow the server's choice before rendering (language switch, first render).
  if (i18n.language !== lng) void i18n.changeLanguage(lng);
  return (
    <html lang={htmlLang(lng)} data-lng={lng} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {/* After the content: by now the page has looked up every string it shows. Inert JSON, so no nonce. */}
        <I18nPayloadScript />
        {/* Inline scripts run only with this request's CSP nonce (see app/server/security-headers.ts). */}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootLoader>("root")!;
  return (
    <Document lng={data.lng}>
      <Layout lng={data.lng} user={data.user} institution={data.institution}>
        <Outlet />
      </Layout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootLoader>("root");
  // Without the root's data (its loader threw, e.g. the 503 of a database outage), the language the error carries.
  const errorLng = isRouteErrorResponse(error) ? (error.data as { lng?: unknown } | null)?.lng : undefined;
  const lng = data?.lng ?? (isLanguage(errorLng) ? errorLng : fallbackLanguage);
  return (
    <Document lng={lng}>
      <Layout lng={lng} user={data?.user ?? null} institution={data?.institution ?? null}>
        <ErrorMessage error={error} />
      </Layout>
    </Document>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  let title = t("errors.title");
  let body = t("errors.generic");
  if (isRouteErrorResponse(error)) {
    const byStatus: Record<number, [string, string]> = {
      400: ["errors.badRequestTitle", "errors.badRequest"],
      403: ["errors.forbiddenTitle", "errors.forbidden"],
      404: ["errors.notFoundTitle", "errors.notFound"],
      405: ["errors.badRequestTitle", "errors.badRequest"],
      413: ["errors.badRequestTitle", "errors.badRequest"],
      429: ["errors.tooManyTitle", "errors.tooMany"],
      503: ["errors.unavailableTitle", "errors.unavailable"],
    };
    const keys = byStatus[error.status];
    if (keys) {
      title = t(keys[0]);
      body = t(keys[1]);
    }
  }
  return (
    <div className="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("errors.goHome")}</Link>
      </p>
    </div>
  );
}
