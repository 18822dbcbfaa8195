// The transparency page's pure rules: the year parameter, the small-number suppression (primary and
// secondary), the published month, and the open-data CSV (columns, rows, escaping). Table-driven.
import {
  CSV_COLUMNS,
  MIN_PUBLISHED_N,
  TRANSPARENCY_CHANNELS,
  TRANSPARENCY_KINDS,
  csvField,
  csvLine,
  csvRows,
  currentLocalMonth,
  currentLocalYear,
  emptyRawMonth,
  isSmallCount,
  monthsToPublish,
  parseYear,
  publishBreakdown,
  publishCount,
  publishMonth,
  publishRatio,
  publishYear,
  selectableYears,
  transparencyCsv,
  transparencyCsvFilename,
  type RawMonth,
} from "~/domain/transparency/transparency";

// 15 March 2026, 10:00 in Santiago (UTC−3).
const NOW = new Date("2026-03-15T13:00:00Z");
const W = { value: null, suppressed: true }; // a withheld count
const c = (value: number) => ({ value, suppressed: false });

describe("the year", () => {
  it("is the local year in Santiago, also around New Year in UTC", () => {
    expect(currentLocalYear(NOW)).toBe(2026);
    // 23:30 on 31 December 2026 in Santiago (UTC−3) is already 2027 in UTC.
    expect(currentLocalYear(new Date("2027-01-01T02:30:00Z"))).toBe(2026);
    expect(currentLocalMonth(new Date("2027-01-01T02:30:00Z"))).toBe("2026-12");
    expect(currentLocalMonth(NOW)).toBe("2026-03");
  });

  it.each([
    [null, { year: 2026, error: null }],
    ["", { year: 2026, error: null }],
    ["  ", { year: 2026, error: null }],
    ["2025", { year: 2025, error: null }],
    [" 2024 ", { year: 2024, error: null }],
    ["2026", { year: 2026, error: null }],
    ["2000", { year: 2000, error: null }],
    ["1999", { year: 2026, error: "outOfRange" }],
    ["2027", { year: 2026, error: "outOfRange" }],
    ["9999", { year: 2026, error: "outOfRange" }],
    ["abc", { year: 2026, error: "invalid" }],
    ["20251", { year: 2026, error: "invalid" }],
    ["2025.0", { year: 2026, error: "invalid" }],
    ["-2025", { year: 2026, error: "invalid" }],
    ["2e3", { year: 2026, error: "invalid" }],
  ])("?anio=%j → %j", (value, expected) => {
    expect(parseYear(value, NOW)).toEqual(expected);
  });

  it.each([
    // No cases yet: this year and last year.
    [null, [2026, 2025]],
    [2026, [2026, 2025]],
    [2023, [2026, 2025, 2024, 2023]],
    // A stray old date never offers years before 2000.
    [1990, Array.from({ length: 27 }, (_, i) => 2026 - i)],
  ])("selectable years with the first case in %j", (first, expected) => {
    expect(selectableYears(first, NOW)).toEqual(expected);
  });

  it.each([
    [2026, ["2026-01", "2026-02", "2026-03"]],
    [2025, Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`)],
    [2027, []],
  ])("months published for %i", (year, expected) => {
    expect(monthsToPublish(year, NOW)).toEqual(expected);
  });
});

describe("suppression", () => {
  it.each([
    [0, false],
    [1, true],
    [9, true],
    [10, false],
    [11, false],
    [1000, false],
  ])("a count of %i is small: %s", (count, small) => {
    expect(isSmallCount(count)).toBe(small);
    expect(publishCount(count)).toEqual(small ? W : c(count));
  });

  it("withholds from 1 to 9, shows 0 and 10", () => {
    expect(MIN_PUBLISHED_N).toBe(10);
  });

  it.each([
    {
      name: "nothing small: everything shown",
      cells: [10, 0, 25, 0],
      total: 35,
      expected: { cells: [c(10), c(0), c(25), c(0)], total: c(35) },
    },
    {
      name: "one cell of 9: the next smallest non-zero cell goes too (zeros stay)",
      cells: [9, 0, 30, 12],
      total: 51,
      expected: { cells: [W, c(0), c(30), W], total: c(51) },
    },
    {
      name: "one cell of 1 and one of 10: the 10 goes, the sum is then 11",
      cells: [1, 10, 40],
      total: 51,
      expected: { cells: [W, W, c(40)], total: c(51) },
    },
    {
      name: "two small cells adding up to 10 or more: nothing else withheld",
      cells: [5, 5, 20],
      total: 30,
      expected: { cells: [W, W, c(20)], total: c(30) },
    },
    {
      name: "two small cells adding up to less than 10: one more cell",
      cells: [1, 1, 20, 30],
      total: 52,
      expected: { cells: [W, W, W, c(30)], total: c(52) },
    },
    {
      name: "ties: the first smallest cell",
      cells: [3, 12, 12],
      total: 27,
      expected: { cells: [W, W, c(12)], total: c(27) },
    },
    {
      name: "a total of exactly 10 from one small cell and one of 1..: both withheld, total shown",
      cells: [9, 1],
      total: 10,
      expected: { cells: [W, W], total: c(10) },
    },
    {
      name: "a total of 9: the total and every non-zero cell withheld",
      cells: [4, 0, 5],
      total: 9,
      expected: { cells: [W, c(0), W], total: W },
    },
    {
      name: "an empty month: zeros everywhere",
      cells: [0, 0, 0],
      total: 0,
      expected: { cells: [c(0), c(0), c(0)], total: c(0) },
    },
  ])("breakdown: $name", ({ cells, total, expected }) => {
    const published = publishBreakdown(cells, total);
    expect(published).toEqual(expected);
    // Whenever the total is shown, the withheld cells add up to 0 or to at least 10.
    if (!published.total.suppressed) {
      const hidden = cells.filter((_, i) => published.cells[i]!.suppressed).reduce((a, b) => a + b, 0);
      expect(hidden === 0 || hidden >= MIN_PUBLISHED_N).toBe(true);
    }
  });

  it.each([
    [72.4, 0, { value: null, n: 0, suppressed: false }],
    [null, 0, { value: null, n: 0, suppressed: false }],
    [100, 1, { value: null, n: null, suppressed: true }],
    [55.6, 9, { value: null, n: null, suppressed: true }],
    [50, 10, { value: 50, n: 10, suppressed: false }],
    [3.2, 250, { value: 3.2, n: 250, suppressed: false }],
  ])("ratio %j with n = %i", (value, n, expected) => {
    expect(publishRatio(value, n)).toEqual(expected);
  });
});

describe("a published month", () => {
  const raw: RawMonth = {
    month: "2026-02",
    received: 40,
    byKind: { RECLAMO: 25, CONSULTA: 12, SUGERENCIA: 3 },
    byChannel: { WEB: 30, PRESENCIAL: 10 },
    decided: 30,
    onTime: 20,
    answered: 9,
    meanDays: 6.25,
    surveyN: 12,
    isu: 75,
  };

  it("withholds small cells, their complements and figures resting on fewer than 10", () => {
    const m = publishMonth(raw);
    expect(m.received).toEqual(c(40));
    expect(m.byKind).toEqual({ CONSULTA: W, RECLAMO: c(25), SUGERENCIA: W, FELICITACION: c(0), SOLICITUD: c(0) });
    expect(m.byChannel).toEqual({ WEB: c(30), KIOSK: c(0), PRESENCIAL: c(10), TELEFONO: c(0), EMAIL: c(0), CARTA: c(0), REDES: c(0), API: c(0) });
    // 20 of 30 on time → 66.7 %; the mean rests on 9 answered cases → withheld.
    expect(m.onTime).toEqual({ value: 66.7, n: 30, suppressed: false });
    expect(m.meanDays).toEqual({ value: null, n: null, suppressed: true });
    expect(m.isu).toEqual({ value: 75, n: 12, suppressed: false });
  });

  it("rounds the mean to one decimal when it can be shown", () => {
    expect(publishMonth({ ...raw, answered: 10 }).meanDays).toEqual({ value: 6.3, n: 10, suppressed: false });
  });

  it("an empty month has zeros and no data, nothing withheld", () => {
    const m = publishMonth(emptyRawMonth("2026-03"));
    expect(m.received).toEqual(c(0));
    expect(Object.values(m.byKind).every((x) => x.value === 0 && !x.suppressed)).toBe(true);
    expect(Object.values(m.byChannel).every((x) => x.value === 0 && !x.suppressed)).toBe(true);
    for (const ratio of [m.onTime, m.meanDays, m.isu]) expect(ratio).toEqual({ value: null, n: 0, suppressed: false });
  });
});

describe("the CSV", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    [12, "12"],
    [66.7, "66.7"],
    [Number.NaN, ""],
    [true, "true"],
    [false, "false"],
    ["cases_received", "cases_received"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["+1", "'+1"],
    ["-1,5", "\"'-1,5\""],
    ["@x", "'@x"],
  ])("field %j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("separates with commas and ends lines with CRLF", () => {
    expect(csvLine(["2026-01", "cases_received", null, 3.5, false])).toBe("2026-01,cases_received,,3.5,false\r\n");
  });

  it("writes a header and, per month, 1 + 5 + 8 count rows and 3 ratio rows", () => {
    const published = publishYear(2026, [
      { ...emptyRawMonth("2026-01"), received: 12, byKind: { RECLAMO: 12 }, byChannel: { WEB: 3, EMAIL: 9 }, decided: 12, onTime: 11, answered: 12, meanDays: 4, surveyN: 5, isu: 80 },
      emptyRawMonth("2026-02"),
    ]);
    const csv = transparencyCsv(published);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines[0]).toBe("month,measure,breakdown,category,value,n,suppressed");
    expect(lines.at(-1)).toBe(""); // the file ends with a line break
    const perMonth = 1 + TRANSPARENCY_KINDS.length + TRANSPARENCY_CHANNELS.length + 3;
    expect(lines.length).toBe(1 + 2 * perMonth + 1);
    expect(csvRows(published)).toHaveLength(2 * perMonth);
    const january = lines.slice(1, 1 + perMonth);
    expect(january).toEqual([
      "2026-01,cases_received,total,ALL,12,,false",
      "2026-01,cases_received,kind,CONSULTA,0,,false",
      "2026-01,cases_received,kind,RECLAMO,12,,false",
      "2026-01,cases_received,kind,SUGERENCIA,0,,false",
      "2026-01,cases_received,kind,FELICITACION,0,,false",
      "2026-01,cases_received,kind,SOLICITUD,0,,false",
      // WEB 3 is withheld, and so is EMAIL 9 (the only other non-zero channel): 12 − 9 would give it away.
      "2026-01,cases_received,channel,WEB,,,true",
      "2026-01,cases_received,channel,KIOSK,0,,false",
      "2026-01,cases_received,channel,PRESENCIAL,0,,false",
      "2026-01,cases_received,channel,TELEFONO,0,,false",
      "2026-01,cases_received,channel,EMAIL,,,true",
      "2026-01,cases_received,channel,CARTA,0,,false",
      "2026-01,cases_received,channel,REDES,0,,false",
      "2026-01,cases_received,channel,API,0,,false",
      "2026-01,answered_on_time_pct,total,ALL,91.7,12,false",
      "2026-01,mean_business_days_to_answer,total,ALL,4,12,false",
      "2026-01,isu_pct,total,ALL,,,true",
    ]);
    // An empty month: zeros and "no data" (empty value, n = 0), nothing flagged.
    expect(lines.slice(1 + perMonth, 1 + 2 * perMonth).slice(-3)).toEqual([
      "2026-02,answered_on_time_pct,total,ALL,,0,false",
      "2026-02,mean_business_days_to_answer,total,ALL,,0,false",
      "2026-02,isu_pct,total,ALL,,0,false",
    ]);
  });

  it("is a header only for a year without published months", () => {
    expect(transparencyCsv(publishYear(2027, []))).toBe("month,measure,breakdown,category,value,n,suppressed\r\n");
  });

  it("is named after the year", () => {
    expect(transparencyCsvFilename(2025)).toBe("oirs-transparencia-2025.csv");
  });
});
