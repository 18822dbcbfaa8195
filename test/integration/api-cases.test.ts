// The public APIs against a real database, calling the route modules' loaders and actions with
// plain Request objects: POST/GET /api/v1/cases, Open311 GeoReport v2 and the OpenAPI document.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { isoWithOffset } from "~/domain/api/dates";
import { handleApi, isDatabaseUnavailable } from "~/domain/api/errors.server";
import { Gate, GateFullError } from "~/domain/api/gate.server";
import { API_PATHS } from "~/domain/api/openapi";
import { clearTokenCache } from "~/domain/api/tokens.server";
import * as open311Request from "~/routes/api.open311.v2.requests.$id[.]json";
import * as open311Requests from "~/routes/api.open311.v2.requests[.]json";
import * as open311Services from "~/routes/api.open311.v2.services[.]json";
import * as caseRoute from "~/routes/api.v1.cases.$folio";
import * as casesRoute from "~/routes/api.v1.cases";
import * as openapiRoute from "~/routes/api.v1.openapi[.]json";
import * as catchAll from "~/routes/api.$";

const BASE = "http://localhost";
const WRITE_TOKEN = "oirs_test_write_0123456789abcdef";
const READ_TOKEN = "oirs_test_read_0123456789abcdef";
const LIMITED_TOKEN = "oirs_test_limited_0123456789abcdef";
const OTHER_WRITE_TOKEN = "oirs_test_other_0123456789abcdef";
const REVOKED_TOKEN = "oirs_test_revoked_0123456789abcdef";
const EXPIRED_TOKEN = "oirs_test_expired_0123456789abcdef";

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>;

function call(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return (handler as Handler)({ request, params, context: {} });
}

let ipCounter = 0;
/** A fresh client address per request unless given, so IP limits do not leak between tests. */
function nextIp() {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function postJson(body: unknown, options: { token?: string | null; key?: string; headers?: Record<string, string>; raw?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "x-oirs-remote-address": nextIp(), ...options.headers };
  const token = options.token === undefined ? WRITE_TOKEN : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.key) headers["Idempotency-Key"] = options.key;
  return new Request(`${BASE}/api/v1/cases`, { method: "POST", headers, body: options.raw ?? JSON.stringify(body) });
}

const postCase = (body: unknown, options?: Parameters<typeof postJson>[1]) => call(casesRoute.action, postJson(body, options));

function reclamo(overrides: Record<string, unknown> = {}) {
  return {
    kind: "RECLAMO",
    subject: "Bus escolar no pasó",
    description: "El bus del recorrido 4 no pasó el lunes.",
    tramiteCode: "transporte",
    officeCode: "CENTRAL",
    citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "Camila@Example.cl", phone: "+56 9 1234 5678", commune: "Coquimbo", region: "CL-CO" },
    replyChannel: "EMAIL",
    anonymous: false,
    locale: "es",
    ...overrides,
  };
}

const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");

describe("public APIs", () => {
  let institutionId: string;

  beforeAll(async () => {
    const institution = await db.institution.create({ data: { name: "Servicio de Prueba API", shortName: "SPA", folioPrefix: "API" } });
    institutionId = institution.id;
    await db.office.create({ data: { institutionId, code: "CENTRAL", name: "Oficina Central", address: "Calle 1", commune: "Coquimbo", region: "CL-CO" } });
    await db.tramite.create({ data: { institutionId, code: "TRANSPORTE", name: "Transporte escolar", description: "Recorridos y horarios." } });
    await db.tramite.create({ data: { institutionId, code: "RETIRADO", name: "Trámite retirado", active: false } });
    const token = (name: string, raw: string, scopes: string[], extra: Record<string, unknown> = {}) =>
      db.apiToken.create({ data: { institutionId, name, prefix: raw.slice(0, 8), tokenHash: sha256(raw), scopes, ...extra } });
    await token("integración", WRITE_TOKEN, ["cases:write", "cases:read"]);
    await token("lector", READ_TOKEN, ["cases:read"]);
    await token("limitado", LIMITED_TOKEN, ["cases:write"]);
    await token("otro sistema", OTHER_WRITE_TOKEN, ["cases:write"]);
    await token("revocado", REVOKED_TOKEN, ["cases:write"], { revokedAt: new Date() });
    await token("vencido", EXPIRED_TOKEN, ["cases:write"], { expiresAt: new Date(Date.now() - 1000) });
  });

  describe("dates", () => {
    it("formats instants with the America/Santiago offset (summer and winter)", () => {
      expect(isoWithOffset(new Date("2026-03-02T03:00:00Z"))).toBe("2026-03-02T00:00:00-03:00");
      expect(isoWithOffset(new Date("2026-07-01T04:00:00.999Z"))).toBe("2026-07-01T00:00:00-04:00");
      expect(isoWithOffset(new Date("2026-03-17T02:59:59.999Z"))).toBe("2026-03-16T23:59:59-03:00");
    });
  });

  describe("POST /api/v1/cases", () => {
    it("creates a case: 201 with folio, access code and ISO dates with offset", async () => {
      const res = await postCase(reclamo());
      expect(res.status).toBe(201);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      const body = await res.json();
      expect(Object.keys(body).sort()).toEqual(["accessCode", "dueAt", "folio", "receivedAt", "status", "trackingUrl"]);
      expect(body.folio).toMatch(/^API-\d{4}-\d{6}$/);
      expect(body.accessCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
      expect(body.status).toBe("INGRESADA");
      expect(body.receivedAt).toMatch(ISO_WITH_OFFSET);
      expect(body.dueAt).toMatch(ISO_WITH_OFFSET);
      expect(body.dueAt).toMatch(/T23:59:59-0[34]:00$/);
      expect(body.trackingUrl).toContain(encodeURIComponent(body.folio).replace(/%20/g, "+"));
      expect(res.headers.get("Location")).toBe(`/api/v1/cases/${body.folio}`);

      const row = await db.case.findUniqueOrThrow({ where: { folio: body.folio }, include: { events: true, tramite: true, office: true } });
      expect(row).toMatchObject({ channel: "API", kind: "RECLAMO", citizenRut: "12345678-5", citizenEmail: "camila@example.cl", locale: "es" });
      expect(row.tramite?.code).toBe("TRANSPORTE");
      expect(row.office?.code).toBe("CENTRAL");
      expect(new Date(body.receivedAt).getTime()).toBe(Math.floor(row.receivedAt.getTime() / 1000) * 1000);
      expect(new Date(body.dueAt).getTime()).toBe(Math.floor(row.dueAt.getTime() / 1000) * 1000);
      expect(row.events.find((e) => e.type === "RECEIVED")?.actorLabel).toBe("api:integración");
      const token = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256(WRITE_TOKEN) } });
      expect(token.lastUsedAt).not.toBeNull();
    });

    it("answers 422 with API field paths and Spanish sentences", async () => {
      const cases: Array<[string, unknown, string, RegExp]> = [
        ["missing subject", reclamo({ subject: undefined }), "subject", /obligatorio/],
        ["blank subject", reclamo({ subject: "   " }), "subject", /obligatorio/],
        ["bad RUT", reclamo({ citizen: { ...reclamo().citizen, rut: "12.345.678-9" } }), "citizen.rut", /RUT no es válido/],
        ["RECLAMO without contact", reclamo({ citizen: { name: "Sin Contacto" } }), "citizen.email", /correo electrónico o una dirección/],
        ["unknown field", reclamo({ priority: "alta" }), "priority", /no existe en la API/],
        ["unknown citizen field", reclamo({ citizen: { ...reclamo().citizen, age: 40 } }), "citizen.age", /no existe en la API/],
        ["unknown tramiteCode", reclamo({ tramiteCode: "NO_EXISTE" }), "tramiteCode", /ya no existe/],
        ["inactive tramiteCode", reclamo({ tramiteCode: "RETIRADO" }), "tramiteCode", /ya no existe/],
        ["unknown kind", reclamo({ kind: "QUEJA" }), "kind", /Elija una de las opciones/],
        ["anonymous RECLAMO", reclamo({ anonymous: true }), "anonymous", /necesita sus datos/],
        ["citizen not an object", reclamo({ citizen: "Camila" }), "citizen", /objeto JSON/],
        ["wrong type", reclamo({ tramiteCode: 42 }), "tramiteCode", /no es válido/],
        ["too long", reclamo({ subject: "x".repeat(151) }), "subject", /máximo 150/],
      ];
      for (const [label, body, field, message] of cases) {
        const res = await postCase(body);
        expect(res.status, label).toBe(422);
        expect(res.headers.get("Cache-Control")).toBe("no-store");
        const json = await res.json();
        expect(Object.keys(json), label).toEqual(["errors"]);
        expect(json.errors[field], `${label}: ${JSON.stringify(json)}`).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      }
    });

    it("reports every field problem at once, in the body's language", async () => {
      const res = await postCase({ kind: "RECLAMO", description: "x", citizen: { rut: "1-1", email: "nope" }, extra: 1, locale: "en" });
      expect(res.status).toBe(422);
      const { errors } = await res.json();
      expect(errors.subject).toEqual(["This field is required."]);
      expect(errors["citizen.rut"][0]).toMatch(/RUT is not valid/);
      expect(errors["citizen.email"][0]).toMatch(/valid email/);
      expect(errors.extra).toEqual(["This field does not exist in the API."]);
      // The cross-field rules (contact, reply channel) come once the fields themselves are valid.
      const second = await postCase({ kind: "RECLAMO", subject: "s", description: "x", citizen: { rut: "12.345.678-5" }, locale: "en" });
      const next = (await second.json()).errors;
      expect(next["citizen.name"]).toEqual(["This field is required."]);
      expect(next.replyChannel).toEqual(["Choose one of the options."]);
      expect(next["citizen.email"][0]).toMatch(/email address or a postal address/);
    });

    it("uses Accept-Language when the body names no locale", async () => {
      const res = await postCase(reclamo({ subject: undefined, locale: undefined }), { headers: { "Accept-Language": "en-US,en;q=0.9,es;q=0.5" } });
      expect((await res.json()).errors.subject).toEqual(["This field is required."]);
    });

    it("refuses malformed JSON (400), other content types (415) and non-object bodies (400)", async () => {
      const malformed = await postCase(null, { raw: '{"kind": "RECLAMO",' });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: "malformed_json", message: expect.stringMatching(/JSON/) });
      const text = await postCase(null, { raw: "kind=RECLAMO", headers: { "Content-Type": "text/plain" } });
      expect(text.status).toBe(415);
      for (const raw of ["[]", "42", "null", '"texto"']) expect((await postCase(null, { raw })).status).toBe(400);
    });

    it("never answers 500 to bad input", async () => {
      const bodies = ["{}", '{"citizen":null}', '{"kind":null,"subject":{},"description":[]}', '{"anonymous":"yes"}', '{"locale":"fr"}', '{"__proto__":{"x":1}}', '{"citizen":{"__proto__":1,"constructor":2}}', '{"toString":1}', "\u0000", '{"subject":"\\ud800"}'];
      for (const raw of bodies) {
        const res = await postCase(null, { raw });
        expect(res.status, raw).toBeGreaterThanOrEqual(400);
        expect(res.status, raw).toBeLessThan(500);
        await res.json();
      }
    });

    it("answers 413 for a body over 64 KB, by Content-Length and by the bytes actually read", async () => {
      const big = JSON.stringify(reclamo({ description: "x".repeat(70 * 1024) }));
      const declared = await postCase(null, { raw: big });
      expect(declared.status).toBe(413);
      expect((await declared.json()).error).toBe("payload_too_large");

      const bytes = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      });
      const streamed = new Request(`${BASE}/api/v1/cases`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${WRITE_TOKEN}`, "x-oirs-remote-address": nextIp() },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(streamed.headers.get("content-length")).toBeNull();
      const res = await call(casesRoute.action, streamed);
      expect(res.status).toBe(413);
    });

    it("answers 401 without a valid token and 403 without the scope", async () => {
      for (const token of [null, "not-a-real-token-at-all", REVOKED_TOKEN, EXPIRED_TOKEN]) {
        const res = await postCase(reclamo(), { token });
        expect(res.status, String(token)).toBe(401);
        expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
        expect(await res.json()).toMatchObject({ error: "unauthorized", message: expect.stringMatching(/token/) });
      }
      const basic = await call(casesRoute.action, new Request(`${BASE}/api/v1/cases`, { method: "POST", headers: { Authorization: "Basic dXNlcjpwYXNz", "Content-Type": "application/json" }, body: "{}" }));
      expect(basic.status).toBe(401);
      const forbidden = await postCase(reclamo(), { token: READ_TOKEN });
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).message).toContain("cases:write");
    });

    it("stops accepting a token once it is revoked (after the short token cache)", async () => {
      const raw = "oirs_test_soon_revoked_0123456789";
      const row = await db.apiToken.create({ data: { institutionId, name: "pronto revocado", prefix: raw.slice(0, 8), tokenHash: sha256(raw), scopes: ["cases:write"] } });
      expect((await postCase(reclamo(), { token: raw })).status).toBe(201);
      await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      clearTokenCache(); // what TOKEN_CACHE_MS of waiting does
      expect((await postCase(reclamo(), { token: raw })).status).toBe(401);
    });

    it("answers 405 to other methods", async () => {
      const res = await call(casesRoute.action, new Request(`${BASE}/api/v1/cases`, { method: "PUT" }));
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, POST");
    });

    it("replays a retry with the same Idempotency-Key and body (200, same folio)", async () => {
      const first = await postCase(reclamo({ subject: "Idempotente uno" }), { key: "retry-1" });
      expect(first.status).toBe(201);
      const created = await first.json();
      // Same content with keys in another order is the same request.
      const { subject, ...rest } = reclamo({ subject: "Idempotente uno" });
      const again = await postCase({ subject, ...rest }, { key: "retry-1" });
      expect(again.status).toBe(200);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(await again.json()).toEqual(created);
      expect(await db.case.count({ where: { subject: "Idempotente uno" } })).toBe(1);

      const conflict = await postCase(reclamo({ subject: "Otro contenido" }), { key: "retry-1" });
      expect(conflict.status).toBe(409);
      expect((await conflict.json()).error).toBe("idempotency_conflict");
      expect(await db.case.count({ where: { subject: "Otro contenido" } })).toBe(0);

      // Keys are per token: another client may use the same key for its own request.
      const otherClient = await postCase(reclamo({ subject: "Idempotente uno" }), { key: "retry-1", token: OTHER_WRITE_TOKEN });
      expect(otherClient.status).toBe(201);
      expect((await otherClient.json()).folio).not.toBe(created.folio);
    });

    it("does not store failed attempts: a corrected retry with the same key succeeds", async () => {
      const bad = await postCase(reclamo({ subject: "" }), { key: "fix-then-retry" });
      expect(bad.status).toBe(422);
      const good = await postCase(reclamo({ subject: "Corregido" }), { key: "fix-then-retry" });
      expect(good.status).toBe(201);
    });

    it("refuses a malformed Idempotency-Key", async () => {
      expect((await postCase(reclamo(), { key: "x".repeat(201) })).status).toBe(400);
      expect((await postCase(reclamo(), { key: "tab\there" })).status).toBe(400);
    });

    it("creates exactly one case for 5 concurrent requests with the same key", async () => {
      const body = reclamo({ subject: "Carrera de reintentos" });
      const responses = await Promise.all(Array.from({ length: 5 }, () => postCase(body, { key: "race-key" })));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 201]);
      const folios = new Set(await Promise.all(responses.map(async (r) => (await r.json()).folio)));
      expect(folios.size).toBe(1);
      expect(await db.case.count({ where: { subject: "Carrera de reintentos" } })).toBe(1);
    });

    it("gives concurrent requests without keys distinct sequential folios", async () => {
      const before = await db.folioCounter.findFirstOrThrow({ where: { institutionId } });
      const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => postCase(reclamo({ subject: `Paralelo ${i}` }))));
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
      const numbers = (await Promise.all(responses.map(async (r) => (await r.json()).folio as string))).map((f) => Number(f.slice(-6))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => before.lastValue + 1 + i));
    });

    it("limits each token per minute (429 with Retry-After)", async () => {
      const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
      process.env.API_RATE_LIMIT_PER_MINUTE = "2";
      try {
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i < 3; i++) {
          last = await postCase(reclamo({ subject: `Límite ${i}` }), { token: LIMITED_TOKEN });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([201, 201, 429]);
        expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect(last!.headers.get("Cache-Control")).toBe("no-store");
        expect((await last!.json()).error).toBe("rate_limited");
      } finally {
        if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
        else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
      }
    });
  });

  describe("GET /api/v1/cases/{folio}", () => {
    const get = (folio: string, query: string, ip = nextIp()) =>
      call(caseRoute.loader, new Request(`${BASE}/api/v1/cases/${encodeURIComponent(folio)}?${query}`, { headers: { "x-oirs-remote-address": ip } }), { folio });

    it("returns the citizen's view with the right access code", async () => {
      const created = await (await postCase(reclamo({ subject: "Para seguimiento" }))).json();
      const res = await get(created.folio, `accessCode=${encodeURIComponent(created.accessCode)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const view = await res.json();
      expect(Object.keys(view).sort()).toEqual(["answer", "dueAt", "folio", "kind", "receivedAt", "status", "subject", "timeline"]);
      expect(view).toMatchObject({ folio: created.folio, kind: "RECLAMO", status: "INGRESADA", subject: "Para seguimiento", answer: null, receivedAt: created.receivedAt, dueAt: created.dueAt });
      expect(view.timeline).toEqual([{ type: "RECEIVED", at: expect.stringMatching(ISO_WITH_OFFSET), message: expect.any(String) }]);
      // Lower case, short folio typed by hand: still found.
      const typed = await get(created.folio.toLowerCase(), `accessCode=${created.accessCode.toLowerCase()}`);
      expect(typed.status).toBe(200);
    });

    it("answers one generic 404 for a wrong code, an unknown folio or no code, and 429 after too many", async () => {
      const created = await (await postCase(reclamo())).json();
      const ip = nextIp();
      const wrong = await get(created.folio, "accessCode=ZZZZZ-ZZZZZ", ip);
      const unknown = await get("API-2026-999999", `accessCode=${created.accessCode}`, ip);
      const missing = await get(created.folio, "", ip);
      const messages = new Set<string>();
      for (const res of [wrong, unknown, missing]) {
        expect(res.status).toBe(404);
        messages.add(JSON.stringify(await res.json()));
      }
      expect(messages.size).toBe(1);
      let res: Response | undefined;
      for (let i = 0; i < 10 && res?.status !== 429; i++) res = await get(created.folio, "accessCode=ZZZZZ-ZZZZZ", ip);
      expect(res!.status).toBe(429);
      expect(Number(res!.headers.get("Retry-After"))).toBeGreaterThan(0);
      // Even the right code waits once the address is blocked.
      expect((await get(created.folio, `accessCode=${created.accessCode}`, ip)).status).toBe(429);
    });
  });

  describe("Open311 GeoReport v2", () => {
    const form = (fields: Record<string, string>, ip = nextIp()) =>
      new Request(`${BASE}/api/open311/v2/requests.json`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "x-oirs-remote-address": ip },
        body: new URLSearchParams(fields).toString(),
      });
    const lookup = (id: string, query: string) =>
      call(open311Request.loader, new Request(`${BASE}/api/open311/v2/requests/${encodeURIComponent(id)}.json?${query}`, { headers: { "x-oirs-remote-address": nextIp() } }), { id });

    it("lists the case kinds and the active trámites as services", async () => {
      const res = await call(open311Services.loader, new Request(`${BASE}/api/open311/v2/services.json`));
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const services = await res.json();
      const codes = services.map((s: { service_code: string }) => s.service_code);
      expect(codes).toEqual(expect.arrayContaining(["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD", "TRANSPORTE"]));
      expect(codes).not.toContain("RETIRADO");
      for (const s of services) {
        expect(Object.keys(s).sort()).toEqual(["description", "group", "keywords", "metadata", "service_code", "service_name", "type"]);
        expect(s).toMatchObject({ metadata: false, type: "realtime" });
      }
      expect(services.find((s: { service_code: string }) => s.service_code === "RECLAMO").service_name).toBe("Reclamo");
    });

    it("files a form-encoded anonymous suggestion and reads it back with the access code", async () => {
      const description = "Sería bueno tener más bancas en la sala de espera de la oficina central, sobre todo para personas mayores que esperan de pie.";
      const res = await call(open311Requests.action, form({ service_code: "SUGERENCIA", description, lat: "-29.95", long: "-71.34", jurisdiction_id: "oirs" }));
      expect(res.status).toBe(201);
      const [created] = await res.json();
      expect(Object.keys(created).sort()).toEqual(["access_code", "account_id", "service_notice", "service_request_id", "token"]);
      expect(created).toMatchObject({ account_id: null, token: null });
      expect(created.service_notice).toContain(created.service_request_id);
      const row = await db.case.findUniqueOrThrow({ where: { folio: created.service_request_id }, include: { events: true } });
      expect(row).toMatchObject({ kind: "SUGERENCIA", channel: "API", anonymous: true, citizenName: null, description });
      expect(row.subject).toBe(description.slice(0, 80).trim());
      expect(row.events.find((e) => e.type === "RECEIVED")?.actorLabel).toBe("open311");

      const got = await lookup(created.service_request_id, `access_code=${created.access_code}`);
      expect(got.status).toBe(200);
      const [request] = await got.json();
      expect(request).toMatchObject({
        service_request_id: created.service_request_id,
        status: "open",
        service_code: "SUGERENCIA",
        service_name: "Sugerencia",
        description,
        agency_responsible: "Servicio de Prueba API",
        address: null,
        lat: null,
        long: null,
        media_url: null,
      });
      expect(request.requested_datetime).toMatch(ISO_WITH_OFFSET);
      expect(request.updated_datetime).toMatch(ISO_WITH_OFFSET);
      expect(request.expected_datetime).toBe(isoWithOffset(row.dueAt));
      expect(typeof request.status_notes).toBe("string");
    });

    it("files a trámite as a SOLICITUD with the citizen's contact, and reads it with an api_key", async () => {
      const res = await call(
        open311Requests.action,
        form({ service_code: "TRANSPORTE", description: "Necesito el horario del recorrido 7.", first_name: "Pedro", last_name: "Soto", email: "pedro@example.cl", phone: "+56 9 8765 4321" }),
      );
      expect(res.status).toBe(201);
      const [created] = await res.json();
      const row = await db.case.findUniqueOrThrow({ where: { folio: created.service_request_id }, include: { tramite: true } });
      expect(row).toMatchObject({ kind: "SOLICITUD", citizenName: "Pedro Soto", citizenEmail: "pedro@example.cl", replyChannel: "EMAIL", anonymous: false });
      expect(row.tramite?.code).toBe("TRANSPORTE");

      const withAttribute = await call(
        open311Requests.action,
        form({ service_code: "TRANSPORTE", description: "El bus llegó tarde.", first_name: "Ana", email: "ana@example.cl", "attribute[kind]": "RECLAMO" }),
      );
      expect(withAttribute.status).toBe(201);
      const [second] = await withAttribute.json();
      expect((await db.case.findUniqueOrThrow({ where: { folio: second.service_request_id } })).kind).toBe("RECLAMO");

      const byKey = await lookup(created.service_request_id, `api_key=${READ_TOKEN}`);
      expect(byKey.status).toBe(200);
      const [request] = await byKey.json();
      expect(request).toMatchObject({ service_code: "TRANSPORTE", service_name: "Transporte escolar" });
    });

    it("acts as the token given in api_key", async () => {
      const res = await call(open311Requests.action, form({ api_key: WRITE_TOKEN, service_code: "FELICITACION", description: "Muy buena atención de Rosa.", first_name: "Luis" }));
      expect(res.status).toBe(201);
      const [created] = await res.json();
      const row = await db.case.findUniqueOrThrow({ where: { folio: created.service_request_id }, include: { events: true } });
      expect(row.events.find((e) => e.type === "RECEIVED")?.actorLabel).toBe("api:integración");
      const bad = await call(open311Requests.action, form({ api_key: "oirs_wrong_key_123456", service_code: "FELICITACION", description: "Hola" }));
      expect(bad.status).toBe(403);
      expect(await bad.json()).toEqual([{ code: 403, description: expect.any(String) }]);
    });

    it("accepts JSON too, and answers errors in the spec's format", async () => {
      const json = await call(
        open311Requests.action,
        new Request(`${BASE}/api/open311/v2/requests.json`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "x-oirs-remote-address": nextIp() },
          body: JSON.stringify({ service_code: "CONSULTA", description: "¿Cuándo abre la matrícula?", first_name: "Eva", email: "eva@example.cl", attribute: { reply_channel: "EMAIL" } }),
        }),
      );
      expect(json.status).toBe(201);

      const missing = await call(open311Requests.action, form({ service_code: "RECLAMO" }));
      expect(missing.status).toBe(400);
      const errors = await missing.json();
      expect(errors).toEqual(expect.arrayContaining([{ code: 400, description: expect.stringMatching(/^description: /) }]));

      const unknownService = await call(open311Requests.action, form({ service_code: "NO_EXISTE", description: "x", first_name: "A", email: "a@example.cl" }));
      expect(unknownService.status).toBe(400);
      expect(await unknownService.json()).toEqual([{ code: 400, description: expect.stringMatching(/^service_code: .*services\.json/) }]);

      const unknownField = await call(open311Requests.action, form({ service_code: "SUGERENCIA", description: "x", color: "azul" }));
      expect(unknownField.status).toBe(400);
      expect((await unknownField.json())[0].description).toContain("color");

      const noContact = await call(open311Requests.action, form({ service_code: "RECLAMO", description: "Me atendieron mal." }));
      expect(noContact.status).toBe(400);
      expect((await noContact.json()).map((e: { description: string }) => e.description.split(":")[0])).toEqual(expect.arrayContaining(["first_name", "email"]));

      const listing = await call(open311Requests.loader, new Request(`${BASE}/api/open311/v2/requests.json`));
      expect(listing.status).toBe(405);
      expect(await listing.json()).toEqual([{ code: 405, description: expect.any(String) }]);
    });

    it("answers 404 to a lookup without access_code or a reading api_key", async () => {
      const [created] = await (await call(open311Requests.action, form({ service_code: "SUGERENCIA", description: "Más luz en el pasillo." }))).json();
      for (const query of ["", `api_key=${LIMITED_TOKEN}`, "api_key=nonsense-key-123", "access_code=ZZZZZ-ZZZZZ"]) {
        const res = await lookup(created.service_request_id, query);
        expect(res.status, query).toBe(404);
        expect(await res.json()).toEqual([{ code: 404, description: expect.any(String) }]);
      }
    });

    it("limits citizens' own requests per address (10 per 10 minutes)", async () => {
      const ip = nextIp();
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 11; i++) {
        last = await call(open311Requests.action, form({ service_code: "SUGERENCIA", description: `Idea número ${i}` }, ip));
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
      expect(statuses[10]).toBe(429);
      expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await last!.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    });
  });

  describe("unknown API addresses", () => {
    it("answer a JSON 404 in the API's own format", async () => {
      const v1 = await call(catchAll.loader, new Request(`${BASE}/api/v1/nope`));
      expect(v1.status).toBe(404);
      expect(await v1.json()).toEqual({ error: "not_found", message: expect.any(String) });
      const open311 = await call(catchAll.action, new Request(`${BASE}/api/open311/v2/nope.json`, { method: "POST" }));
      expect(await open311.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    });
  });

  describe("OpenAPI document", () => {
    it("parses and describes every API route", async () => {
      const res = await call(openapiRoute.loader, new Request(`${BASE}/api/v1/openapi.json`));
      expect(res.status).toBe(200);
      const doc = JSON.parse(await res.text());
      expect(doc.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(doc.paths).sort()).toEqual([...API_PATHS].sort());
      expect(doc.paths["/api/v1/cases"].post.responses).toHaveProperty("422");
      expect(doc.paths["/api/v1/cases"].post.parameters).toEqual(expect.arrayContaining([{ $ref: "#/components/parameters/IdempotencyKey" }]));
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
      // Every $ref points at something that exists.
      const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
      for (const ref of refs) {
        const [, kind, name] = /#\/components\/(\w+)\/([^"]+)/.exec(ref)!;
        expect(doc.components[kind!]?.[name!], ref).toBeDefined();
      }
      // And every route file of the v1 and Open311 APIs is in the document (api.$ is the JSON 404).
      const routeFiles = fs.readdirSync(path.resolve("app/routes")).filter((f) => f.startsWith("api.v1.") || f.startsWith("api.open311."));
      expect(routeFiles.length).toBe(API_PATHS.length);
      const asPath = (file: string) =>
        "/" +
        file
          .replace(/\.tsx?$/, "")
          .replace(/\[\.\]/g, "\u0000")
          .replace(/\$(\w+)/g, "{$1}")
          .split(".")
          .join("/")
          .replace(/\u0000/g, ".");
      for (const file of routeFiles) {
        const p = asPath(file).replace("{id}", "{service_request_id}");
        expect(API_PATHS as readonly string[], file).toContain(p);
      }
    });
  });

  describe("submission gate", () => {
    it("runs at most `limit` submissions at once and refuses beyond its queue", async () => {
      const gate = new Gate(2, 3);
      let running = 0;
      let peak = 0;
      const task = () =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 20));
          running -= 1;
          return "done";
        });
      const results = await Promise.allSettled(Array.from({ length: 6 }, task));
      expect(peak).toBe(2);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(GateFullError);
      expect(refused.reason.status).toBe(503);
      expect(gate.inFlight).toBe(0);
      expect(gate.queued).toBe(0);
    });
  });

  describe("outages", () => {
    it("answers 503 with Retry-After when the database is unreachable", async () => {
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const res = await handleApi(new Request(`${BASE}/api/v1/cases`, { method: "POST" }), "v1", async () => {
        throw new Error("Connection terminated unexpectedly");
      });
      spy.mockRestore();
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect((await res.json()).error).toBe("unavailable");
      expect(isDatabaseUnavailable({ name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } })).toBe(true);
      expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P2024" }))).toBe(true);
      expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    });

    it("answers 500 JSON (not a stack trace) to an unexpected error while the database is up", async () => {
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        const res = await handleApi(new Request(`${BASE}/api/v1/cases`), "open311", async () => {
          throw new TypeError("bug");
        });
        expect(res.status).toBe(500);
        expect(await res.json()).toEqual([{ code: 500, description: expect.not.stringContaining("bug") }]);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
