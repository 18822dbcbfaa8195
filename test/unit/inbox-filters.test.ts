// The inbox's query string: defaults, every parameter, bad values falling back with a notice,
// and the round trip through inboxSearchParams. Also the CSV cell encoding of the export.
import { DEFAULT_INBOX_FILTERS, OPEN_STATUSES, inboxQuery, paginationWindow, parseInboxFilters } from "~/domain/cases/inbox";
import { csvCell, csvLine, exportColumns, neutralizeFormula } from "~/domain/cases/inbox-export";

const ID = "3f2b8a9e-6c1d-4e5f-9a0b-1c2d3e4f5a6b";
const parse = (query: string) => parseInboxFilters(new URLSearchParams(query));

describe("parseInboxFilters", () => {
  it("defaults to open cases, due date ascending, page 1 of 25", () => {
    expect(parse("")).toEqual({ filters: { ...DEFAULT_INBOX_FILTERS, status: [...OPEN_STATUSES] }, notices: [] });
    // Empty values (unselected selects of a GET form) are "not set".
    expect(parse("kind=&status=&area=&q=%20%20&page=").notices).toEqual([]);
  });

  it("reads every parameter", () => {
    const { filters, notices } = parse(
      `kind=reclamo&status=EN_TRAMITE&status=asignada&channel=web&area=${ID}&assignee=none&tramite=${ID}&office=${ID.toUpperCase()}` +
        "&deadline=soon&from=2026-03-01&to=2026-03-31&q=%20licencia%20%20m%C3%A9dica%20&sort=received&dir=desc&page=3&size=50",
    );
    expect(notices).toEqual([]);
    expect(filters).toEqual({
      kind: "RECLAMO",
      status: ["ASIGNADA", "EN_TRAMITE"],
      channel: "WEB",
      area: ID,
      assignee: "none",
      tramite: ID,
      office: ID,
      deadline: "soon",
      from: "2026-03-01",
      to: "2026-03-31",
      q: "licencia médica",
      sort: "received",
      dir: "desc",
      page: 3,
      size: 50,
    });
    expect(parse("status=all").filters.status).toHaveLength(9);
  });

  it("falls back to the default of each bad parameter, with a notice, keeping the good ones", () => {
    const { filters, notices } = parse(`kind=QUEJA&status=ABIERTA&area=12&assignee=nadie&from=2026-02-30&to=31-03-2026&sort=x&dir=up&page=0&size=101&deadline=late&q=${"a".repeat(101)}&channel=API`);
    expect(notices.map((n) => (n.code === "invalid" ? n.field : n.code)).sort()).toEqual(
      ["area", "assignee", "deadline", "dir", "from", "kind", "page", "q", "size", "sort", "status", "to"].sort(),
    );
    expect(filters).toEqual({ ...DEFAULT_INBOX_FILTERS, status: [...OPEN_STATUSES], channel: "API" });
    expect(parse("status=all,CERRADA").notices).toEqual([{ code: "invalid", field: "status" }]);
  });

  it("swaps a reversed date range", () => {
    expect(parse("from=2026-03-31&to=2026-03-01")).toEqual({
      filters: expect.objectContaining({ from: "2026-03-01", to: "2026-03-31" }),
      notices: [{ code: "swappedDates" }],
    });
  });

  it("writes filters back to a short query string that parses to the same filters", () => {
    expect(inboxQuery(parse("").filters)).toBe("");
    const query = `q=bus&kind=RECLAMO&status=CERRADA,RESPONDIDA&area=${ID}&deadline=overdue&sort=folio&size=100&page=2`;
    const filters = parse(query).filters;
    expect(parse(inboxQuery(filters).slice(1)).filters).toEqual(filters);
    expect(inboxQuery(filters, { page: 1 })).not.toContain("page=");
    expect(inboxQuery(parse("status=all").filters)).toBe("?status=all");
  });
});

describe("paginationWindow", () => {
  it("keeps the first and last pages and a window around the current one", () => {
    expect(paginationWindow(1, 1)).toEqual([1]);
    expect(paginationWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(paginationWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
  });
});

describe("CSV cells", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+56 9 1234 5678", "'+56 9 1234 5678"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["normal", "normal"],
    ["a;b", '"a;b"'],
    ['dice "hola"', '"dice ""hola"""'],
    ["línea 1\nlínea 2", '"línea 1\nlínea 2"'],
    ['=HYPERLINK("x";"y")', `"'=HYPERLINK(""x"";""y"")"`],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes numbers and empty values plainly, and ends lines with CRLF", () => {
    expect(csvLine(["a", 4, null, undefined, ""])).toBe("a;4;;;\r\n");
    expect(neutralizeFormula("ok")).toBe("ok");
    expect(exportColumns(false)).toHaveLength(13);
    expect(exportColumns(true).slice(13)).toEqual(["citizenName", "citizenRut", "citizenEmail", "citizenPhone"]);
  });
});
