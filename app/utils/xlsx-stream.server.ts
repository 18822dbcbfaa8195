// An XLSX download written row batch by row batch with exceljs's streaming WorkbookWriter (no
// shared-strings table, so memory does not grow with the rows). Each batch waits until the output
// has drained; a client that goes away (the abort signal) stops the query loop. Used by the inbox
// export and the satisfaction-results export.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";

function waitForDrain(stream: PassThrough): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

export function xlsxStream<Row>(options: {
  sheetName: string;
  columns: Array<Partial<ExcelJS.Column>>;
  batches: AsyncIterable<Row[]>;
  toCells: (row: Row) => unknown[];
  /** Names the export in the error log. */
  label: string;
  created?: Date;
  signal?: AbortSignal;
  onComplete?: (written: number) => Promise<void> | void;
}): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "OIRS";
  workbook.created = options.created ?? new Date();
  const sheet = workbook.addWorksheet(options.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = options.columns;
  sheet.getRow(1).font = { bold: true };
  options.signal?.addEventListener("abort", () => out.destroy(), { once: true });
  void (async () => {
    let written = 0;
    try {
      for await (const batch of options.batches) {
        if (out.destroyed || options.signal?.aborted) break; // the client went away
        for (const row of batch) sheet.addRow(options.toCells(row)).commit();
        written += batch.length;
        await waitForDrain(out);
      }
      if (out.destroyed) return;
      sheet.commit();
      await workbook.commit();
      await options.onComplete?.(written);
    } catch (error) {
      console.error(`[${options.label}] XLSX export failed:`, error);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return createReadableStreamFromReadable(out);
}

/** "YYYY-MM-DD HH:MM" local → a Date whose UTC fields are that wall-clock time (what Excel shows). */
export function excelDate(local: string | null | undefined): Date | null {
  if (!local) return null;
  return new Date(`${local.replace(" ", "T")}:00Z`);
}
