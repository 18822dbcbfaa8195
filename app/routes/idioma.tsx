import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { safeRedirect } from "~/utils/redirect";
import { readFormData } from "~/utils/request.server";

// The language switcher posts here (works without JavaScript) and returns to the same page.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const lng = form.get("lng");
  const back = safeRedirect(form.get("redirectTo"), "/");
  if (!isLanguage(lng)) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await languageCookie.serialize(lng) } });
}

export async function loader() {
  return redirect("/");
}
