// The filtered inbox as CSV or XLSX, streamed: rows are read in keyset-paginated batches of
// EXPORT_BATCH_SIZE (by the inbox's sort column and id, never OFFSET) and written out batch by
// batch, so a million-row export never holds more than one batch in memory. Same filters and the
// same visibility WHERE as the inbox page (inboxWhere). Citizens' personal data is selected from
// the database only for roles with `cases:export-personal`. Every export writes an audit row.
import { db } from "~/db/client.server";
import { excelDate, xlsxStream } from "~/utils/xlsx-stream.server";
import { Prisma } from "~/generated/prisma/client";
import { can } from "~/domain/auth/permissions";
import { toLocalDate } from "~/domain/sla/calendar";
import { inboxSearchParams, type InboxChannel, type InboxFilters, type InboxKind, type InboxStatus } from "./inbox";
import {
  CSV_BOM,
  DATE_EXPORT_COLUMNS,
  EXPORT_CONTENT_TYPES,
  csvLine,
  exportColumns,
  exportFileName,
  type ExportColumn,
  type ExportFormat,
} from "./inbox-export";
import { SORT_COLUMN, countCap, inboxBounds, inboxWhere, loadInboxCalendars, type InboxUser } from "./inbox.server";

export const EXPORT_BATCH_SIZE = 2000;

/** A translate function bound to the `inbox` namespace (i18next's getFixedT(lng, "inbox")). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type ExportRow = {
  id: string;
  folio: string;
  kind: InboxKind;
  status: InboxStatus;
  channel: InboxChannel;
  subject: string;
  tramite: string | null;
  office: string | null;
  area: string | null;
  assignee: string | null;
  /** Local (America/Santiago) "YYYY-MM-DD HH:MM". */
  received: string;
  due: string;
  responded: string | null;
  responseBusinessDays: number | null;
  citizenName?: string | null;
  citizenRut?: string | null;
  citizenEmail?: string | null;
  citizenPhone?: string | null;
  /** The sort column's value, for the next batch's keyset condition. */
  sortKey: Date | string;
};

const LOCAL = (column: string) => Prisma.raw(`to_char(c."${column}" AT TIME ZONE 'America/Santiago', 'YYYY-MM-DD HH24:MI')`);

const EXPORT_COLUMNS_SQL = Prisma.sql`
  c."id", c."folio", c."kind"::text AS "kind", c."status"::text AS "status", c."channel"::text AS "channel", c."subject",
  t."name" AS "tramite", o."name" AS "office", a."name" AS "area", u."name" AS "assignee",
  ${LOCAL("receivedAt")} AS "received", ${LOCAL("dueAt")} AS "due", ${LOCAL("respondedAt")} AS "responded",
  c."responseBusinessDays"`;

const PERSONAL_COLUMNS_SQL = Prisma.sql`, c."citizenName", c."citizenRut", c."citizenEmail", c."citizenPhone"`;

const EXPORT_JOINS = Prisma.sql`
  LEFT JOIN "Tramite" t ON t."id" = c."tramiteId"
  LEFT JOIN "Office" o ON o."id" = c."officeId"
  LEFT JOIN "Area" a ON a."id" = c."areaId"
  LEFT JOIN "User" u ON u."id" = c."assigneeId"`;

function keysetCondition(filters: Pick<InboxFilters, "sort" | "dir">, last: { sortKey: Date | string; id: string }): Prisma.Sql {
  const op = Prisma.raw(filters.dir === "desc" ? "<" : ">");
  const key = filters.sort === "folio" ? Prisma.sql`${String(last.sortKey)}::text` : Prisma.sql`${last.sortKey}::timestamptz`;
  return Prisma.sql`(${SORT_COLUMN[filters.sort]}, c."id") ${op} (${key}, ${last.id}::uuid)`;
}

function normalise(rows: ExportRow[]): ExportRow[] {
  for (const row of rows) if (row.responseBusinessDays !== null) row.responseBusinessDays = Number(row.responseBusinessDays);
  return rows;
}

/** May this user's exports carry citizens' name, RUT, email and phone? */
export function exportIncludesPersonalData(user: Pick<InboxUser, "role">): boolean {
  return can(user.role, "cases:export-personal");
}

/**
 * Every case matching the filters (ignoring page and size), in the inbox's order, in batches.
 * `now` is fixed for the whole export, so deadline filters mean the same thing on every batch.
 */
export async function* inboxExportBatches(options: {
  user: InboxUser;
  filters: InboxFilters;
  now?: Date;
  batchSize?: number;
}): AsyncGenerator<ExportRow[]> {
  const { user, filters } = options;
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? EXPORT_BATCH_SIZE));
  const personal = exportIncludesPersonalData(user);
  const calendarFor = await loadInboxCalendars(user.institutionId);
  const where = inboxWhere(user, filters, inboxBounds(calendarFor(null), filters, now));
  const dir = Prisma.raw(filters.dir === "desc" ? "DESC" : "ASC");
  const columns = Prisma.sql`${EXPORT_COLUMNS_SQL}${personal ? PERSONAL_COLUMNS_SQL : Prisma.empty}, ${SORT_COLUMN[filters.sort]} AS "sortKey"`;
  if (filters.q) {
    // Free text with few matches: collect them from the text index first, then sort (walking the
    // sort index would read all of it for a rare word; see inboxSql's rowsAmongFew).
    const cap = countCap(filters);
    const [{ n }] = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Case" c WHERE ${where} LIMIT ${cap + 1}::int) AS m`;
    if (Number(n) <= cap) {
      const rows = await db.$queryRaw<ExportRow[]>`
        WITH matches AS MATERIALIZED (SELECT c."id" FROM "Case" c WHERE ${where} LIMIT ${cap + 1}::int)
        SELECT ${columns} FROM matches m JOIN "Case" c ON c."id" = m."id" ${EXPORT_JOINS}
         ORDER BY ${SORT_COLUMN[filters.sort]} ${dir}, c."id" ${dir}`;
      for (let i = 0; i < rows.length; i += batchSize) yield normalise(rows.slice(i, i + batchSize));
      return;
    }
  }
  let last: { sortKey: Date | string; id: string } | null = null;
  for (;;) {
    const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
      SELECT ${columns}
        FROM "Case" c ${EXPORT_JOINS}
       WHERE ${where} ${last ? Prisma.sql`AND ${keysetCondition(filters, last)}` : Prisma.empty}
       ORDER BY ${SORT_COLUMN[filters.sort]} ${dir}, c."id" ${dir}
       LIMIT ${batchSize}::int`;
    if (rows.length === 0) return;
    yield normalise(rows);
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1]!;
    last = { sortKey: tail.sortKey, id: tail.id };
  }
}

/** A row's cells in column order, with enum values in the reader's language. */
export function exportCells(row: ExportRow, columns: readonly ExportColumn[], t: Translate): Array<string | number | null> {
  return columns.map((column) => {
    switch (column) {
      case "kind":
        return t(`kind.${row.kind}`);
      case "status":
        return t(`status.${row.status}`);
      case "channel":
        return t(`channel.${row.channel}`);
      default:
        return row[column] ?? null;
    }
  });
}

/** The header row, in the reader's language. */
export function exportHeaders(columns: readonly ExportColumn[], t: Translate): string[] {
  return columns.map((c) => t(`export.columns.${c}`));
}

type StreamOptions = {
  user: InboxUser;
  filters: InboxFilters;
  t: Translate;
  now?: Date;
  batchSize?: number;
  /** Called once with the number of data rows written, when the file is complete. */
  onComplete?: (rows: number) => void | Promise<void>;
  /** The request's signal: the client went away, stop reading the database. */
  signal?: AbortSignal;
};

class ExportAborted extends Error {
  constructor() {
    super("export aborted: the client disconnected");
    this.name = "ExportAborted";
  }
}

/** The export as CSV (see inbox-export.ts for the dialect), pulled batch by batch. */
export function inboxCsvStream(options: StreamOptions): ReadableStream<Uint8Array> {
  const columns = exportColumns(exportIncludesPersonalData(options.user));
  const encoder = new TextEncoder();
  const batches = inboxExportBatches(options);
  let written = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvLine(exportHeaders(columns, options.t))));
    },
    async pull(controller) {
      try {
        if (options.signal?.aborted) throw new ExportAborted();
        const next = await batches.next();
        if (next.done) {
          await options.onComplete?.(written);
          controller.close();
          return;
        }
        written += next.value.length;
        let chunk = "";
        for (const row of next.value) chunk += csvLine(exportCells(row, columns, options.t));
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        if (!(error instanceof ExportAborted)) console.error("[export] CSV export failed:", error);
        await batches.return(undefined);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
    // Pull only when the reader asks: no batch is read ahead of the client.
  }, { highWaterMark: 0 });
}


const COLUMN_WIDTHS: Partial<Record<ExportColumn, number>> = {
  folio: 18,
  subject: 48,
  tramite: 30,
  office: 24,
  area: 30,
  assignee: 26,
  received: 17,
  due: 17,
  responded: 17,
  citizenName: 28,
  citizenEmail: 28,
};


/**
 * The export as an XLSX workbook written by exceljs's streaming WorkbookWriter (no shared-strings
 * table, so memory does not grow with the rows). Each batch waits until the output has drained.
 * Text cells are typed as strings (a spreadsheet never evaluates them); dates are real date cells.
 */
export function inboxXlsxStream(options: StreamOptions): ReadableStream<Uint8Array> {
  const columns = exportColumns(exportIncludesPersonalData(options.user));
  const headers = exportHeaders(columns, options.t);
  const dateIndexes = new Set(columns.map((c, i) => (DATE_EXPORT_COLUMNS.includes(c) ? i : -1)).filter((i) => i >= 0));
  return xlsxStream({
    sheetName: options.t("export.sheet"),
    columns: columns.map((key, i) => ({
      key,
      header: headers[i],
      width: COLUMN_WIDTHS[key] ?? 14,
      style: DATE_EXPORT_COLUMNS.includes(key) ? { numFmt: "yyyy-mm-dd hh:mm" } : undefined,
    })),
    batches: inboxExportBatches(options),
    toCells: (row) => exportCells(row, columns, options.t).map((v, i) => (dateIndexes.has(i) ? excelDate(v as string | null) : v)),
    label: "export",
    created: options.now,
    signal: options.signal,
    onComplete: options.onComplete,
  });
}

export type InboxExport = { stream: ReadableStream<Uint8Array>; fileName: string; contentType: string; personal: boolean };

/**
 * Starts an export: records it in the audit log (who, which filters, with or without personal
 * data; the row count is added when the file is complete) and returns the stream to send.
 */
export async function exportInbox(options: {
  user: InboxUser;
  filters: InboxFilters;
  format: ExportFormat;
  t: Translate;
  now?: Date;
  ip?: string | null;
  signal?: AbortSignal;
}): Promise<InboxExport> {
  const { user, filters, format } = options;
  const now = options.now ?? new Date();
  const personal = exportIncludesPersonalData(user);
  const data = { format, personal, filters: inboxSearchParams(filters, { page: 1, size: 25 }).toString() };
  const log = await db.auditLog.create({
    data: { institutionId: user.institutionId, actorId: user.id, action: "cases.export", entity: "Case", data, ip: options.ip ?? null },
    select: { id: true },
  });
  const onComplete = async (rows: number) => {
    await db.auditLog.update({ where: { id: log.id }, data: { data: { ...data, rows } } }).catch((error: unknown) => {
      console.error("[export] could not record the row count:", error);
    });
  };
  const streamOptions = { user, filters, t: options.t, now, onComplete, signal: options.signal };
  return {
    stream: format === "csv" ? inboxCsvStream(streamOptions) : inboxXlsxStream(streamOptions),
    fileName: exportFileName(format, toLocalDate(now)),
    contentType: EXPORT_CONTENT_TYPES[format],
    personal,
  };
}

/** The HTTP response for an export (attachment, never cached: it may hold personal data). */
export function exportResponse(exported: InboxExport): Response {
  return new Response(exported.stream, {
    status: 200,
    headers: {
      "Content-Type": exported.contentType,
      "Content-Disposition": `attachment; filename="${exported.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
