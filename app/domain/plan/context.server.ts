// What every plan page needs: the signed-in user, whether they may edit, and the plan of the year
// in the URL (?anio=2026), else the latest plan.
import { requirePermission } from "~/domain/auth/guard.server";
import { can } from "~/domain/auth/permissions";
import { findPlan, listPlanYears } from "./plan.server";

export function yearFromUrl(url: URL): number | null {
  const raw = url.searchParams.get("anio");
  if (!raw || !/^\d{4}$/.test(raw)) return null;
  const year = Number(raw);
  return year >= 2000 && year <= 2100 ? year : null;
}

export async function planContext(request: Request) {
  const user = await requirePermission(request, "plan:view");
  const url = new URL(request.url);
  const requested = yearFromUrl(url);
  const [plan, years] = await Promise.all([
    findPlan({ institutionId: user.institutionId, year: requested }),
    listPlanYears({ institutionId: user.institutionId }),
  ]);
  return { user, canManage: can(user.role, "plan:manage"), plan, years, requestedYear: requested };
}

/** A plan page for a year without a plan: 404 (the year in the URL is wrong). */
export function requirePlan<T>(plan: T | null): T {
  if (!plan) throw new Response("Not found", { status: 404 });
  return plan;
}

/** Checks the URL's id parameter is a UUID; anything else is a 404, never a 500. */
export function parseUuid(value: string | undefined): string {
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new Response("Not found", { status: 404 });
  return value;
}
