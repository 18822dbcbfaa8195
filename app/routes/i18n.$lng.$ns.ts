// GET /i18n/<lng>/<ns>?v=<version>: one namespace's translations, for the browser's i18next when a
// client-side navigation or a language switch needs strings the page was not rendered with. A request
// carrying the current version is cached for good (a new string makes a new version); any other is
// revalidated. Public: translations hold no personal data.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { translationsOf, translationsVersion } from "~/i18n/i18n.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const translations = translationsOf(params.lng ?? "", params.ns ?? "");
  if (!translations) return json({ error: "not_found" }, { status: 404 });
  const current = new URL(request.url).searchParams.get("v") === translationsVersion;
  return json(translations, {
    headers: { "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache" },
  });
}
