// The staff API against a real database, calling the route modules' loaders and actions with plain
// Request objects: tokens and scopes (401/403), filing a case that arrived by letter (the legal clock
// follows receivedAt), listing with filters and pages, the staff view of one case, and the actions
// (assign, notes, reply, close) with their one timeline event each and the state machine's 409s.
import { createHash } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { clearTokenCache } from "~/domain/api/tokens.server";
import { dueDate, legalReception } from "~/domain/sla/calendar";
import { loadCalendar } from "~/domain/sla/calendar.server";
import * as caseRoute from "~/routes/api.v1.cases.$folio";
import * as assignRoute from "~/routes/api.v1.cases.$folio.assign";
import * as closeRoute from "~/routes/api.v1.cases.$folio.close";
import * as notesRoute from "~/routes/api.v1.cases.$folio.notes";
import * as replyRoute from "~/routes/api.v1.cases.$folio.reply";
import * as casesRoute from "~/routes/api.v1.cases";
import { seedDemo } from "../../prisma/seed";

const BASE = "http://localhost";
const TOKEN = "oirs_staff_api_all_0123456789abcdef"; // the seed's token: every scope
const TOKEN_LABEL = "api:Token de demostración";
const READ_TOKEN = "oirs_staff_api_read_0123456789abcdef";
const WRITE_TOKEN = "oirs_staff_api_write_0123456789abcdef";
const MANAGE_TOKEN = "oirs_staff_api_manage_0123456789abcdef";
const REVOKED_TOKEN = "oirs_staff_api_revoked_0123456789abcdef";
const EXPIRED_TOKEN = "oirs_staff_api_expired_0123456789abcdef";
const LATER_REVOKED_TOKEN = "oirs_staff_api_later_0123456789abcdef";

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;
const DAY = 86_400_000;

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>;
const ACTIONS = { assign: assignRoute, notes: notesRoute, reply: replyRoute, close: closeRoute } as const;
type ActionName = keyof typeof ACTIONS;

const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");

let ipCounter = 0;
function headersFor(token: string | null | undefined, extra: Record<string, string> = {}): Record<string, string> {
  ipCounter += 1;
  const headers: Record<string, string> = { "x-oirs-remote-address": `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`, ...extra };
  const t = token === undefined ? TOKEN : token;
  if (t) headers.Authorization = `Bearer ${t}`;
  return headers;
}

function call(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return (handler as Handler)({ request, params, context: {} });
}

type Options = { token?: string | null; headers?: Record<string, string> };

function create(body: Record<string, unknown>, options: Options = {}) {
  const request = new Request(`${BASE}/api/v1/cases`, {
    method: "POST",
    headers: headersFor(options.token, { "Content-Type": "application/json", ...options.headers }),
    body: JSON.stringify(body),
  });
  return call(casesRoute.action, request);
}

function list(query: string, options: Options = {}) {
  return call(casesRoute.loader, new Request(`${BASE}/api/v1/cases${query ? `?${query}` : ""}`, { headers: headersFor(options.token, options.headers) }));
}

function getOne(folio: string, options: Options & { query?: string } = {}) {
  const url = `${BASE}/api/v1/cases/${encodeURIComponent(folio)}${options.query ? `?${options.query}` : ""}`;
  return call(caseRoute.loader, new Request(url, { headers: headersFor(options.token, options.headers) }), { folio });
}

function act(action: ActionName, folio: string, body: unknown, options: Options & { raw?: string; method?: string } = {}) {
  const method = options.method ?? "POST";
  const request = new Request(`${BASE}/api/v1/cases/${encodeURIComponent(folio)}/${action}`, {
    method,
    headers: headersFor(options.token, { "Content-Type": "application/json", ...options.headers }),
    body: method === "GET" ? undefined : (options.raw ?? JSON.stringify(body)),
  });
  return call(method === "GET" ? ACTIONS[action].loader : ACTIONS[action].action, request, { folio });
}

let subjectCounter = 0;
function reclamo(overrides: Record<string, unknown> = {}) {
  subjectCounter += 1;
  return {
    kind: "RECLAMO",
    subject: `Atención en oficina ${subjectCounter}`,
    description: "Esperé dos horas y nadie me atendió en la oficina.",
    citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl", phone: "+56 9 1234 5678" },
    replyChannel: "EMAIL",
    ...overrides,
  };
}

/** Files a case through the API with the all-scopes token; its folio and row. */
async function newCase(overrides: Record<string, unknown> = {}) {
  const res = await create(reclamo(overrides));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { folio: string; accessCode: string; dueAt: string; receivedAt: string };
  const row = await db.case.findUniqueOrThrow({ where: { folio: body.folio } });
  return { ...body, id: row.id, row };
}

async function events(caseId: string) {
  return db.caseEvent.findMany({ where: { caseId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Runs an action and checks it wrote exactly one event, by the token. */
async function actOnce(action: ActionName, folio: string, caseId: string, body: unknown) {
  const before = await events(caseId);
  const res = await act(action, folio, body);
  const after = await events(caseId);
  const added = after.filter((e) => !before.some((b) => b.id === e.id));
  return { res, added };
}

describe("staff API", () => {
  let institutionId: string;

  beforeAll(async () => {
    const seeded = await seedDemo(db, { password: "x-password-2026", apiToken: TOKEN, now: new Date() });
    institutionId = seeded.institutionId;
    const token = (name: string, raw: string, scopes: string[], extra: Record<string, unknown> = {}) =>
      db.apiToken.create({ data: { institutionId, name, prefix: raw.slice(0, 12), tokenHash: sha256(raw), scopes, ...extra } });
    await token("lector", READ_TOKEN, ["cases:read"]);
    await token("ingreso", WRITE_TOKEN, ["cases:write"]);
    await token("gestor", MANAGE_TOKEN, ["cases:manage"]);
    await token("revocado", REVOKED_TOKEN, ["cases:read", "cases:write", "cases:manage"], { revokedAt: new Date(Date.now() - DAY) });
    await token("vencido", EXPIRED_TOKEN, ["cases:read", "cases:write", "cases:manage"], { expiresAt: new Date(Date.now() - 1000) });
    await token("revocado después", LATER_REVOKED_TOKEN, ["cases:read", "cases:manage"], { expiresAt: new Date(Date.now() + 30 * DAY) });
  });

  describe("tokens and scopes", () => {
    it("answers 401 without a token, with an unknown, revoked or expired one", async () => {
      const c = await newCase();
      for (const token of [null, "oirs_not_a_real_token_123", REVOKED_TOKEN, EXPIRED_TOKEN]) {
        const label = String(token);
        const responses = [
          await list("", { token }),
          await act("notes", c.folio, { text: "hola" }, { token }),
          await act("close", c.folio, { outcome: "NOT_APPLICABLE" }, { token }),
        ];
        for (const res of responses) {
          expect(res.status, label).toBe(401);
          expect(res.headers.get("WWW-Authenticate"), label).toMatch(/^Bearer /);
          expect(res.headers.get("Cache-Control")).toBe("no-store");
          expect(await res.json(), label).toEqual({ error: "unauthorized", message: expect.any(String) });
        }
      }
      // A token with a scheme other than Bearer, or an empty one.
      const basic = await call(casesRoute.loader, new Request(`${BASE}/api/v1/cases`, { headers: { Authorization: "Basic dXNlcjpwYXNz" } }));
      expect(basic.status).toBe(401);
      // The staff view too (a token is given, so no citizen fallback).
      expect((await getOne(c.folio, { token: EXPIRED_TOKEN, query: `accessCode=${c.accessCode}` })).status).toBe(401);
      // Nothing was written by the refused calls.
      expect((await events(c.id)).map((e) => e.type).sort()).toEqual(["RECEIVED", "ROUTED"]);
    });

    it("answers 401 once a token in use is revoked", async () => {
      expect((await list("", { token: LATER_REVOKED_TOKEN })).status).toBe(200);
      await db.apiToken.update({ where: { tokenHash: sha256(LATER_REVOKED_TOKEN) }, data: { revokedAt: new Date() } });
      clearTokenCache();
      expect((await list("", { token: LATER_REVOKED_TOKEN })).status).toBe(401);
    });

    it("answers 403 to a token without the scope", async () => {
      const c = await newCase();
      const checks: Array<[string, Promise<Response>, string]> = [
        ["list with cases:write", list("", { token: WRITE_TOKEN }), "cases:read"],
        ["list with cases:manage", list("", { token: MANAGE_TOKEN }), "cases:read"],
        ["staff view with cases:write", getOne(c.folio, { token: WRITE_TOKEN }), "cases:read"],
        ["assign with cases:read", act("assign", c.folio, { areaCode: "PERSONAS" }, { token: READ_TOKEN }), "cases:manage"],
        ["notes with cases:read", act("notes", c.folio, { text: "x" }, { token: READ_TOKEN }), "cases:manage"],
        ["reply with cases:write", act("reply", c.folio, { text: "x" }, { token: WRITE_TOKEN }), "cases:manage"],
        ["close with cases:read", act("close", c.folio, { outcome: "NOT_APPLICABLE" }, { token: READ_TOKEN }), "cases:manage"],
        ["create with cases:manage", create(reclamo({ channel: "CARTA" }), { token: MANAGE_TOKEN }), "cases:write"],
      ];
      for (const [label, pending, scope] of checks) {
        const res = await pending;
        expect(res.status, label).toBe(403);
        expect(res.headers.get("WWW-Authenticate"), label).toContain(`scope="${scope}"`);
        const body = await res.json();
        expect(body.error, label).toBe("forbidden");
        expect(body.message, label).toContain(scope);
      }
      expect((await events(c.id)).length).toBe(2);
      // The right scope alone is enough.
      expect((await list("", { token: READ_TOKEN })).status).toBe(200);
      expect((await getOne(c.folio, { token: READ_TOKEN })).status).toBe(200);
      expect((await act("notes", c.folio, { text: "Nota con token gestor." }, { token: MANAGE_TOKEN })).status).toBe(200);
    });
  });

  describe("POST /api/v1/cases with channel and receivedAt", () => {
    it("files a letter received days ago: the legal clock follows receivedAt", async () => {
      const receivedAt = new Date(Date.now() - 9 * DAY);
      receivedAt.setUTCHours(14, 30, 0, 0); // 10:30 or 11:30 in Santiago
      const res = await create(reclamo({ channel: "CARTA", receivedAt: receivedAt.toISOString(), replyChannel: "POSTAL", citizen: { name: "Luis Soto", address: "Calle Larga 123, Coquimbo" } }));
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.receivedAt).toMatch(ISO_WITH_OFFSET);
      expect(body.dueAt).toMatch(ISO_WITH_OFFSET);

      const row = await db.case.findUniqueOrThrow({ where: { folio: body.folio }, include: { events: true, institution: true } });
      expect(row.channel).toBe("CARTA");
      expect(row.submittedAt.getTime()).toBe(receivedAt.getTime());
      const calendar = await loadCalendar({ institutionId, region: null });
      const legal = legalReception(calendar, receivedAt);
      expect(row.receivedAt.getTime()).toBe(legal.getTime());
      const expectedDue = dueDate(calendar, legal, Math.min(20, row.institution.targetDaysReclamo));
      expect(row.dueAt.getTime()).toBe(expectedDue.getTime());
      expect(new Date(body.dueAt).getTime()).toBe(Math.floor(expectedDue.getTime() / 1000) * 1000);
      const received = row.events.find((e) => e.type === "RECEIVED")!;
      expect(received.actorLabel).toBe(TOKEN_LABEL);
      expect(received.data).toMatchObject({ channel: "CARTA" });

      // The same case filed now is due later.
      const now = await newCase();
      expect(now.row.dueAt.getTime()).toBeGreaterThan(row.dueAt.getTime());
      expect(now.row.channel).toBe("API");
    });

    it("accepts any channel, an offset or Z, and refuses a future, too old or malformed receivedAt (422)", async () => {
      const threeDaysAgo = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
      const ok = await create(reclamo({ channel: "telefono", receivedAt: `${threeDaysAgo}T09:15:00-03:00` }));
      expect(ok.status).toBe(201);
      expect((await db.case.findUniqueOrThrow({ where: { folio: (await ok.json()).folio } })).channel).toBe("TELEFONO");

      const future = new Date(Date.now() + 2 * 3600_000).toISOString();
      const old = new Date(Date.now() - 400 * DAY).toISOString();
      const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        ["future", { receivedAt: future }, "receivedAt", /no puede ser futura/],
        ["too old", { receivedAt: old }, "receivedAt", /más de un año/],
        ["no time zone", { receivedAt: "2026-03-02T09:15:00" }, "receivedAt", /ISO 8601/],
        ["date only", { receivedAt: "2026-03-02" }, "receivedAt", /ISO 8601/],
        ["not a date", { receivedAt: "ayer" }, "receivedAt", /ISO 8601/],
        ["impossible day", { receivedAt: "2026-02-30T10:00:00Z" }, "receivedAt", /ISO 8601/],
        ["a number", { receivedAt: 1767225600000 }, "receivedAt", /ISO 8601/],
        ["unknown channel", { channel: "FAX" }, "channel", /Debe ser uno de: WEB, KIOSK, PRESENCIAL, TELEFONO, EMAIL, CARTA, REDES, API/],
        ["channel not a string", { channel: 3 }, "channel", /Debe ser uno de/],
      ];
      for (const [label, overrides, field, message] of cases) {
        const res = await create(reclamo(overrides));
        expect(res.status, label).toBe(422);
        const { errors } = await res.json();
        expect(errors[field], `${label}: ${JSON.stringify(errors)}`).toEqual([expect.stringMatching(message)]);
      }
      // Reported with the body's other problems, in the caller's language.
      const both = await create({ ...reclamo({ receivedAt: future, channel: "FAX" }), subject: "", locale: "en" });
      const { errors } = await both.json();
      expect(errors.subject).toEqual(["This field is required."]);
      expect(errors.receivedAt).toEqual([expect.stringMatching(/future/)]);
      expect(errors.channel).toEqual([expect.stringMatching(/^Must be one of/)]);
    });
  });

  describe("GET /api/v1/cases", () => {
    let sugerencia: Awaited<ReturnType<typeof newCase>>;
    let overdue: Awaited<ReturnType<typeof newCase>>;
    let answered: Awaited<ReturnType<typeof newCase>>;

    beforeAll(async () => {
      sugerencia = await newCase({ kind: "SUGERENCIA", subject: "Idea para la sala de espera", replyChannel: undefined });
      overdue = await newCase({ subject: "Reclamo antiguo por carta", channel: "CARTA", receivedAt: new Date(Date.now() - 80 * DAY).toISOString() });
      answered = await newCase({ subject: "Consulta ya respondida", kind: "CONSULTA" });
      expect((await act("reply", answered.folio, { text: "Le respondemos." })).status).toBe(200);
    });

    type Item = { folio: string; kind: string; status: string; channel: string; receivedAt: string; dueAt: string; overdue: boolean; deadline: { state: string } };
    const folios = (body: { items: Item[] }) => body.items.map((i) => i.folio);

    it("lists every case of the institution, newest first, with ISO dates with offset", async () => {
      const res = await list("");
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const body = await res.json();
      expect(Object.keys(body).sort()).toEqual(["items", "page", "pageSize", "total"]);
      expect(body).toMatchObject({ page: 1, pageSize: 25 });
      expect(body.total).toBe(await db.case.count({ where: { institutionId } }));
      const item = body.items.find((i: Item) => i.folio === sugerencia.folio);
      expect(Object.keys(item).sort()).toEqual(["area", "assignee", "channel", "deadline", "dueAt", "folio", "kind", "overdue", "receivedAt", "status", "subject"]);
      expect(item).toMatchObject({ kind: "SUGERENCIA", status: "INGRESADA", channel: "API", subject: "Idea para la sala de espera", overdue: false, assignee: null });
      expect(item.receivedAt).toMatch(ISO_WITH_OFFSET);
      expect(item.dueAt).toMatch(ISO_WITH_OFFSET);
      const received = body.items.map((i: Item) => new Date(i.receivedAt).getTime());
      expect(received).toEqual([...received].sort((a, b) => b - a));
      // No personal data in the list.
      expect(JSON.stringify(body)).not.toContain("camila@example.cl");
    });

    it("filters by status, kind, channel, overdue and q (a folio)", async () => {
      const byStatus = await (await list("status=RESPONDIDA")).json();
      expect(folios(byStatus)).toContain(answered.folio);
      expect(byStatus.items.every((i: Item) => i.status === "RESPONDIDA")).toBe(true);
      const several = await (await list("status=RESPONDIDA,INGRESADA&kind=CONSULTA")).json();
      expect(folios(several)).toEqual([answered.folio]);

      const byKind = await (await list("kind=sugerencia")).json();
      expect(folios(byKind)).toEqual([sugerencia.folio]);
      expect(byKind.total).toBe(1);

      const byChannel = await (await list("channel=CARTA")).json();
      expect(folios(byChannel)).toContain(overdue.folio);
      expect(byChannel.items.every((i: Item) => i.channel === "CARTA")).toBe(true);

      const late = await (await list("overdue=true")).json();
      expect(folios(late)).toContain(overdue.folio);
      expect(late.items.every((i: Item) => i.overdue && i.deadline.state === "overdue")).toBe(true);
      expect(folios(late)).not.toContain(sugerencia.folio);
      expect((await (await list("overdue=false&kind=SUGERENCIA")).json()).total).toBe(1);

      const byFolio = await (await list(`q=${encodeURIComponent(overdue.folio.toLowerCase())}`)).json();
      expect(folios(byFolio)).toEqual([overdue.folio]);
      expect(byFolio.total).toBe(1);
      const byWord = await (await list(`q=${encodeURIComponent("sala de espera")}`)).json();
      expect(folios(byWord)).toEqual([sugerencia.folio]);
    });

    it("filters by area code after an assignment", async () => {
      const c = await newCase({ subject: "Caso para el área" });
      expect((await act("assign", c.folio, { areaCode: "ti" })).status).toBe(200);
      const body = await (await list("area=TI")).json();
      expect(folios(body)).toEqual([c.folio]);
      expect(body.items[0].area).toEqual({ code: "TI", name: expect.any(String) });
    });

    it("pages with page and pageSize; past the end there are no items", async () => {
      const total = await db.case.count({ where: { institutionId } });
      expect(total).toBeGreaterThan(4);
      const first = await (await list("pageSize=2")).json();
      const second = await (await list("pageSize=2&page=2")).json();
      expect(first).toMatchObject({ page: 1, pageSize: 2, total });
      expect(second).toMatchObject({ page: 2, pageSize: 2, total });
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(2);
      expect(new Set([...folios(first), ...folios(second)]).size).toBe(4);
      const all = await (await list("pageSize=100")).json();
      expect(folios(all).slice(2, 4)).toEqual(folios(second));
      const past = await (await list(`pageSize=2&page=${Math.ceil(total / 2) + 5}`)).json();
      expect(past).toMatchObject({ items: [], page: Math.ceil(total / 2) + 5, pageSize: 2, total });
    });

    it("refuses unknown parameters and bad values (422, by parameter, localised)", async () => {
      const res = await list("status=PERDIDA&kind=QUEJA&channel=FAX&overdue=si&page=0&pageSize=500&sort=folio&area=NO_EXISTE");
      expect(res.status).toBe(422);
      const { errors } = await res.json();
      expect(Object.keys(errors).sort()).toEqual(["channel", "kind", "overdue", "page", "pageSize", "sort", "status"]);
      expect(errors.sort).toEqual(["Este parámetro no existe en la API."]);
      expect(errors.status[0]).toMatch(/^Debe ser uno de: INGRESADA/);
      const unknownArea = await list("area=NO_EXISTE", { headers: { "Accept-Language": "en" } });
      expect(unknownArea.status).toBe(422);
      expect((await unknownArea.json()).errors).toEqual({ area: ["There is no area with that code in the institution."] });
      const english = await list("kind=QUEJA&locale=en");
      expect((await english.json()).errors.kind[0]).toMatch(/^Must be one of: CONSULTA/);
    });
  });

  describe("GET /api/v1/cases/{folio}", () => {
    it("gives the staff view with the token: citizen data, internal events with their actor", async () => {
      const c = await newCase({ subject: "Caso con nota interna" });
      expect((await act("notes", c.folio, { text: "Nota interna: revisar con Personas." })).status).toBe(200);
      const res = await getOne(c.folio);
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const view = await res.json();
      expect(view).toMatchObject({
        folio: c.folio,
        kind: "RECLAMO",
        status: "INGRESADA",
        channel: "API",
        subject: "Caso con nota interna",
        citizen: { anonymous: false, name: "Camila Rojas", rut: "12345678-5", email: "camila@example.cl", phone: "+56 9 1234 5678" },
        replyChannel: "EMAIL",
        outcome: null,
        receivedAt: c.receivedAt,
        dueAt: c.dueAt,
      });
      expect(view.allowedActions).toEqual(["assign", "notes", "reply", "close"]);
      expect(view.allowedOutcomes).toEqual(["NOT_APPLICABLE"]);
      expect(view.deadline).toMatchObject({ running: true, overdue: false });
      const note = view.timeline.find((e: { type: string }) => e.type === "NOTE");
      expect(note).toMatchObject({ public: false, actor: TOKEN_LABEL, actorKind: "api", message: "Nota interna: revisar con Personas." });
      expect(note.at).toMatch(ISO_WITH_OFFSET);
      expect(view.timeline.find((e: { type: string }) => e.type === "ROUTED")).toMatchObject({ public: false, actor: "system" });
      for (const e of view.timeline) expect(e).toHaveProperty("actor");

      // Reading personal data is logged, like the staff page (at most once per 10 minutes per token).
      await getOne(c.folio);
      const viewed = (await events(c.id)).filter((e) => e.type === "PERSONAL_DATA_VIEWED");
      expect(viewed).toHaveLength(1);
      expect(viewed[0]).toMatchObject({ public: false, actorId: null, actorLabel: TOKEN_LABEL });

      // A read-only token sees the same case but may take no action.
      const readOnly = await (await getOne(c.folio, { token: READ_TOKEN })).json();
      expect(readOnly.allowedActions).toEqual([]);
      expect(readOnly.timeline.some((e: { type: string }) => e.type === "NOTE")).toBe(true);
    });

    it("keeps the citizen's view without a token, without internal events", async () => {
      const c = await newCase();
      await act("notes", c.folio, { text: "Interno." });
      const res = await getOne(c.folio, { token: null, query: `accessCode=${c.accessCode}` });
      expect(res.status).toBe(200);
      const view = await res.json();
      expect(Object.keys(view).sort()).toEqual(["answer", "dueAt", "folio", "kind", "receivedAt", "status", "subject", "timeline"]);
      expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(["RECEIVED"]);
      expect((await getOne(c.folio, { token: null, query: "accessCode=ZZZZZ-ZZZZZ" })).status).toBe(404);
    });

    it("answers 404 to an unknown folio", async () => {
      const res = await getOne("OIRS-2026-999999");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "not_found", message: "No existe un caso con ese folio en la institución." });
    });
  });

  describe("actions", () => {
    it("assigns by area code and official's email: ASIGNADA, one ASSIGNED event by the token", async () => {
      const c = await newCase();
      const { res, added } = await actOnce("assign", c.folio, c.id, { areaCode: "PERSONAS", assigneeEmail: "Area@OIRS.example" });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const body = await res.json();
      expect(body).toEqual({ folio: c.folio, status: "ASIGNADA", dueAt: c.dueAt });
      const row = await db.case.findUniqueOrThrow({ where: { id: c.id }, include: { area: true, assignee: true } });
      expect(row.status).toBe("ASIGNADA");
      expect(row.area?.code).toBe("PERSONAS");
      expect(row.assignee?.email).toBe("area@oirs.example");
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ type: "ASSIGNED", actorLabel: TOKEN_LABEL, actorId: null });

      // Moving it to someone else is a reassignment: it needs a reason (the UI's rule).
      const noReason = await act("assign", c.folio, { assigneeEmail: "oirs@oirs.example" });
      expect(noReason.status).toBe(422);
      expect((await noReason.json()).errors).toEqual({ reason: ["Indique el motivo de la reasignación."] });
      const withReason = await actOnce("assign", c.folio, c.id, { assigneeEmail: "oirs@oirs.example", reason: "Lo ve la OIRS." });
      expect(withReason.res.status).toBe(200);
      expect(withReason.added).toEqual([expect.objectContaining({ type: "REASSIGNED", actorLabel: TOKEN_LABEL })]);
    });

    it("refuses unknown area codes and emails within the institution (422 with the field)", async () => {
      const c = await newCase();
      const unknownArea = await act("assign", c.folio, { areaCode: "NO_EXISTE" });
      expect(unknownArea.status).toBe(422);
      expect((await unknownArea.json()).errors).toEqual({ areaCode: ["No existe un área activa con ese código en la institución."] });
      const both = await act("assign", c.folio, { areaCode: "NO_EXISTE", assigneeEmail: "nadie@example.cl" }, { headers: { "Accept-Language": "en" } });
      expect((await both.json()).errors).toEqual({
        areaCode: ["There is no active area with that code in the institution."],
        assigneeEmail: ["There is no active official with that email in the institution."],
      });
      const outsideArea = await act("assign", c.folio, { areaCode: "TI", assigneeEmail: "area@oirs.example" });
      expect(outsideArea.status).toBe(422);
      expect((await outsideArea.json()).errors).toEqual({ assigneeEmail: ["Esta persona no trabaja en el área elegida."] });
      const nothing = await act("assign", c.folio, {});
      expect((await nothing.json()).errors).toEqual({ areaCode: ["Elija un área o un funcionario/a."] });
      const badEmail = await act("assign", c.folio, { assigneeEmail: "no-es-correo" });
      expect(Object.keys((await badEmail.json()).errors)).toEqual(["assigneeEmail"]);
      expect((await events(c.id)).length).toBe(2);
    });

    it("adds an internal note: one NOTE event, status unchanged", async () => {
      const c = await newCase();
      const { res, added } = await actOnce("notes", c.folio, c.id, { text: "  Llamar el lunes.  " });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ folio: c.folio, status: "INGRESADA", dueAt: c.dueAt });
      expect(added).toEqual([expect.objectContaining({ type: "NOTE", public: false, message: "Llamar el lunes.", actorLabel: TOKEN_LABEL })]);
    });

    it("replies: RESPONDIDA and one public REPLIED event; a second reply is a 409", async () => {
      const c = await newCase();
      const { res, added } = await actOnce("reply", c.folio, c.id, { text: "Estimada {{nombre}}: su folio {{folio}} fue resuelto." });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ folio: c.folio, status: "RESPONDIDA" });
      expect(body.dueAt).toMatch(ISO_WITH_OFFSET);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ type: "REPLIED", public: true, actorLabel: TOKEN_LABEL, message: `Estimada Camila Rojas: su folio ${c.folio} fue resuelto.` });
      const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
      expect(row.status).toBe("RESPONDIDA");
      expect(row.respondedAt).not.toBeNull();
      expect(await db.outbox.count({ where: { dedupeKey: `case-reply:${added[0]!.id}` } })).toBe(1);

      const again = await actOnce("reply", c.folio, c.id, { text: "Otra respuesta." });
      expect(again.res.status).toBe(409);
      expect(await again.res.json()).toEqual({ error: "illegal_transition", message: "La acción reply no está permitida para un caso en estado RESPONDIDA." });
      expect(again.added).toHaveLength(0);
    });

    it("needs deliveredOn to reply by letter (422), as the staff page does", async () => {
      const c = await newCase({ replyChannel: "POSTAL", citizen: { name: "Luis Soto", address: "Calle Larga 123" } });
      const missing = await act("reply", c.folio, { text: "Respuesta por carta." });
      expect(missing.status).toBe(422);
      expect(Object.keys((await missing.json()).errors)).toEqual(["deliveredOn"]);
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(new Date());
      const ok = await act("reply", c.folio, { text: "Respuesta por carta.", deliveredOn: today });
      expect(ok.status).toBe(200);
    });

    it("closes: CERRADA with the outcome and one CLOSED event", async () => {
      const c = await newCase();
      expect((await act("reply", c.folio, { text: "Respuesta." })).status).toBe(200);
      const { res, added } = await actOnce("close", c.folio, c.id, { outcome: "RESOLVED" });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ folio: c.folio, status: "CERRADA" });
      expect(added).toEqual([expect.objectContaining({ type: "CLOSED", public: true, actorLabel: TOKEN_LABEL, data: expect.objectContaining({ outcome: "RESOLVED" }) })]);
      const row = await db.case.findUniqueOrThrow({ where: { id: c.id } });
      expect(row).toMatchObject({ status: "CERRADA", outcome: "RESOLVED" });
      expect(row.closedAt).not.toBeNull();
    });

    it("answers 409 with a message to a transition the state machine forbids, writing nothing", async () => {
      const c = await newCase();
      const { res, added } = await actOnce("close", c.folio, c.id, { outcome: "RESOLVED" });
      expect(res.status).toBe(409);
      const body = await res.json();
      expect(body.error).toBe("illegal_transition");
      expect(body.message).toBe("Un caso en estado INGRESADA no se puede cerrar con el resultado RESOLVED. Resultados permitidos ahora: NOT_APPLICABLE.");
      expect(added).toHaveLength(0);
      expect((await db.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("INGRESADA");

      const english = await act("close", c.folio, { outcome: "NOT_RESOLVED" }, { headers: { "Accept-Language": "en-GB" } });
      expect(english.status).toBe(409);
      expect((await english.json()).message).toMatch(/^A case in status INGRESADA cannot be closed with outcome NOT_RESOLVED/);

      // NOT_APPLICABLE is allowed from INGRESADA; then nothing but a note is.
      expect((await act("close", c.folio, { outcome: "NOT_APPLICABLE" })).status).toBe(200);
      const reply = await act("reply", c.folio, { text: "Tarde." });
      expect(reply.status).toBe(409);
      expect((await reply.json()).message).toMatch(/CERRADA/);
      const assign = await act("assign", c.folio, { areaCode: "PERSONAS" });
      expect(assign.status).toBe(409);
      expect((await act("notes", c.folio, { text: "Nota después del cierre." })).status).toBe(200);
    });

    it("validates bodies strictly: unknown fields, types, sizes (422/400/413/415), and 404 for an unknown folio", async () => {
      const c = await newCase();
      const unknown = await act("notes", c.folio, { text: "x", priority: "alta" });
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).errors).toEqual({ priority: ["Este campo no existe en la API."] });
      const empty = await act("notes", c.folio, { text: "   " });
      expect((await empty.json()).errors).toEqual({ text: ["Este campo es obligatorio."] });
      const tooLong = await act("notes", c.folio, { text: "x".repeat(4001) });
      expect((await tooLong.json()).errors.text[0]).toMatch(/4000/);
      const outcome = await act("close", c.folio, { outcome: "DONE" });
      expect(outcome.status).toBe(422);
      expect(Object.keys((await outcome.json()).errors)).toEqual(["outcome"]);
      expect((await act("notes", c.folio, null, { raw: "[1]" })).status).toBe(400);
      expect((await act("notes", c.folio, null, { raw: "{" })).status).toBe(400);
      expect((await act("notes", c.folio, null, { raw: JSON.stringify({ text: "x".repeat(70 * 1024) }) })).status).toBe(413);
      expect((await act("notes", c.folio, null, { raw: "text=hola", headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(415);
      expect((await events(c.id)).length).toBe(2);

      for (const [action, body] of [
        ["notes", { text: "x" }],
        ["assign", { areaCode: "NO_EXISTE" }],
        ["close", { outcome: "NADA" }],
      ] as const) {
        const res = await act(action, "OIRS-2026-999999", body);
        expect(res.status, action).toBe(404);
        expect((await res.json()).error).toBe("not_found");
      }
      const get = await act("notes", c.folio, null, { method: "GET" });
      expect(get.status).toBe(405);
      expect(get.headers.get("Allow")).toBe("POST");
    });

    it("each action wrote exactly one event with actorLabel api:<token name>", async () => {
      const c = await newCase();
      const steps: Array<[ActionName, unknown, string]> = [
        ["assign", { areaCode: "PERSONAS", assigneeEmail: "area@oirs.example" }, "ASSIGNED"],
        ["notes", { text: "Revisado." }, "NOTE"],
        ["reply", { text: "Respuesta final." }, "REPLIED"],
        ["close", { outcome: "NOT_RESOLVED" }, "CLOSED"],
      ];
      for (const [action, body, type] of steps) {
        const { res, added } = await actOnce(action, c.folio, c.id, body);
        expect(res.status, action).toBe(200);
        expect(added, action).toHaveLength(1);
        expect(added[0], action).toMatchObject({ type, actorLabel: TOKEN_LABEL });
      }
      const all = await events(c.id);
      // RECEIVED and ROUTED share their instant, so their order is not fixed.
      expect(all.map((e) => e.type).slice(0, 2).sort()).toEqual(["RECEIVED", "ROUTED"]);
      expect(all.map((e) => e.type).slice(2)).toEqual(["ASSIGNED", "NOTE", "REPLIED", "CLOSED"]);
      expect(all.filter((e) => e.actorLabel === TOKEN_LABEL)).toHaveLength(5);
    });
  });
});
