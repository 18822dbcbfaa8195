import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "~/domain/auth/session.server";
import { withOutagePage } from "~/utils/outage.server";

export const action = withOutagePage(async ({ request }: ActionFunctionArgs) => {
  const clearCookie = await destroySession(request);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": clearCookie } });
});

export async function loader() {
  return redirect("/");
}
