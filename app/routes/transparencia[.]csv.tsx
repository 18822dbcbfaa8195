// GET /transparencia.csv?anio=YYYY (no sign-in): the public page's figures as open data — the same
// suppressed figures, tidy (one row per month × measure × category), columns described on the page
// and in the README. A bad year is a 400 with a localised sentence.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentInstitution } from "~/domain/institution/institution.server";
import { getTransparencyReport } from "~/domain/transparency/monthly.server";
import { FIRST_YEAR, currentLocalYear, parseYear, transparencyCsv, transparencyCsvFilename } from "~/domain/transparency/transparency";
import { getFixedT } from "~/i18n/i18n.server";
import { withOutagePage } from "~/utils/outage.server";

export const loader = withOutagePage(async ({ request }: LoaderFunctionArgs) => {
  const now = new Date();
  const t = await getFixedT(request, "transparency");
  const text = (status: number, message: string) =>
    new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const { year, error } = parseYear(new URL(request.url).searchParams.get("anio"), now);
  const current = currentLocalYear(now);
  if (error === "invalid") return text(400, t("errors.csvInvalid", { example: current }));
  if (error === "outOfRange") return text(400, t("errors.csvOutOfRange", { first: FIRST_YEAR, last: current }));
  const institution = await getCurrentInstitution();
  if (!institution) return text(404, t("errors.noInstitution"));
  const report = await getTransparencyReport({ institutionId: institution.id, year, now });
  return new Response(transparencyCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${transparencyCsvFilename(year)}"`,
      // Aggregate, anonymous figures: any cache may keep them a few minutes.
      "Cache-Control": "public, max-age=300",
    },
  });
});
