import { json } from "@remix-run/node";
import { checkDatabase } from "~/db/health.server";

export async function loader() {
  const dbOk = await checkDatabase();
  return json(
    { status: dbOk ? "ok" : "error", db: dbOk ? "ok" : "error" },
    { status: dbOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
