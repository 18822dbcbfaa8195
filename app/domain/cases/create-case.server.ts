// Filing a request: resolve the catalogue references, set the legal clock, route it, number it and
// store it with its first timeline events and its receipt email, all in one SQL statement.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { db, rawSql } from "~/db/client.server";
import { Prisma, type Channel } from "~/generated/prisma/client";
import { renderCaseReceivedEmail } from "~/domain/notify/case-emails.server";
import { dueDate, legalReception, toLocalDate } from "~/domain/sla/calendar";
import { publicUrl } from "~/utils/env.server";
import type { AcceptedFile } from "./attachments";
import { CaseInputError } from "./errors";
import { formatFolio, generateAccessCode, normalizeAccessCode } from "./folio";
import { removeFiles, storeFile, type StoredFile } from "./file-store.server";
import { getIntakeContext, type IntakeContext } from "./intake-context.server";
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

function resolveReferences(context: IntakeContext, input: NewCaseInput) {
  const errors: Record<string, string[]> = {};
  let tramite: { id: string; defaultAreaId: string | null } | null = null;
  if (input.tramiteId || input.tramiteCode) {
    const code = input.tramiteCode?.toUpperCase();
    tramite = context.tramites.find((t) => (input.tramiteId ? t.id === input.tramiteId : t.code === code)) ?? null;
    if (!tramite) errors[input.tramiteId ? "tramiteId" : "tramiteCode"] = ["validation.notFound"];
  }
  let office: { id: string; region: string } | null = null;
  if (input.officeId || input.officeCode) {
    const code = input.officeCode?.toUpperCase();
    office = context.offices.find((o) => (input.officeId ? o.id === input.officeId : o.code === code)) ?? null;
    if (!office) errors[input.officeId ? "officeId" : "officeCode"] = ["validation.notFound"];
  }
  if (Object.keys(errors).length > 0) throw new CaseInputError(errors);
  return { tramite, office };
}

function chooseArea(context: IntakeContext, input: NewCaseInput, tramite: { id: string; defaultAreaId: string | null } | null) {
  const rule = matchRoutingRule(context.rules, { kind: input.kind, tramiteId: tramite?.id ?? null, subject: input.subject, description: input.description });
  if (rule) return { areaId: rule.areaId, reason: { rule: rule.name, ruleId: rule.id } };
  if (tramite?.defaultAreaId) return { areaId: tramite.defaultAreaId, reason: { tramiteDefault: true } };
  return { areaId: null, reason: { queue: "OIRS" } };
}

/**
 * Takes the next folio number for the institution and year, in its own short statement. The
 * counter's row lock lasts only this statement, so filings run in parallel; a filing that fails
 * after this leaves its number unused (never reused). Gap-free numbering would need the lock
 * until the case commits, which serialised every filing of the year (see DECISIONS.md).
 */
async function takeFolioNumber(institutionId: string, year: number): Promise<number> {
  // Direct SQL (as the insert below): this is the API's hot path, and Prisma's per-query cost dominated it.
  const rows = await rawSql().query<{ lastValue: number }>(
    `INSERT INTO "FolioCounter" ("institutionId", "year", "lastValue") VALUES ($1::uuid, $2::int, 1)
     ON CONFLICT ("institutionId", "year") DO UPDATE SET "lastValue" = "FolioCounter"."lastValue" + 1
     RETURNING "lastValue"`,
    [institutionId, year],
  );
  return Number(rows[0]!.lastValue);
}

type Row = { id: string; folio: string };

export async function createCase(options: {
  input: NewCaseInput;
  source: CaseSource;
  files?: AcceptedFile[];
  now?: Date;
  /** The institution filing it (API tokens carry one); defaults to the deployment's institution. */
  institutionId?: string;
  /** Runs inside the case's transaction (e.g. to record an idempotency key atomically). */
  onCreated?: (tx: Prisma.TransactionClient, created: CreatedCase) => Promise<void>;
}): Promise<CreatedCase> {
  const { input, source } = options;
  const now = options.now ?? new Date();
  const context = await getIntakeContext(options.institutionId);
  const { institution } = context;

  const { tramite, office } = resolveReferences(context, input);
  const calendar = context.calendarFor(office?.region ?? null);
  const submittedAt = source.submittedAt ?? now;
  const receivedAt = legalReception(calendar, submittedAt);
  const targetDays = Math.min(20, institution[TARGET_DAYS_FIELD[input.kind]]);
  const dueAt = dueDate(calendar, receivedAt, targetDays);
  const routing = chooseArea(context, input, tramite);
  const year = Number(toLocalDate(receivedAt).slice(0, 4));
  const accessCode = generateAccessCode();
  const id = randomUUID();

  const stored: Array<StoredFile & { fileName: string; mimeType: string }> = [];
  try {
    for (const file of options.files ?? []) stored.push({ ...(await storeFile(file.bytes, now)), fileName: file.fileName, mimeType: file.mimeType });

    const folio = formatFolio(institution.folioPrefix, year, await takeFolioNumber(institution.id, year));
    const created: CreatedCase = {
      id,
      folio,
      accessCode,
      kind: input.kind,
      status: "INGRESADA",
      submittedAt,
      receivedAt,
      dueAt,
      targetDays,
      trackingUrl: trackingUrl(folio, accessCode),
      emailed: Boolean(input.email),
    };
    const email = input.email
      ? {
          to: input.email,
          kind: "case-received",
          ...renderCaseReceivedEmail({
            locale: input.locale,
            institutionName: institution.name,
            folio,
            accessCode,
            kind: input.kind,
            subject: input.subject,
            receivedAt,
            dueAt,
            targetDays,
            trackingUrl: created.trackingUrl,
          }),
        }
      : null;

    // One statement writes the case, its first events, its attachments and its receipt email:
    // atomic without a transaction, and one round trip.
    const insert = Prisma.sql`
      WITH c AS (
        INSERT INTO "Case" ("id", "institutionId", "folio", "kind", "channel", "status", "subject", "description",
          "tramiteId", "officeId", "areaId", "createdById", "anonymous", "citizenName", "citizenRut", "citizenEmail",
          "citizenPhone", "citizenAddress", "citizenCommune", "citizenRegion", "citizenGender", "citizenAgeRange",
          "replyChannel", "locale", "accessCodeHash", "submittedAt", "receivedAt", "dueAt", "targetDays", "createdAt", "updatedAt")
        VALUES (${id}::uuid, ${institution.id}::uuid, ${folio}, ${input.kind}::"CaseKind", ${source.channel}::"Channel", 'INGRESADA'::"CaseStatus",
          ${input.subject}, ${input.description}, ${tramite?.id ?? null}::uuid, ${office?.id ?? null}::uuid, ${routing.areaId}::uuid,
          ${source.createdById ?? null}::uuid, ${input.anonymous}, ${input.name ?? null}, ${input.rut ?? null}, ${input.email ?? null},
          ${input.phone ?? null}, ${input.address ?? null}, ${input.commune ?? null}, ${input.region ?? null}, ${input.gender ?? null},
          ${input.ageRange ?? null}, ${input.replyChannel ?? null}::"ReplyChannel", ${input.locale}, ${hashAccessCode(folio, accessCode)},
          ${submittedAt}::timestamptz, ${receivedAt}::timestamptz, ${dueAt}::timestamptz, ${targetDays}::int, ${now}::timestamptz, ${now}::timestamptz)
        RETURNING "id", "folio"
      ), e AS (
        INSERT INTO "CaseEvent" ("id", "caseId", "type", "actorId", "actorLabel", "public", "data", "createdAt")
        -- ROUTED one millisecond after RECEIVED, so the timeline's order never depends on random ids.
        SELECT gen_random_uuid(), c."id", v.type::"CaseEventType", v.actor::uuid, v.label, v.public, v.data::jsonb,
          ${now}::timestamptz + v.ord * interval '1 millisecond'
        FROM c, (VALUES
          ('RECEIVED', ${source.createdById ?? null}, ${source.actorLabel}, true, ${JSON.stringify({ channel: source.channel })}, 0),
          ('ROUTED', NULL, 'system', false, ${JSON.stringify({ areaId: routing.areaId, ...routing.reason })}, 1)
        ) AS v(type, actor, label, public, data, ord)
      ), a AS (
        INSERT INTO "Attachment" ("id", "caseId", "fileName", "mimeType", "size", "sha256", "storageKey", "public", "createdAt")
        SELECT gen_random_uuid(), c."id", x."fileName", x."mimeType", x."size", x."sha256", x."storageKey", true, ${now}::timestamptz
        FROM c, jsonb_to_recordset(${JSON.stringify(stored.map(({ fileName, mimeType, size, sha256, storageKey }) => ({ fileName, mimeType, size, sha256, storageKey })))}::jsonb)
          AS x("fileName" text, "mimeType" text, "size" int, "sha256" text, "storageKey" text)
      ), o AS (
        INSERT INTO "Outbox" ("id", "institutionId", "type", "dedupeKey", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
        SELECT gen_random_uuid(), ${institution.id}::uuid, 'email', ${`case-received:${id}`}, ${email ? JSON.stringify(email) : null}::jsonb,
          'PENDING'::"OutboxStatus", 0, ${now}::timestamptz, ${now}::timestamptz
        FROM c WHERE ${email !== null}
      )
      SELECT "id", "folio" FROM c`;

    const run = async (client: Pick<Prisma.TransactionClient, "$queryRaw">) => {
      const rows = await client.$queryRaw<Row[]>(insert);
      if (rows.length !== 1) throw new Error("case insert returned no row");
      return created;
    };
    if (!options.onCreated) {
      const rows = await rawSql().query<Row>(insert.text, insert.values);
      if (rows.length !== 1) throw new Error("case insert returned no row");
      return created;
    }
    return await db.$transaction(
      async (tx) => {
        await run(tx);
        await options.onCreated!(tx, created);
        return created;
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (error) {
    await removeFiles(stored.map((f) => f.storageKey)).catch(() => undefined);
    throw error;
  }
}
