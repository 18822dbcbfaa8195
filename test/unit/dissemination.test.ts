// The recipient list's spreadsheet rows (app/domain/committee/dissemination.ts): header mapping,
// categories as people write them, per-row validation with spreadsheet row numbers, blank rows.
import {
  cellText,
  countByCategory,
  disseminationSchema,
  parseCategory,
  parseRecipientSheet,
  recipientCells,
  SHEET_HEADERS,
  type RecipientCategory,
} from "~/domain/committee/dissemination";
import { checkRecipientFile } from "~/domain/committee/dissemination-xlsx.server";

const HEADER = [SHEET_HEADERS.name, SHEET_HEADERS.cargo, SHEET_HEADERS.area, SHEET_HEADERS.category, SHEET_HEADERS.email];

describe("parseCategory", () => {
  const cases: Array<[string, RecipientCategory | null]> = [
    ["Planta", "PLANTA"],
    ["planta", "PLANTA"],
    ["De planta", "PLANTA"],
    ["Contrata", "CONTRATA"],
    ["A CONTRATA", "CONTRATA"],
    ["Honorarios", "HONORARIOS"],
    ["honorario", "HONORARIOS"],
    ["Código del Trabajo", "CODIGO_DEL_TRABAJO"],
    ["codigo del trabajo", "CODIGO_DEL_TRABAJO"],
    ["CÓDIGO DEL TRABAJO", "CODIGO_DEL_TRABAJO"],
    ["  Código   del trabajo. ", "CODIGO_DEL_TRABAJO"],
    ["CODIGO_DEL_TRABAJO", "CODIGO_DEL_TRABAJO"],
    ["Directivo", "DIRECTIVO"],
    ["Directivos", "DIRECTIVO"],
    ["Directiva", "DIRECTIVO"],
    ["COSOC", "COSOC"],
    ["cosoc", "COSOC"],
    ["Consejo de la Sociedad Civil", "COSOC"],
    ["Subcontratado", null],
    ["Plantaa", null],
    ["", null],
  ];
  it.each(cases)("%j → %s", (input, expected) => {
    expect(parseCategory(input)).toBe(expected);
  });
});

describe("cellText", () => {
  const cases: Array<[string, unknown, string]> = [
    ["string, trimmed", "  Ana  ", "Ana"],
    ["number", 42, "42"],
    ["empty", null, ""],
    ["rich text", { richText: [{ text: "Jefa de " }, { text: "Unidad" }] }, "Jefa de Unidad"],
    ["mailto hyperlink", { text: "ana@slep.cl", hyperlink: "mailto:ana@slep.cl" }, "ana@slep.cl"],
    ["formula result", { formula: "A1", result: "Planta" }, "Planta"],
    ["date", new Date("2026-03-05T00:00:00Z"), "2026-03-05"],
  ];
  it.each(cases)("%s", (_name, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});

describe("parseRecipientSheet", () => {
  it("reads every valid row, skipping blank rows, with the spreadsheet's row numbers", () => {
    const result = parseRecipientSheet([
      HEADER,
      ["Ana Rojas", "Jefa de Gestión de Personas", "Gestión de Personas", "Directivo", "ana.rojas@slep.cl"],
      [null, "", "  ", undefined, ""],
      ["Luis Soto", "Profesional", "", "código del trabajo", { text: "LUIS@slep.cl", hyperlink: "mailto:LUIS@slep.cl" }],
      [],
      ["María Pérez", "Consejera", "COSOC", "cosoc", ""],
    ]);
    expect(result).toEqual({
      ok: true,
      recipients: [
        { row: 2, name: "Ana Rojas", cargo: "Jefa de Gestión de Personas", area: "Gestión de Personas", category: "DIRECTIVO", email: "ana.rojas@slep.cl" },
        { row: 4, name: "Luis Soto", cargo: "Profesional", area: "", category: "CODIGO_DEL_TRABAJO", email: "luis@slep.cl" },
        { row: 6, name: "María Pérez", cargo: "Consejera", area: "COSOC", category: "COSOC", email: null },
      ],
    });
  });

  it("takes the first non-blank row as the header and keeps the spreadsheet's row numbers", () => {
    const result = parseRecipientSheet([[], ["", ""], HEADER, ["Ana", "Jefa", "", "Planta", ""]]);
    expect(result).toEqual({ ok: true, recipients: [{ row: 4, name: "Ana", cargo: "Jefa", area: "", category: "PLANTA", email: null }] });
  });

  it("finds the columns by header name in any order, with accents and case variations, ignoring unknown columns", () => {
    const result = parseRecipientSheet([
      ["N°", "CATEGORIA", "correo", "Nombre", "Observaciones", "cargo", "Area"],
      [1, "Contrata", "", "Pedro Díaz", "x", "Administrativo", "Finanzas"],
    ]);
    expect(result).toEqual({ ok: true, recipients: [{ row: 2, name: "Pedro Díaz", cargo: "Administrativo", area: "Finanzas", category: "CONTRATA", email: null }] });
  });

  const rowCases: Array<[string, unknown[], Array<{ field: string; message: string; value?: string }>]> = [
    ["missing name", ["", "Profesional", "", "Planta", ""], [{ field: "name", message: "validation.required" }]],
    ["missing cargo", ["Ana", "", "", "Planta", ""], [{ field: "cargo", message: "validation.required" }]],
    ["missing category", ["Ana", "Profesional", "", "", ""], [{ field: "category", message: "validation.required" }]],
    ["unknown category", ["Ana", "Profesional", "", "Subcontratado", ""], [{ field: "category", message: "dissemination:import.errors.category", value: "Subcontratado" }]],
    ["bad email", ["Ana", "Profesional", "", "Planta", "ana@"], [{ field: "email", message: "validation.email", value: "ana@" }]],
    ["name too long", ["x".repeat(201), "Profesional", "", "Planta", ""], [{ field: "name", message: 'validation.tooLong|{"max":200}', value: "x".repeat(201) }]],
    [
      "several problems in one row, in column order",
      ["", "Profesional", "", "Otro", "no-es-correo"],
      [
        { field: "name", message: "validation.required" },
        { field: "category", message: "dissemination:import.errors.category", value: "Otro" },
        { field: "email", message: "validation.email", value: "no-es-correo" },
      ],
    ],
  ];
  it.each(rowCases)("refuses the whole file for a row with: %s", (_name, row, expected) => {
    const result = parseRecipientSheet([HEADER, ["Válida", "Cargo", "", "Planta", ""], row]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(expected.map((e) => ({ row: 3, ...e })));
  });

  it("reports every invalid row, not only the first, and a repeated email with the row it first appeared in", () => {
    const result = parseRecipientSheet([
      HEADER,
      ["Ana", "Jefa", "", "Planta", "ana@slep.cl"],
      ["", "Profesional", "", "Planta", ""],
      ["Luis", "Profesional", "", "Contrata", "ANA@slep.cl"],
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 3, field: "name", message: "validation.required" },
        { row: 4, field: "email", message: 'dissemination:import.errors.duplicateEmail|{"row":2}', value: "ANA@slep.cl" },
      ],
    });
  });

  const fileCases: Array<[string, unknown[][], Array<{ row: number; field: string; message: string }>]> = [
    ["no rows at all", [], [{ row: 1, field: "file", message: "dissemination:import.errors.noHeader" }]],
    ["blank rows only", [["", null], [], [" "]], [{ row: 1, field: "file", message: "dissemination:import.errors.noHeader" }]],
    [
      "a title row where the header should be",
      [["Listado de destinatarios 2026"], HEADER],
      [
        { row: 1, field: "name", message: 'dissemination:import.errors.missingColumn|{"column":"Nombre"}' },
        { row: 1, field: "cargo", message: 'dissemination:import.errors.missingColumn|{"column":"Cargo"}' },
        { row: 1, field: "category", message: 'dissemination:import.errors.missingColumn|{"column":"Categoría"}' },
      ],
    ],
    ["a header only", [HEADER, ["", "", "", "", ""]], [{ row: 2, field: "file", message: "dissemination:import.errors.empty" }]],
    [
      "no category column",
      [["Nombre", "Cargo"], ["Ana", "Jefa"]],
      [{ row: 1, field: "category", message: 'dissemination:import.errors.missingColumn|{"column":"Categoría"}' }],
    ],
  ];
  it.each(fileCases)("refuses %s", (_name, rows, expected) => {
    const result = parseRecipientSheet(rows);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it("reads back what the export writes (round trip of the cells)", () => {
    const recipients = [
      { name: "Ana", cargo: "Jefa", area: "Personas", category: "CODIGO_DEL_TRABAJO" as const, email: "ana@slep.cl" },
      { name: "Luis", cargo: "Consejero", area: "", category: "COSOC" as const, email: null },
    ];
    const rows = [Object.values(SHEET_HEADERS), ...recipients.map((r) => recipientCells(r, { date: "2026-12-01", means: "Correo electrónico" }))];
    const result = parseRecipientSheet(rows);
    expect(result.ok && result.recipients.map(({ row: _row, ...r }) => r)).toEqual(recipients);
  });
});

describe("counts and the dissemination form", () => {
  it("counts every category, zeros included", () => {
    expect(countByCategory([{ category: "PLANTA" }, { category: "COSOC" }, { category: "PLANTA" }])).toEqual({
      PLANTA: 2,
      CONTRATA: 0,
      HONORARIOS: 0,
      CODIGO_DEL_TRABAJO: 0,
      DIRECTIVO: 0,
      COSOC: 1,
    });
  });

  const schema = disseminationSchema("2026-12-01");
  const formCases: Array<[string, Record<string, unknown>, Record<string, string> | null]> = [
    ["a valid email dissemination", { year: "2026", date: "2026-11-30", means: "EMAIL", sendEmail: true }, null],
    ["a future date", { year: "2026", date: "2026-12-05", means: "MEETING" }, { date: "dissemination:errors.future" }],
    ["an impossible date", { year: "2026", date: "2026-02-30", means: "MEETING" }, { date: "dissemination:errors.date" }],
    ["an unknown means", { year: "2026", date: "2026-11-30", means: "PIGEON" }, { means: "validation.choice" }],
    ["OTHER without notes", { year: "2026", date: "2026-11-30", means: "OTHER" }, { notes: "dissemination:errors.otherNeedsNotes" }],
  ];
  it.each(formCases)("%s", (_name, input, expected) => {
    const result = schema.safeParse(input);
    if (expected === null) {
      expect(result.success).toBe(true);
      return;
    }
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]))).toEqual(expected);
  });
});

describe("checkRecipientFile (before exceljs opens anything)", () => {
  /** A ZIP skeleton: a local header, then a central directory declaring these entries, then the end record. */
  function zip(entries: Array<{ name: string; size: number }>): Uint8Array {
    const local = new Uint8Array(30);
    new DataView(local.buffer).setUint32(0, 0x04034b50, true);
    const dirs = entries.map(({ name, size }) => {
      const nameBytes = new TextEncoder().encode(name);
      const d = new Uint8Array(46 + nameBytes.length);
      const v = new DataView(d.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint32(24, size, true);
      v.setUint16(28, nameBytes.length, true);
      d.set(nameBytes, 46);
      return d;
    });
    const dirSize = dirs.reduce((n, d) => n + d.length, 0);
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, entries.length, true);
    v.setUint16(10, entries.length, true);
    v.setUint32(12, dirSize, true);
    v.setUint32(16, local.length, true);
    const out = new Uint8Array(local.length + dirSize + end.length);
    out.set(local, 0);
    let at = local.length;
    for (const d of dirs) {
      out.set(d, at);
      at += d.length;
    }
    out.set(end, at);
    return out;
  }

  const cases: Array<[string, { name: string; bytes: Uint8Array } | null, string | null]> = [
    ["no file", null, "missing"],
    ["an empty file", { name: "a.xlsx", bytes: new Uint8Array() }, "missing"],
    ["over 2 MB", { name: "a.xlsx", bytes: new Uint8Array(2 * 1024 * 1024 + 1) }, "tooLarge"],
    ["a PDF named .xlsx", { name: "a.xlsx", bytes: new TextEncoder().encode("%PDF-1.7") }, "badType"],
    ["a small ZIP", { name: "a.xlsx", bytes: zip([{ name: "xl/workbook.xml", size: 2000 }, { name: "xl/worksheets/sheet1.xml", size: 90_000 }]) }, null],
    ["a ZIP that inflates to 100 MB", { name: "a.xlsx", bytes: zip([{ name: "xl/worksheets/sheet1.xml", size: 100 * 1024 * 1024 }]) }, "tooLarge"],
    ["a ZIP with its directory cut off", { name: "a.xlsx", bytes: zip([{ name: "x", size: 1 }]).subarray(0, 40) }, "unreadable"],
  ];
  it.each(cases)("%s → %s", (_name, file, expected) => {
    expect(checkRecipientFile(file)).toBe(expected);
  });
});
