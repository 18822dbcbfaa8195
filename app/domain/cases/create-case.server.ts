// Filing a request: resolve the catalogue references, set the legal clock, route it, number it and
// store it with its first timeline events and its receipt email, all in one transaction.
import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "~/db/client.server";
import type { Channel, Prisma } from "~/generated/prisma/client";
import { renderCaseReceivedEmail } from "~/domain/notify/case-emails.server";
import { enqueueEmail } from "~/domain/notify/outbox.server";
import { dueDate, legalReception, toLocalDate } from "~/domain/sla/calendar";
import { loadCalendar } from "~/domain/sla/calendar.server";
import { publicUrl } from "~/utils/env.server";
import type { AcceptedFile } from "./attachments";
import { CaseInputError } from "./errors";
import { formatFolio, generateAccessCode, normalizeAccessCode } from "./folio";
import { removeFiles, storeFile, type StoredFile } from "./file-store.server";
import { matchRoutingRule } from "./routing";
import type { CaseKindValue, NewCaseInput } from "./schemas";

export type CaseSource = {
  channel: Channel;
  /** Who filed it when no staff user did: "citizen", "api:<token name>", "kiosk:<name>". */
  actorLabel: string;
  createdById?: string | null;
  /** When the request really arrived (an officer registering a letter); defaults to now. */
  submittedAt?: Date;
};

export type CreatedCase = {
  id: string;
  folio: string;
  accessCode: string;
  kind: CaseKindValue;
  status: string;
  submittedAt: Date;
  receivedAt: Date;
  dueAt: Date;
  targetDays: number;
  trackingUrl: string;
  emailed: boolean;
};

export function hashAccessCode(folio: string, accessCode: string): string {
  return createHash("sha256").update(`${folio}:${normalizeAccessCode(accessCode)}`).digest("hex");
}

export function accessCodeMatches(folio: string, accessCode: string, storedHash: string): boolean {
  const a = Buffer.from(hashAccessCode(folio, accessCode), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function trackingUrl(folio: string, accessCode: string): string {
  return `${publicUrl()}/seguimiento?${new URLSearchParams({ folio, codigo: accessCode })}`;
}

const TARGET_DAYS_FIELD = {
  CONSULTA: "targetDaysConsulta",
  RECLAMO: "targetDaysReclamo",
  SUGERENCIA: "targetDaysSugerencia",
  FELICITACION: "targetDaysFelicitacion",
  SOLICITUD: "targetDaysSolicitud",
} as const;

async function resolveReferences(institutionId: string, input: NewCaseInput) {
  const errors: Record<string, string[]> = {};
  let tramite: { id: string; defaultAreaId: string | null } | null = null;
  if (input.tramiteId || input.tramiteCode) {
    tramite = await db.tramite.findFirst({
      where: { institutionId, active: true, ...(input.tramiteId ? { id: input.tramiteId } : { code: input.tramiteCode!.toUpperCase() }) },
      select: { id: true, defaultAreaId: true },
    });
    if (!tramite) errors[input.tramiteId ? "tramiteId" : "tramiteCode"] = ["validation.notFound"];
  }
  let office: { id: string; region: string } | null = null;
  if (input.officeId || input.officeCode) {
    office = await db.office.findFirst({
      where: { institutionId, active: true, ...(input.officeId ? { id: input.officeId } : { code: input.officeCode!.toUpperCase() }) },
      select: { id: true, region: true },
    });
    if (!office) errors[input.officeId ? "officeId" : "officeCode"] = ["validation.notFound"];
  }
  if (Object.keys(errors).length > 0) throw new CaseInputError(errors);
  return { tramite, office };
}

async function chooseArea(institutionId: string, input: NewCaseInput, tramite: { id: string; defaultAreaId: string | null } | null) {
  const rules = await db.routingRule.findMany({
    where: { institutionId, active: true, area: { active: true } },
    select: { id: true, name: true, priority: true, kind: true, tramiteId: true, keywords: true, areaId: true },
    orderBy: [{ priority: "asc" }, { name: "asc" }],
  });
  const rule = matchRoutingRule(rules, { kind: input.kind, tramiteId: tramite?.id ?? null, subject: input.subject, description: input.description });
  if (rule) return { areaId: rule.areaId, reason: { rule: rule.name, ruleId: rule.id } };
  if (tramite?.defaultAreaId) return { areaId: tramite.defaultAreaId, reason: { tramiteDefault: true } };
  return { areaId: null, reason: { queue: "OIRS" } };
}

/** Next folio number for the institution and year; the row lock makes it safe under concurrency. */
async function nextFolioNumber(tx: Prisma.TransactionClient, institutionId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ lastValue: number }>>`
    INSERT INTO "FolioCounter" ("institutionId", "year", "lastValue") VALUES (${institutionId}::uuid, ${year}, 1)
    ON CONFLICT ("institutionId", "year") DO UPDATE SET "lastValue" = "FolioCounter"."lastValue" + 1
    RETURNING "lastValue"`;
  return Number(rows[0]!.lastValue);
}

export async function createCase(options: {
  input: NewCaseInput;
  source: CaseSource;
  files?: AcceptedFile[];
  now?: Date;
  /** Runs inside the case's transaction (e.g. to record an idempotency key atomically). */
  onCreated?: (tx: Prisma.TransactionClient, created: CreatedCase) => Promise<void>;
}): Promise<CreatedCase> {
  const { input, source } = options;
  const now = options.now ?? new Date();
  const institution = await db.institution.findFirst({ orderBy: { createdAt: "asc" } });
  if (!institution) throw new Error("no institution configured");

  const { tramite, office } = await resolveReferences(institution.id, input);
  const calendar = await loadCalendar({ institutionId: institution.id, region: office?.region ?? null });
  const submittedAt = source.submittedAt ?? now;
  const receivedAt = legalReception(calendar, submittedAt);
  const targetDays = Math.min(20, institution[TARGET_DAYS_FIELD[input.kind]]);
  const dueAt = dueDate(calendar, receivedAt, targetDays);
  const routing = await chooseArea(institution.id, input, tramite);
  const year = Number(toLocalDate(receivedAt).slice(0, 4));
  const accessCode = generateAccessCode();

  const stored: Array<StoredFile & { fileName: string; mimeType: string }> = [];
  try {
    for (const file of options.files ?? []) stored.push({ ...(await storeFile(file.bytes, now)), fileName: file.fileName, mimeType: file.mimeType });

    return await db.$transaction(async (tx) => {
      const folio = formatFolio(institution.folioPrefix, year, await nextFolioNumber(tx, institution.id, year));
      const created = await tx.case.create({
        data: {
          institutionId: institution.id,
          folio,
          kind: input.kind,
          channel: source.channel,
          status: "INGRESADA",
          subject: input.subject,
          description: input.description,
          tramiteId: tramite?.id ?? null,
          officeId: office?.id ?? null,
          areaId: routing.areaId,
          createdById: source.createdById ?? null,
          anonymous: input.anonymous,
          citizenName: input.name ?? null,
          citizenRut: input.rut ?? null,
          citizenEmail: input.email ?? null,
          citizenPhone: input.phone ?? null,
          citizenAddress: input.address ?? null,
          citizenCommune: input.commune ?? null,
          citizenRegion: input.region ?? null,
          citizenGender: input.gender ?? null,
          citizenAgeRange: input.ageRange ?? null,
          replyChannel: input.replyChannel ?? null,
          locale: input.locale,
          accessCodeHash: hashAccessCode(folio, accessCode),
          submittedAt,
          receivedAt,
          dueAt,
          targetDays,
          events: {
            create: [
              { type: "RECEIVED", public: true, actorId: source.createdById ?? null, actorLabel: source.actorLabel, createdAt: now, data: { channel: source.channel } },
              { type: "ROUTED", public: false, actorLabel: "system", createdAt: now, data: { areaId: routing.areaId, ...routing.reason } },
            ],
          },
          attachments: { create: stored.map((f) => ({ fileName: f.fileName, mimeType: f.mimeType, size: f.size, sha256: f.sha256, storageKey: f.storageKey })) },
        },
        select: { id: true, status: true },
      });

      const result: CreatedCase = {
        id: created.id,
        folio,
        accessCode,
        kind: input.kind,
        status: created.status,
        submittedAt,
        receivedAt,
        dueAt,
        targetDays,
        trackingUrl: trackingUrl(folio, accessCode),
        emailed: Boolean(input.email),
      };

      if (input.email) {
        const email = renderCaseReceivedEmail({
          locale: input.locale,
          institutionName: institution.name,
          folio,
          accessCode,
          kind: input.kind,
          subject: input.subject,
          receivedAt,
          dueAt,
          targetDays,
          trackingUrl: result.trackingUrl,
        });
        await enqueueEmail(tx, { institutionId: institution.id, dedupeKey: `case-received:${created.id}`, to: input.email, kind: "case-received", ...email });
      }
      await options.onCreated?.(tx, result);
      return result;
    });
  } catch (error) {
    await removeFiles(stored.map((f) => f.storageKey)).catch(() => undefined);
    throw error;
  }
}
