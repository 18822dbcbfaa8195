// The satisfaction export (/satisfaccion/exportar.csv and .xlsx): one row per response with the
// page's filters, streamed. Rows are read in keyset batches of EXPORT_BATCH_SIZE by (createdAt, id),
// oldest first, and written out before the next batch is read, so a million-row export never holds
// more than one batch. Responses hold no personal data (no name, RUT or contact); comments are
// staff-only, which the route enforces (surveys:results). Every export writes an audit row.
import { db } from "~/db/client.server";
import { excelDate, xlsxStream } from "~/utils/xlsx-stream.server";
import { Prisma } from "~/generated/prisma/client";
import { CSV_BOM, EXPORT_CONTENT_TYPES, csvLine } from "~/domain/cases/inbox-export";
import { addCalendarDays, startOfLocalDay } from "~/domain/sla/calendar";
import { resultsSearchParams, type ResultFilters } from "./results";
import {
  RESPONSE_COLUMNS,
  answerCell,
  questionColumns,
  resultsExportFileName,
  type QuestionColumn,
  type ResultsExportFormat,
} from "./results-export";
import { DIMENSIONS, loadResultTemplates, type ResultTemplate } from "./results.server";

export const EXPORT_BATCH_SIZE = 2000;

/** A translate function bound to the `results` namespace. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

type ExportRow = {
  id: string;
  createdAt: Date | string;
  date: string;
  channel: string;
  kind: string | null;
  office: string | null;
  area: string | null;
  tramite: string | null;
  official: string | null;
  template: string;
  version: number;
  answers: unknown;
  comment: string | null;
};

type ExportScope = { institutionId: string; filters: ResultFilters; templates: ResultTemplate[] };

function conditions(scope: ExportScope): Prisma.Sql[] {
  const { filters } = scope;
  const out = [
    Prisma.sql`r."institutionId" = ${scope.institutionId}::uuid`,
    Prisma.sql`r."createdAt" >= ${startOfLocalDay(filters.from)}::timestamptz`,
    Prisma.sql`r."createdAt" < ${startOfLocalDay(addCalendarDays(filters.to, 1))}::timestamptz`,
  ];
  for (const d of DIMENSIONS) {
    const value = filters[d.filter];
    if (value) out.push(Prisma.sql`${Prisma.raw(`r."${d.column}"`)} = ${value}::${Prisma.raw(d.type)}`);
  }
  if (filters.template) out.push(Prisma.sql`st."key" = ${filters.template}`);
  return out;
}

/** Every response matching the filters, oldest first, in batches. */
export async function* responseExportBatches(scope: ExportScope, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<ExportRow[]> {
  const base = conditions(scope);
  let last: { createdAt: Date | string; id: string } | null = null;
  for (;;) {
    const keyset: Prisma.Sql[] = last ? [Prisma.sql`(r."createdAt", r."id") > (${last.createdAt}::timestamptz, ${last.id}::uuid)`] : [];
    const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
      SELECT r."id"::text AS "id", r."createdAt", to_char(r."createdAt" AT TIME ZONE 'America/Santiago', 'YYYY-MM-DD HH24:MI') AS "date",
             r."channel"::text AS "channel", r."caseKind"::text AS "kind", o."name" AS "office", a."name" AS "area", t."name" AS "tramite",
             u."name" AS "official", st."key" AS "template", st."version", r."answers", r."comment"
        FROM "SurveyResponse" r
        JOIN "SurveyTemplate" st ON st."id" = r."templateId"
        LEFT JOIN "Office" o ON o."id" = r."officeId"
        LEFT JOIN "Area" a ON a."id" = r."areaId"
        LEFT JOIN "Tramite" t ON t."id" = r."tramiteId"
        LEFT JOIN "User" u ON u."id" = r."officialId"
       WHERE ${Prisma.join([...base, ...keyset], " AND ")}
       ORDER BY r."createdAt", r."id"
       LIMIT ${batchSize}::int`;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1]!;
    last = { createdAt: tail.createdAt, id: tail.id };
  }
}

type Layout = { questions: QuestionColumn[]; headers: string[] };

function layout(templates: ResultTemplate[], filters: ResultFilters, lng: string, t: Translate): Layout {
  const inScope = filters.template ? templates.filter((tpl) => tpl.key === filters.template) : templates;
  const questions = questionColumns(inScope, lng);
  const headers = [...RESPONSE_COLUMNS.map((c) => t(`export.columns.${c}`)), ...questions.map((q) => q.header), t("export.columns.comment")];
  return { questions, headers };
}

function answersOf(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** A response's cells in column order, enum values in the reader's language. */
function rowCells(row: ExportRow, questions: QuestionColumn[], lng: string, t: Translate): Array<string | number | null> {
  const answers = answersOf(row.answers);
  const yesPartlyNo = (v: string) => t(`answers.${v}`);
  return [
    row.date,
    t(`channel.${row.channel}`),
    row.kind ? t(`kind.${row.kind}`) : null,
    row.office,
    row.area,
    row.tramite,
    row.official,
    row.template,
    Number(row.version),
    ...questions.map((q) => answerCell(q, answers[q.key], lng, yesPartlyNo)),
    row.comment,
  ];
}

type StreamOptions = {
  scope: ExportScope;
  lng: string;
  t: Translate;
  onComplete?: (rows: number) => void | Promise<void>;
  signal?: AbortSignal;
};

class ExportAborted extends Error {
  constructor() {
    super("export aborted: the client disconnected");
    this.name = "ExportAborted";
  }
}

export function resultsCsvStream(options: StreamOptions): ReadableStream<Uint8Array> {
  const { questions, headers } = layout(options.scope.templates, options.scope.filters, options.lng, options.t);
  const encoder = new TextEncoder();
  const batches = responseExportBatches(options.scope);
  let written = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(CSV_BOM + csvLine(headers)));
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
          for (const row of next.value) chunk += csvLine(rowCells(row, questions, options.lng, options.t));
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          if (!(error instanceof ExportAborted)) console.error("[results] CSV export failed:", error);
          await batches.return(undefined);
          controller.error(error);
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}



export function resultsXlsxStream(options: StreamOptions): ReadableStream<Uint8Array> {
  const { questions, headers } = layout(options.scope.templates, options.scope.filters, options.lng, options.t);
  return xlsxStream({
    sheetName: options.t("export.sheet"),
    columns: headers.map((header, i) => ({
      header,
      key: `c${i}`,
      width: i === 0 ? 17 : i === headers.length - 1 ? 60 : i >= RESPONSE_COLUMNS.length ? 16 : 24,
      style: i === 0 ? { numFmt: "yyyy-mm-dd hh:mm" } : undefined,
    })),
    batches: responseExportBatches(options.scope),
    toCells: (row) => {
      const cells: unknown[] = rowCells(row, questions, options.lng, options.t);
      cells[0] = excelDate(row.date);
      return cells;
    },
    label: "results",
    signal: options.signal,
    onComplete: options.onComplete,
  });
}

export type ResultsExport = { stream: ReadableStream<Uint8Array>; fileName: string; contentType: string };

/** Starts an export: an audit row (who, which filters; the row count once complete), then the stream. */
export async function exportResults(options: {
  user: { id: string; institutionId: string };
  filters: ResultFilters;
  format: ResultsExportFormat;
  lng: string;
  t: Translate;
  ip?: string | null;
  signal?: AbortSignal;
}): Promise<ResultsExport> {
  const { user, filters, format } = options;
  const templates = await loadResultTemplates(user.institutionId);
  const data = { format, filters: resultsSearchParams(filters, { page: 1 }).toString() };
  const log = await db.auditLog.create({
    data: { institutionId: user.institutionId, actorId: user.id, action: "surveys.export", entity: "SurveyResponse", data, ip: options.ip ?? null },
    select: { id: true },
  });
  const onComplete = async (rows: number) => {
    await db.auditLog.update({ where: { id: log.id }, data: { data: { ...data, rows } } }).catch((error: unknown) => {
      console.error("[results] could not record the export's row count:", error);
    });
  };
  const streamOptions: StreamOptions = { scope: { institutionId: user.institutionId, filters, templates }, lng: options.lng, t: options.t, onComplete, signal: options.signal };
  return {
    stream: format === "csv" ? resultsCsvStream(streamOptions) : resultsXlsxStream(streamOptions),
    fileName: resultsExportFileName(format, filters),
    contentType: EXPORT_CONTENT_TYPES[format],
  };
}

export function resultsExportResponse(exported: ResultsExport): Response {
  return new Response(exported.stream, {
    status: 200,
    headers: {
      "Content-Type": exported.contentType,
      "Content-Disposition": `attachment; filename="${exported.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
