// The staff inbox against a real database: visibility (an area official never sees another area's
// case, whatever the filters), every filter, the default "most urgent first" order, deadline
// filters and badges with a frozen clock, free text, pagination, and the CSV/XLSX exports through
// their routes (personal columns by role, formula-injection escaping, audit log).
import ExcelJS from "exceljs";
import { db } from "~/db/client.server";
import type { CaseKind, CaseStatus, Channel } from "~/generated/prisma/client";
import { createSession } from "~/domain/auth/session.server";
import { parseInboxFilters, type InboxFilters } from "~/domain/cases/inbox";
import { CSV_BOM } from "~/domain/cases/inbox-export";
import { exportInbox, inboxExportBatches, type Translate } from "~/domain/cases/inbox-export.server";
import { TEXT_COUNT_CAP, listInbox, listInboxFacets, type InboxUser } from "~/domain/cases/inbox.server";
import { endOfLocalDay, startOfLocalDay } from "~/domain/sla/calendar";
import { loader as csvLoader } from "~/routes/gestion.exportar[.]csv";
import { loader as xlsxLoader } from "~/routes/gestion.exportar[.]xlsx";
import { loader as inboxLoader } from "~/routes/gestion._index";
import { seedDemo } from "../../prisma/seed";

// Wednesday 11 March 2026, 12:00 in Santiago (UTC-3). Business days around it:
// Mon 9, Tue 10, [Wed 11], Thu 12, Fri 13, Mon 16 …
const NOW = new Date("2026-03-11T15:00:00Z");

type Ids = {
  institutionId: string;
  areas: Record<string, string>;
  users: Record<string, InboxUser & { email: string }>;
  tramites: Record<string, string>;
  offices: Record<string, string>;
};
let ids: Ids;
const cases: Record<string, { id: string; folio: string }> = {};
let folioSeq = 0;

function filters(query: Record<string, string | string[]> = {}): InboxFilters {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  const parsed = parseInboxFilters(params);
  expect(parsed.notices).toEqual([]);
  return parsed.filters;
}

async function makeCase(
  key: string,
  options: {
    area?: string | null;
    kind?: CaseKind;
    channel?: Channel;
    status?: CaseStatus;
    subject?: string;
    description?: string;
    citizenName?: string | null;
    citizenRut?: string | null;
    citizenEmail?: string | null;
    citizenPhone?: string | null;
    dueDay?: string;
    receivedDay?: string;
    assignee?: string | null;
    tramite?: string | null;
    office?: string | null;
    institutionId?: string;
  } = {},
) {
  folioSeq += 1;
  const folio = `OIRS-2026-${String(folioSeq).padStart(6, "0")}`;
  const receivedAt = new Date(startOfLocalDay(options.receivedDay ?? "2026-03-02").getTime() + 10 * 3600_000);
  const row = await db.case.create({
    data: {
      institutionId: options.institutionId ?? ids.institutionId,
      folio,
      kind: options.kind ?? "RECLAMO",
      channel: options.channel ?? "WEB",
      status: options.status ?? "INGRESADA",
      subject: options.subject ?? `Caso ${key}`,
      description: options.description ?? "Descripción de prueba.",
      areaId: options.area === undefined ? ids.areas.PERSONAS : options.area === null ? null : ids.areas[options.area],
      assigneeId: options.assignee ? ids.users[options.assignee]!.id : null,
      tramiteId: options.tramite ? ids.tramites[options.tramite] : null,
      officeId: options.office ? ids.offices[options.office] : null,
      citizenName: options.citizenName === undefined ? "Ana Soto" : options.citizenName,
      citizenRut: options.citizenRut ?? null,
      citizenEmail: options.citizenEmail ?? null,
      citizenPhone: options.citizenPhone ?? null,
      accessCodeHash: `hash-${key}`,
      submittedAt: receivedAt,
      receivedAt,
      dueAt: endOfLocalDay(options.dueDay ?? "2026-03-20"),
      targetDays: 10,
      respondedAt: options.status === "RESPONDIDA" || options.status === "CERRADA" ? new Date("2026-03-06T14:00:00Z") : null,
      responseBusinessDays: options.status === "RESPONDIDA" || options.status === "CERRADA" ? 4 : null,
      pausedAt: options.status === "ESPERA_CIUDADANO" ? new Date("2026-03-04T14:00:00Z") : null,
    },
    select: { id: true, folio: true },
  });
  cases[key] = row;
  return row;
}

function folios(rows: Array<{ folio: string }>): string[] {
  return rows.map((r) => r.folio);
}
function f(...keys: string[]): string[] {
  return keys.map((k) => cases[k]!.folio);
}

async function list(user: string | InboxUser, query: Record<string, string | string[]> = {}) {
  const u = typeof user === "string" ? ids.users[user]! : user;
  return listInbox({ user: u, filters: filters(query), now: NOW });
}

async function requestAs(userKey: string, path: string) {
  const { setCookie } = await createSession({ userId: ids.users[userKey]!.id });
  return new Request(`http://localhost${path}`, { headers: { Cookie: setCookie.split(";")[0]!, "Accept-Language": "es" } });
}

beforeAll(async () => {
  const summary = await seedDemo(db, { password: "x-password-2026", now: NOW });
  const [areas, users, tramites, offices] = await Promise.all([
    db.area.findMany({ select: { id: true, code: true } }),
    db.user.findMany({ select: { id: true, email: true, role: true, areaId: true, institutionId: true } }),
    db.tramite.findMany({ select: { id: true, code: true } }),
    db.office.findMany({ select: { id: true, code: true } }),
  ]);
  const byEmail = Object.fromEntries(users.map((u) => [u.email.split("@")[0], u]));
  ids = {
    institutionId: summary.institutionId,
    areas: Object.fromEntries(areas.map((a) => [a.code, a.id])),
    users: { area: byEmail.area!, oirs: byEmail.oirs!, admin: byEmail.admin!, comite: byEmail.comite! },
    tramites: Object.fromEntries(tramites.map((t) => [t.code, t.id])),
    offices: Object.fromEntries(offices.map((o) => [o.code, o.id])),
  };

  // Area PERSONAS (the area official's), open, one per deadline state.
  await makeCase("overdue", { dueDay: "2026-03-09", kind: "RECLAMO", channel: "WEB", assignee: "area", subject: "Licencia médica rechazada" });
  await makeCase("today", { dueDay: "2026-03-11", kind: "CONSULTA", channel: "TELEFONO", tramite: "REMUNERACIONES", subject: "Consulta por bono", receivedDay: "2026-03-03" });
  await makeCase("soon", { dueDay: "2026-03-13", kind: "CONSULTA", channel: "EMAIL", office: "ANDACOLLO", receivedDay: "2026-02-27" });
  await makeCase("ok", { dueDay: "2026-03-20", kind: "SUGERENCIA", channel: "PRESENCIAL", status: "EN_TRAMITE", assignee: "oirs", receivedDay: "2026-03-10" });
  await makeCase("paused", { dueDay: "2026-03-05", status: "ESPERA_CIUDADANO", subject: "Falta certificado", receivedDay: "2026-03-04" });
  await makeCase("closed", { dueDay: "2026-03-06", status: "CERRADA", subject: "Sueldo de febrero pagado tarde", receivedDay: "2026-02-20" });
  // Other areas and the OIRS queue.
  await makeCase("direccion", {
    area: "DIRECCION",
    dueDay: "2026-03-02",
    kind: "RECLAMO",
    channel: "CARTA",
    tramite: "TRANSPORTE",
    subject: "Bus escolar no pasó",
    description: "El recorrido 4 del transporte escolar no pasó el lunes.",
    citizenName: "Pedro Gómez",
  });
  await makeCase("queue", { area: null, dueDay: "2026-03-12", kind: "FELICITACION", channel: "KIOSK", office: "CENTRAL", citizenName: "Rosa Díaz" });
  await makeCase("injection", {
    area: "TI",
    dueDay: "2026-03-25",
    subject: '=HYPERLINK("http://evil.example","clic")',
    description: "Texto normal",
    citizenName: "+56 cmd|' /C calc'!A0",
    citizenRut: "12345678-5",
    citizenEmail: "@evil.example",
    citizenPhone: "-1+1",
  });
  await makeCase("quoting", { area: "TI", dueDay: "2026-03-26", subject: 'Dice "hola"; y se va\nsegunda línea', citizenEmail: "ana@example.cl", citizenPhone: "+56 9 1234 5678" });

  // Another institution's case: nobody here may see it.
  const other = await db.institution.create({ data: { name: "Otra institución", shortName: "Otra" } });
  await makeCase("foreign", { institutionId: other.id, area: null, dueDay: "2026-03-01", subject: "Licencia médica rechazada" });
});

describe("visibility", () => {
  it("shows an OIRS officer and an admin every area's open cases, and nothing of another institution", async () => {
    for (const user of ["oirs", "admin"]) {
      const page = await list(user);
      expect(folios(page.rows).sort()).toEqual(f("overdue", "today", "soon", "ok", "paused", "direccion", "queue", "injection", "quoting").sort());
      expect(page.total).toBe(9);
      expect(folios(page.rows)).not.toContain(cases.foreign!.folio);
    }
  });

  it("shows an area official only their area's cases, whatever filters they pass", async () => {
    const own = f("overdue", "today", "soon", "ok", "paused", "closed");
    expect(folios((await list("area")).rows).sort()).toEqual(f("overdue", "today", "soon", "ok", "paused").sort());
    expect(folios((await list("area", { status: "all" })).rows).sort()).toEqual([...own].sort());
    // An explicit filter for another area, another area's folio, another area's words.
    expect((await list("area", { area: ids.areas.DIRECCION! })).rows).toEqual([]);
    expect((await list("area", { area: ids.areas.DIRECCION!, status: "all" })).total).toBe(0);
    expect((await list("area", { q: cases.direccion!.folio, status: "all" })).rows).toEqual([]);
    expect((await list("area", { q: "transporte escolar", status: "all" })).rows).toEqual([]);
    expect((await list("area", { assignee: "none", status: "all" })).rows.every((r) => own.includes(r.folio))).toBe(true);
    expect((await list("area", { area: "none", status: "all" })).rows).toEqual([]);
    expect((await list("area", { deadline: "overdue" })).rows.map((r) => r.folio)).toEqual(f("overdue"));
  });

  it("shows nothing to an area official without an area, nor to a role without the inbox", async () => {
    const noArea: InboxUser = { ...ids.users.area!, areaId: null };
    expect(await list(noArea, { status: "all" })).toMatchObject({ rows: [], total: 0 });
    expect(await list("comite", { status: "all" })).toMatchObject({ rows: [], total: 0 });
  });

  it("offers an area official only their area and its people in the filter selects", async () => {
    const facets = await listInboxFacets({ user: ids.users.area! });
    expect(facets.areaScoped).toBe(true);
    expect(facets.areas.map((a) => a.id)).toEqual([ids.areas.PERSONAS]);
    expect(facets.assignees.map((u) => u.id)).toEqual([ids.users.area!.id]);
    const all = await listInboxFacets({ user: ids.users.oirs! });
    expect(all.areaScoped).toBe(false);
    expect(all.areas.length).toBeGreaterThan(5);
    expect(all.offices.length).toBe(2);
    expect(all.tramites.length).toBe(8);
  });
});

describe("order and deadlines", () => {
  it("sorts by due date by default, most urgent (overdue) first", async () => {
    const page = await list("oirs");
    expect(folios(page.rows)).toEqual(f("direccion", "paused", "overdue", "today", "queue", "soon", "ok", "injection", "quoting"));
  });

  it("computes each row's deadline in business days, with paused and closed cases apart", async () => {
    const page = await list("oirs", { status: "all" });
    const byFolio = Object.fromEntries(page.rows.map((r) => [r.folio, r.deadline]));
    expect(byFolio[cases.overdue!.folio]).toEqual({ state: "overdue", businessDays: 2 });
    expect(byFolio[cases.direccion!.folio]).toEqual({ state: "overdue", businessDays: 7 });
    expect(byFolio[cases.today!.folio]).toEqual({ state: "today", businessDays: 0 });
    expect(byFolio[cases.queue!.folio]).toEqual({ state: "soon", businessDays: 1 });
    expect(byFolio[cases.soon!.folio]).toEqual({ state: "soon", businessDays: 2 });
    expect(byFolio[cases.ok!.folio]).toEqual({ state: "ok", businessDays: 7 });
    expect(byFolio[cases.paused!.folio]).toEqual({ state: "paused" });
    expect(byFolio[cases.closed!.folio]).toEqual({ state: "closed" });
  });

  it("filters by deadline state with boundaries computed from the frozen clock", async () => {
    expect(folios((await list("oirs", { deadline: "overdue" })).rows)).toEqual(f("direccion", "overdue"));
    expect(folios((await list("oirs", { deadline: "soon" })).rows)).toEqual(f("today", "queue", "soon"));
    expect(folios((await list("oirs", { deadline: "ok" })).rows)).toEqual(f("ok", "injection", "quoting"));
    expect(folios((await list("oirs", { deadline: "paused" })).rows)).toEqual(f("paused"));
    // A closed case past its due date is not "overdue", even with every status.
    expect(folios((await list("oirs", { deadline: "overdue", status: "all" })).rows)).toEqual(f("direccion", "overdue"));
    // Deadline and status together: nothing can be paused and in progress.
    expect((await list("oirs", { deadline: "paused", status: "EN_TRAMITE" })).total).toBe(0);
  });

  it("sorts by received date and by folio, both directions", async () => {
    const received = await list("area", { sort: "received", dir: "desc" });
    expect(folios(received.rows)).toEqual(f("ok", "paused", "today", "overdue", "soon"));
    const folioAsc = await list("oirs", { sort: "folio" });
    expect(folios(folioAsc.rows)).toEqual([...folios(folioAsc.rows)].sort());
    const folioDesc = await list("oirs", { sort: "folio", dir: "desc" });
    expect(folios(folioDesc.rows)).toEqual([...folios(folioAsc.rows)].reverse());
  });
});

describe("filters", () => {
  it("filters by kind, status (one, several, all), channel and area", async () => {
    expect(folios((await list("oirs", { kind: "CONSULTA" })).rows)).toEqual(f("today", "soon"));
    expect(folios((await list("oirs", { status: "EN_TRAMITE" })).rows)).toEqual(f("ok"));
    expect(folios((await list("oirs", { status: ["EN_TRAMITE", "CERRADA"] })).rows)).toEqual(f("closed", "ok"));
    expect(folios((await list("oirs", { status: "en_tramite,cerrada" })).rows)).toEqual(f("closed", "ok"));
    expect((await list("oirs", { status: "all" })).total).toBe(10);
    expect(folios((await list("oirs", { channel: "CARTA" })).rows)).toEqual(f("direccion"));
    expect(folios((await list("oirs", { area: ids.areas.TI! })).rows)).toEqual(f("injection", "quoting"));
    expect(folios((await list("oirs", { area: "none" })).rows)).toEqual(f("queue"));
  });

  it("filters by assignee (a person or nobody), trámite and office", async () => {
    expect(folios((await list("oirs", { assignee: ids.users.area!.id })).rows)).toEqual(f("overdue"));
    expect(folios((await list("oirs", { assignee: ids.users.oirs!.id })).rows)).toEqual(f("ok"));
    expect((await list("oirs", { assignee: "none" })).total).toBe(7);
    expect(folios((await list("oirs", { tramite: ids.tramites.TRANSPORTE! })).rows)).toEqual(f("direccion"));
    expect(folios((await list("oirs", { office: ids.offices.ANDACOLLO! })).rows)).toEqual(f("soon"));
  });

  it("filters by received date range in Santiago time, both ends inclusive", async () => {
    expect(folios((await list("oirs", { from: "2026-03-10", to: "2026-03-10" })).rows)).toEqual(f("ok"));
    expect(folios((await list("oirs", { to: "2026-02-27", status: "all" })).rows)).toEqual(f("closed", "soon"));
    expect(folios((await list("oirs", { from: "2026-02-27", to: "2026-02-27", status: "all" })).rows)).toEqual(f("soon"));
  });

  it("finds a case by its exact folio (any case) or by words of subject, description and citizen name", async () => {
    expect(folios((await list("oirs", { q: cases.closed!.folio.toLowerCase(), status: "all" })).rows)).toEqual(f("closed"));
    // Spanish stemming: "licencias médicas" matches "Licencia médica".
    expect(folios((await list("oirs", { q: "licencias médicas" })).rows)).toEqual(f("overdue"));
    expect(folios((await list("oirs", { q: "recorrido" })).rows)).toEqual(f("direccion"));
    expect(folios((await list("oirs", { q: "Rosa Díaz" })).rows)).toEqual(f("queue"));
    expect((await list("oirs", { q: "palabrainexistente" })).total).toBe(0);
    // Only stop words: no match, no error.
    expect((await list("oirs", { q: "de la" })).total).toBe(0);
  });

  it("combines filters", async () => {
    const page = await list("oirs", { kind: "RECLAMO", area: ids.areas.PERSONAS!, deadline: "overdue" });
    expect(folios(page.rows)).toEqual(f("overdue"));
  });
});

describe("pagination", () => {
  it("pages through the results with an exact count", async () => {
    const first = await list("oirs", { size: "4" });
    expect(first).toMatchObject({ total: 9, totalCapped: false, page: 1, size: 4, pageCount: 3, pageClamped: false });
    const second = await list("oirs", { size: "4", page: "2" });
    const third = await list("oirs", { size: "4", page: "3" });
    expect([...folios(first.rows), ...folios(second.rows), ...folios(third.rows)]).toEqual(folios((await list("oirs")).rows));
    expect(third.rows).toHaveLength(1);
  });

  it("shows the last page when asked for one past the end", async () => {
    const page = await list("oirs", { size: "4", page: "9" });
    expect(page).toMatchObject({ page: 3, pageClamped: true });
    expect(page.rows).toHaveLength(1);
  });
});

describe("capped count", () => {
  it(`stops counting a free-text search at ${TEXT_COUNT_CAP} and pages only that far`, async () => {
    // A separate institution, so the other tests' counts do not move.
    const other = await db.institution.create({ data: { name: "Institución grande", shortName: "Grande" } });
    const officer = await db.user.create({
      data: { institutionId: other.id, email: "oficial@grande.example", name: "Oficial", role: "OIRS_OFFICER", passwordHash: "x" },
      select: { id: true, role: true, areaId: true, institutionId: true },
    });
    const receivedAt = new Date("2026-03-02T13:00:00Z");
    await db.case.createMany({
      data: Array.from({ length: TEXT_COUNT_CAP + 5 }, (_, i) => ({
        institutionId: other.id,
        folio: `GRANDE-2026-${String(i + 1).padStart(6, "0")}`,
        kind: "CONSULTA" as const,
        channel: "WEB" as const,
        subject: `Consulta sobre calefacción ${i}`,
        description: "Sin calefacción en la sala.",
        accessCodeHash: `h${i}`,
        submittedAt: receivedAt,
        receivedAt,
        dueAt: new Date(receivedAt.getTime() + (i + 1) * 60_000),
        targetDays: 10,
      })),
    });
    const first = await list(officer, { q: "calefacción" });
    expect(first).toMatchObject({ total: TEXT_COUNT_CAP, totalCapped: true, countCap: TEXT_COUNT_CAP, pageCount: TEXT_COUNT_CAP / 25 });
    // Without free text the count is exact (below the general cap).
    expect(await list(officer)).toMatchObject({ total: TEXT_COUNT_CAP + 5, totalCapped: false });
    const past = await list(officer, { q: "calefacción", page: "41" });
    expect(past).toMatchObject({ page: 40, pageClamped: true });
    expect(past.rows).toHaveLength(25);
    // The export has no cap: every match, once, in order.
    const exported: string[] = [];
    for await (const batch of inboxExportBatches({ user: officer, filters: filters({ q: "calefacción" }), now: NOW, batchSize: 400 })) exported.push(...folios(batch));
    expect(exported).toHaveLength(TEXT_COUNT_CAP + 5);
    expect(exported[0]).toBe("GRANDE-2026-000001");
    expect(new Set(exported).size).toBe(exported.length);
  });
});

describe("the inbox page", () => {
  it("answers bad parameters with defaults and notices, never an error", async () => {
    const response = await inboxLoader({ request: await requestAs("oirs", "/gestion?kind=NADA&page=-3&size=1000&deadline=ayer&from=2026-13-01&q=" + "x".repeat(101)), params: {}, context: {} });
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.notices.map((n) => ("field" in n ? n.field : n.code)).sort()).toEqual(["deadline", "from", "kind", "page", "q", "size"]);
    expect(data.filters).toMatchObject({ page: 1, size: 25, sort: "due", dir: "asc" });
    expect(data.result.total).toBe(9);
    expect(data.canRegister).toBe(true);
  });

  it("does not offer an area official case registration or personal data", async () => {
    const data = await (await inboxLoader({ request: await requestAs("area", "/gestion"), params: {}, context: {} })).json();
    expect(data).toMatchObject({ canRegister: false, exportsPersonalData: false });
    expect(data.result.total).toBe(5);
  });
});

describe("export", () => {
  async function csvAs(userKey: string, query = "") {
    const response = await csvLoader({ request: await requestAs(userKey, `/gestion/exportar.csv${query}`), params: {}, context: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="casos-oirs-' + new Date().toLocaleDateString("sv-SE", { timeZone: "America/Santiago" }) + '.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    return text.slice(1);
  }

  /** A minimal RFC 4180 reader (quotes, doubled quotes, separators and line breaks inside quotes). */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ";") {
        row.push(cell);
        cell = "";
      } else if (ch === "\r" && text[i + 1] === "\n") {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = "";
        i++;
      } else cell += ch;
    }
    return rows;
  }

  it("exports the filtered inbox as CSV with personal data for an OIRS officer, formulas neutralised", async () => {
    const rows = parseCsv(await csvAs("oirs", `?area=${ids.areas.TI}`));
    expect(rows[0]).toEqual([
      "Folio", "Tipo", "Estado", "Canal", "Asunto", "Trámite", "Oficina", "Área", "Responsable", "Recibido", "Plazo", "Respondido",
      "Días hábiles en responder", "Nombre", "RUT", "Correo electrónico", "Teléfono",
    ]);
    expect(rows).toHaveLength(3);
    const injection = rows[1]!;
    expect(injection[0]).toBe(cases.injection!.folio);
    expect(injection[1]).toBe("Reclamo");
    expect(injection[2]).toBe("Ingresada");
    expect(injection[4]).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(injection[7]).toBe("Departamento de Tecnologías de la Información");
    expect(injection[9]).toBe("2026-03-02 10:00");
    expect(injection[10]).toBe("2026-03-25 23:59");
    expect(injection.slice(13)).toEqual(["'+56 cmd|' /C calc'!A0", "12345678-5", "'@evil.example", "'-1+1"]);
    const quoting = rows[2]!;
    expect(quoting[4]).toBe('Dice "hola"; y se va\nsegunda línea');
    expect(quoting[16]).toBe("'+56 9 1234 5678");
  });

  it("leaves personal data out for an area official, and only their area's cases", async () => {
    const rows = parseCsv(await csvAs("area", "?status=all"));
    expect(rows[0]).toHaveLength(13);
    expect(rows[0]).not.toContain("RUT");
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(f("overdue", "today", "soon", "ok", "paused", "closed").sort());
    const closed = rows.find((r) => r[0] === cases.closed!.folio)!;
    expect(closed[11]).toBe("2026-03-06 11:00");
    expect(closed[12]).toBe("4");
    // Another area, explicitly: nothing but the header.
    expect(parseCsv(await csvAs("area", `?area=${ids.areas.TI}&status=all`))).toHaveLength(1);
  });

  it("exports a free-text search", async () => {
    const rows = parseCsv(await csvAs("oirs", "?q=recorrido&status=all"));
    expect(rows.slice(1).map((r) => r[0])).toEqual(f("direccion"));
  });

  it("records each export in the audit log, with its row count when complete", async () => {
    await csvAs("oirs", "?kind=CONSULTA");
    const entry = await db.auditLog.findFirst({
      where: { action: "cases.export", actorId: ids.users.oirs!.id, data: { path: ["filters"], equals: "kind=CONSULTA" } },
    });
    expect(entry?.data).toEqual({ format: "csv", personal: true, filters: "kind=CONSULTA", rows: 2 });
  });

  it("exports XLSX with the same rows, typed dates and no personal data for an area official", async () => {
    const response = await xlsxLoader({ request: await requestAs("area", "/gestion/exportar.xlsx?status=all"), params: {}, context: {} });
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Casos");
    expect(sheet.rowCount).toBe(7);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toHaveLength(13);
    const first = sheet.getRow(2).values as unknown[];
    expect(first[1]).toBe(cases.paused!.folio);
    expect(first[11]).toEqual(new Date("2026-03-05T23:59:00Z"));
    const audit = await db.auditLog.findFirst({ where: { action: "cases.export", actorId: ids.users.area!.id, data: { path: ["format"], equals: "xlsx" } } });
    expect(audit?.data).toMatchObject({ personal: false, rows: 6 });
  });

  it("stops reading the database when the client goes away", async () => {
    const controller = new AbortController();
    const t: Translate = (key) => key;
    const exported = await exportInbox({ user: ids.users.oirs!, filters: filters({ status: "all" }), format: "csv", t, now: NOW, signal: controller.signal });
    const reader = exported.stream.getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toContain("export.columns.folio");
    controller.abort();
    await expect(reader.read()).rejects.toThrow(/aborted/);
  });

  it("reads every row once in keyset batches, in the inbox's order", async () => {
    const batches: string[][] = [];
    for await (const batch of inboxExportBatches({ user: ids.users.oirs!, filters: filters({ status: "all" }), now: NOW, batchSize: 3 })) {
      batches.push(folios(batch));
    }
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(folios((await list("oirs", { status: "all" })).rows));
    const desc: string[] = [];
    for await (const batch of inboxExportBatches({ user: ids.users.oirs!, filters: filters({ status: "all", sort: "received", dir: "desc" }), now: NOW, batchSize: 2 })) {
      desc.push(...folios(batch));
    }
    expect(desc).toEqual(folios((await list("oirs", { status: "all", sort: "received", dir: "desc" })).rows));
  });
});
