// The committee dashboard's URL: year and filters live in the query string (?anio=2026&canal=WEB
// &oficina=<id>&tramite=<id>) so a view can be shared. Parsing never throws: a bad value is left out,
// reported, and the page answers 400 with the rest of the view.
import { z } from "zod";
import { RESULT_CHANNELS, localDay, type ResultChannel } from "~/domain/surveys/results";

export type CommitteeFilters = { year: number; channel?: ResultChannel; officeId?: string; tramiteId?: string };
export type CommitteeFilterField = "anio" | "canal" | "oficina" | "tramite";

const uuid = z.string().trim().toLowerCase().uuid();
const FIELDS = {
  anio: z.coerce.number().int().min(2000).max(2100),
  canal: z.string().trim().toUpperCase().pipe(z.enum(RESULT_CHANNELS)),
  oficina: uuid,
  tramite: uuid,
} as const;

export function parseCommitteeFilters(params: URLSearchParams, now: Date = new Date()): { filters: CommitteeFilters; errors: CommitteeFilterField[] } {
  const errors: CommitteeFilterField[] = [];
  const value = <K extends CommitteeFilterField>(field: K): z.output<(typeof FIELDS)[K]> | undefined => {
    const raw = params.get(field);
    if (raw === null || raw.trim() === "") return undefined;
    const parsed = FIELDS[field].safeParse(raw);
    if (!parsed.success) {
      errors.push(field);
      return undefined;
    }
    return parsed.data as z.output<(typeof FIELDS)[K]>;
  };
  const year = value("anio") ?? Number(localDay(now).slice(0, 4));
  const filters: CommitteeFilters = { year };
  const channel = value("canal");
  const officeId = value("oficina");
  const tramiteId = value("tramite");
  if (channel) filters.channel = channel;
  if (officeId) filters.officeId = officeId;
  if (tramiteId) filters.tramiteId = tramiteId;
  return { filters, errors };
}

export function committeeQuery(filters: CommitteeFilters): string {
  const out = new URLSearchParams({ anio: String(filters.year) });
  if (filters.channel) out.set("canal", filters.channel);
  if (filters.officeId) out.set("oficina", filters.officeId);
  if (filters.tramiteId) out.set("tramite", filters.tramiteId);
  return `?${out.toString()}`;
}
