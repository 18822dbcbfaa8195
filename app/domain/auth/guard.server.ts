import { redirect } from "@remix-run/node";
import { can, type Permission } from "./permissions";
import { getSessionUser, type SessionUser } from "./session.server";

/** Signed-out visitors go to /login and come back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/** Signed in but not allowed: 403 (the root error boundary explains it in the user's language). */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}
