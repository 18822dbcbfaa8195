// Pure helpers of the implementation report (no I/O), shared by the printable page and the .docx:
// the ?anio= query and how values, targets, intervals and months read in each language.
import { z } from "zod";
import type { IndicatorUnit } from "./indicator-types";
import { formatDay, formatNumber, monthNames } from "~/domain/plan/format";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** `?anio=YYYY` (2000–2100); absent means the latest plan. */
export const ReportQuerySchema = z.object({
  anio: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2100))
    .optional(),
});

/** The requested year (null: latest plan), or "invalid" for a malformed one. */
export function parseReportYear(url: URL): number | null | "invalid" {
  const raw = url.searchParams.get("anio");
  const parsed = ReportQuerySchema.safeParse(raw === null ? {} : { anio: raw });
  if (!parsed.success) return "invalid";
  return parsed.data.anio ?? null;
}

/** A value in its unit: "40 %", "7,5 días hábiles"; "—" when there is none. */
export function formatIndicatorValue(t: Translate, value: number | null, unit: IndicatorUnit, lng: string): string {
  if (value === null) return "—";
  const n = formatNumber(value, lng, 1);
  return unit === "percent" ? t("report:indicators.percent", { value: n }) : t("report:indicators.days", { value: n });
}

export function formatTarget(t: Translate, target: number, direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER", unit: IndicatorUnit, lng: string): string {
  const value = formatIndicatorValue(t, target, unit, lng);
  return t(direction === "HIGHER_IS_BETTER" ? "report:indicators.targetAtLeast" : "report:indicators.targetAtMost", { value });
}

export function formatInterval(t: Translate, interval: [number, number] | null, lng: string): string {
  if (!interval) return "—";
  return t("report:indicators.intervalValue", { low: formatNumber(interval[0], lng, 1), high: formatNumber(interval[1], lng, 1) });
}

export function formatCount(value: number | null, lng: string): string {
  return value === null ? "—" : formatNumber(value, lng);
}

export function metLabel(t: Translate, met: boolean | null): string {
  return t(met === null ? "report:indicators.metPending" : met ? "report:indicators.metYes" : "report:indicators.metNo");
}

/** Scheduled months as short names ("mar, jun"), or a note when none. */
export function formatMonths(t: Translate, months: number[], lng: string): string {
  if (months.length === 0) return t("report:schedule.noMonths");
  const names = monthNames(lng);
  return months.map((m) => names[m - 1]?.short ?? String(m)).join(", ");
}

/** "YYYY-MM-DDTHH:mm…" as a date and time in Chile. */
export function formatGeneratedAt(iso: string, lng: string): string {
  return new Intl.DateTimeFormat(lng === "en" ? "en-GB" : "es-CL", { dateStyle: "long", timeStyle: "short", timeZone: "America/Santiago" }).format(new Date(iso));
}

export function executedText(t: Translate, executedAt: string | null, lng: string): string {
  return executedAt ? t("report:activities.executedOn", { date: formatDay(executedAt, lng) }) : t("report:activities.notExecuted");
}

export function scheduleSummaryText(t: Translate, s: { total: number; done: number; late: number }): string {
  if (s.total === 0) return t("report:schedule.none");
  const done = t("report:activities.scheduleValue", { done: s.done, total: s.total });
  return s.late ? `${done} · ${t("report:activities.lateCount", { count: s.late })}` : done;
}

/** "Realizada", "En curso · Atrasada"… (the date has its own column). */
export function scheduleStatusText(t: Translate, item: { status: string; late: boolean }): string {
  const status = t(`plan:status.${item.status}`);
  return item.late ? `${status} · ${t("plan:status.late")}` : status;
}

export function evidenceItemText(t: Translate, e: { kind: "file" | "link"; fileName: string | null; url: string | null }): string {
  return e.kind === "file" ? t("report:evidence.file", { name: e.fileName ?? "" }) : t("report:evidence.link", { url: e.url ?? "" });
}

export function changeWindowText(t: Translate, outsideWindow: boolean, windowEnd: string, lng: string): string {
  return outsideWindow ? t("report:changes.outside", { date: formatDay(windowEnd, lng) }) : t("report:changes.inside");
}
