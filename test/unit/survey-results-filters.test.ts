// The results' URL filters (page and exports), the indicators API's strict query, month lists and
// the export's question columns: table-driven, no database.
import {
  MAX_PERIOD_YEARS,
  defaultPeriod,
  monthLabel,
  monthsOf,
  parseApiIndicatorsQuery,
  parseResultFilters,
  resultsQuery,
} from "~/domain/surveys/results";
import { answerCell, questionColumns } from "~/domain/surveys/results-export";
import type { SurveyQuestion } from "~/domain/surveys/questions";

// 15 March 2026, 10:00 in Santiago (UTC−3).
const NOW = new Date("2026-03-15T13:00:00Z");
const OFFICE = "3f1c2b9e-0d7a-4c1e-9a52-3b8f0e1d2c44";

const parse = (query: string, now = NOW) => parseResultFilters(new URLSearchParams(query), now);

describe("parseResultFilters", () => {
  it("defaults to the current year in Santiago up to today", () => {
    expect(parse("")).toEqual({ filters: { from: "2026-01-01", to: "2026-03-15", page: 1 }, errors: [] });
    // 00:30 on 1 January in Santiago (03:30 UTC).
    expect(defaultPeriod(new Date("2026-01-01T03:30:00Z"))).toEqual({ from: "2026-01-01", to: "2026-01-01" });
    // 23:30 on 31 December in Santiago is already 1 January in UTC.
    expect(defaultPeriod(new Date("2027-01-01T02:30:00Z"))).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it.each([
    ["from=2025-03-01&to=2025-04-30", { from: "2025-03-01", to: "2025-04-30" }],
    ["to=2025-04-30", { from: "2025-01-01", to: "2025-04-30" }],
    ["from=2025-06-01", { from: "2025-06-01", to: "2026-03-15" }],
    ["from=2027-02-01", { from: "2027-02-01", to: "2027-12-31" }],
    ["from=%202025-03-01%20&to=2025-03-01", { from: "2025-03-01", to: "2025-03-01" }],
  ])("%s → the period %o", (query, period) => {
    const { filters, errors } = parse(query);
    expect(errors).toEqual([]);
    expect(filters).toMatchObject(period);
  });

  it("reads every filter, normalising case", () => {
    const { filters, errors } = parse(
      `from=2025-01-01&to=2025-12-31&channel=web&kind=reclamo&officeId=${OFFICE.toUpperCase()}&areaId=${OFFICE}&tramiteId=${OFFICE}&officialId=${OFFICE}&template=default&groupBy=OFFICE&page=3`,
    );
    expect(errors).toEqual([]);
    expect(filters).toEqual({
      from: "2025-01-01",
      to: "2025-12-31",
      channel: "WEB",
      kind: "RECLAMO",
      officeId: OFFICE,
      areaId: OFFICE,
      tramiteId: OFFICE,
      officialId: OFFICE,
      template: "default",
      groupBy: "office",
      page: 3,
    });
  });

  it("treats empty values (an unselected <select>) as not set", () => {
    expect(parse("channel=&officeId=&groupBy=&from=&to=")).toEqual({ filters: { from: "2026-01-01", to: "2026-03-15", page: 1 }, errors: [] });
  });

  it.each([
    ["from=2025-02-30", "from"],
    ["to=ayer", "to"],
    ["from=1999-12-31", "from"],
    ["channel=FAX", "channel"],
    ["kind=QUEJA", "kind"],
    ["officeId=42", "officeId"],
    ["areaId=%27%20OR%201=1", "areaId"],
    ["tramiteId=x", "tramiteId"],
    ["officialId=null", "officialId"],
    ["template=a%20b", "template"],
    ["groupBy=color", "groupBy"],
    ["page=0", "page"],
    ["page=2.5", "page"],
  ])("ignores a bad value and says so: %s", (query, field) => {
    const { filters, errors } = parse(query);
    expect(errors).toEqual([{ code: "invalid", field }]);
    expect(filters).toMatchObject({ from: "2026-01-01", to: "2026-03-15", page: 1 });
    if (!["from", "to", "page"].includes(field)) expect((filters as Record<string, unknown>)[field]).toBeUndefined();
  });

  it("swaps dates given the wrong way round, and shortens a period over the maximum", () => {
    expect(parse("from=2025-05-01&to=2025-03-01")).toEqual({ filters: { from: "2025-03-01", to: "2025-05-01", page: 1 }, errors: [{ code: "swappedDates" }] });
    const long = parse("from=2000-01-01&to=2026-03-15");
    expect(long.errors).toEqual([{ code: "periodTooLong" }]);
    expect(long.filters.from).toBe(`${2026 - MAX_PERIOD_YEARS}-03-15`);
  });

  it("writes the filters back to a query string that parses to the same filters", () => {
    const { filters } = parse(`from=2025-01-01&to=2025-12-31&channel=WEB&officeId=${OFFICE}&groupBy=area&page=2`);
    const query = resultsQuery(filters);
    expect(query).toBe(`?from=2025-01-01&to=2025-12-31&channel=WEB&officeId=${OFFICE}&groupBy=area&page=2`);
    expect(resultsQuery(filters, { page: 1 })).not.toContain("page=");
    expect(parse(query.slice(1)).filters).toEqual(filters);
  });
});

describe("parseApiIndicatorsQuery", () => {
  const api = (query: string) => parseApiIndicatorsQuery(new URLSearchParams(query));

  it.each([
    ["from=2025-01-01&to=2025-12-31", { from: "2025-01-01", to: "2025-12-31" }],
    ["from=2025-01-01&to=2025-01-01&groupBy=office", { from: "2025-01-01", to: "2025-01-01", groupBy: "office" }],
    ["from=2025-01-01&to=2025-12-31&groupBy=TRAMITE&locale=en", { from: "2025-01-01", to: "2025-12-31", groupBy: "tramite" }],
  ])("accepts %s", (query, expected) => {
    expect(api(query)).toEqual({ ok: true, query: { groupBy: undefined, ...expected } });
  });

  it.each([
    ["", [{ field: "from", code: "required" }, { field: "to", code: "required" }]],
    ["from=2025-13-01&to=2025-12-31", [{ field: "from", code: "date" }]],
    ["from=2025-01-01&to=31-12-2025", [{ field: "to", code: "date" }]],
    ["from=2025-01-01&to=2025-12-31&groupBy=official", [{ field: "groupBy", code: "groupBy" }]],
    ["from=2025-02-01&to=2025-01-31", [{ field: "to", code: "order" }]],
    ["from=2000-01-01&to=2025-01-31", [{ field: "from", code: "periodTooLong" }]],
    ["from=2025-01-01&to=2025-12-31&officeId=x", [{ field: "officeId", code: "unknown" }]],
  ])("refuses %s", (query, errors) => {
    expect(api(query)).toEqual({ ok: false, errors });
  });
});

describe("months", () => {
  it.each([
    ["2026-01-01", "2026-03-15", ["2026-01", "2026-02", "2026-03"]],
    ["2025-11-20", "2026-02-01", ["2025-11", "2025-12", "2026-01", "2026-02"]],
    ["2026-03-15", "2026-03-15", ["2026-03"]],
  ])("monthsOf(%s, %s)", (from, to, months) => {
    expect(monthsOf(from, to)).toEqual(months);
  });

  it("labels a month in the reader's language", () => {
    expect(monthLabel("2026-03", "es")).toMatch(/mar.*2026/);
    expect(monthLabel("2026-03", "en")).toBe("Mar 2026");
  });
});

describe("export columns", () => {
  const v1: SurveyQuestion[] = [
    { key: "overall", type: "scale", main: true, label: { es: "Satisfacción", en: "Satisfaction" } },
    { key: "resolved", type: "yes_partly_no", label: { es: "¿Se resolvió?", en: "Resolved?" } },
    { key: "comment", type: "text", label: { es: "Comentario", en: "Comment" } },
  ];
  const v2: SurveyQuestion[] = [
    ...v1,
    {
      key: "topics",
      type: "multiple",
      label: { es: "Mejoras", en: "Improvements" },
      options: [
        { value: "wait", label: { es: "La espera", en: "The wait" } },
        { value: "staff", label: { es: "La atención", en: "The staff" } },
      ],
    },
    { key: "other", type: "text", label: { es: "Satisfacción", en: "Satisfaction" } },
  ];
  const templates = [
    { id: "a", key: "default", version: 1, questions: v1 },
    { id: "b", key: "default", version: 2, questions: v2 },
  ];

  it("has one column per question across versions, leaving out the text question that is the comment", () => {
    const columns = questionColumns(templates, "es");
    expect(columns.map((c) => [c.key, c.header])).toEqual([
      ["overall", "Satisfacción (overall)"],
      ["resolved", "¿Se resolvió?"],
      ["topics", "Mejoras"],
      ["other", "Satisfacción (other)"],
    ]);
  });

  it.each([
    ["overall", 7, 7],
    ["overall", "6", 6],
    ["resolved", "partly", "Parcialmente"],
    ["topics", ["wait", "staff"], "La espera, La atención"],
    ["topics", ["gone"], "gone"],
    ["other", "=1+1", "=1+1"],
    ["overall", undefined, null],
  ])("%s: %j → %j", (key, value, cell) => {
    const column = questionColumns(templates, "es").find((c) => c.key === key)!;
    const yesPartlyNo = (v: string) => ({ yes: "Sí", partly: "Parcialmente", no: "No" })[v] ?? v;
    expect(answerCell(column, value, "es", yesPartlyNo)).toEqual(cell);
  });
});
