// Kiosks against a real database: registering one (admin pages and domain), the one-time
// enrolment code (single use, expiry, rate limit), the device credential, heartbeat, revocation,
// re-issuing a code, ratings through the survey API with the credential, and filing a request at
// the totem with Idempotency-Key.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { createSession } from "~/domain/auth/session.server";
import { kioskSubject, parseKioskRequest } from "~/domain/kiosk/file-request.server";
import { enrolKiosk, listKiosks, recordHeartbeat, registerKiosk, reissueEnrolmentCode, revokeKiosk } from "~/domain/kiosk/kiosks.server";
import { checkKioskRequest } from "~/domain/kiosk/totem";
import { clearSurveyCaches, hashSecret } from "~/domain/surveys/targets.server";
import * as adminList from "~/routes/admin.kioscos._index";
import * as adminNew from "~/routes/admin.kioscos.nuevo";
import * as activate from "~/routes/kiosco.activar";
import * as heartbeatRoute from "~/routes/kiosco.pulso";
import * as requestRoute from "~/routes/kiosco.solicitud";
import * as swRoute from "~/routes/kiosco.sw[.]js";
import { seedDemo } from "../../prisma/seed";

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>;
const call = (handler: unknown, request: Request) => (handler as Handler)({ request, params: {}, context: {} });
let ipCounter = 0;
const nextIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

let institutionId: string;
let officeId: string;
let actorId: string;
let cookie: string;

function form(url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return new Request(`http://localhost${url}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body });
}

function json(url: string, credential: string | null, body: unknown, key?: string) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "x-oirs-remote-address": nextIp() };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (key) headers["Idempotency-Key"] = key;
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: JSON.stringify(body) });
}

function rate(credential: string, answers: Record<string, unknown>, key?: string) {
  return postSurveyResponse({
    header: (name) => ({ "content-type": "application/json", authorization: `Bearer ${credential}`, "idempotency-key": key ?? null })[name.toLowerCase()] ?? null,
    readBody: async () => JSON.stringify({ answers, locale: "es" }),
    clientIp: nextIp(),
  });
}

async function newKiosk(name: string, overrides: Partial<Parameters<typeof registerKiosk>[0]["input"]> = {}) {
  const issued = await registerKiosk({ institutionId, actorId, input: { name, officeId, mode: "BOTH", idleTimeoutSeconds: 45, languages: ["es", "en"], ...overrides } });
  const enrolled = await enrolKiosk({ code: issued.code });
  if (enrolled.kind !== "enrolled") throw new Error("enrolment failed");
  return { id: issued.id, credential: enrolled.credential };
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", kioskCode: "KIOSCO-TEST" });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@oirs.example" } });
  institutionId = admin.institutionId;
  actorId = admin.id;
  officeId = (await db.office.findFirstOrThrow({ where: { institutionId, code: "CENTRAL" } })).id;
  cookie = (await createSession({ userId: actorId })).setCookie.split(";")[0]!;
  clearSurveyCaches();
});

describe("enrolment", () => {
  it("the seed's code enrols once; the credential is stored only as its hash; the code is spent", async () => {
    const first = await enrolKiosk({ code: " kiosco-test " });
    expect(first.kind).toBe("enrolled");
    if (first.kind !== "enrolled") return;
    expect(first.credential).toMatch(/^oirsk_[A-Za-z0-9_-]{40,}$/);
    expect(first.config).toMatchObject({ mode: "BOTH", idleTimeoutSeconds: 45, languages: ["es", "en"], officeName: expect.any(String) });
    expect(first.config.survey?.main.key).toBe("overall");
    expect(first.config.survey?.followUps.map((q) => q.key)).toEqual(["resolved", "treatment"]);
    const row = await db.kiosk.findFirstOrThrow({ where: { credentialHash: hashSecret(first.credential) } });
    expect(row).toMatchObject({ enrolmentCodeHash: null, revokedAt: null });
    expect(row.enrolledAt).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(first.credential);
    expect((await enrolKiosk({ code: "KIOSCO-TEST" })).kind).toBe("invalid");
  });

  it("an expired code is refused as expired", async () => {
    const issued = await registerKiosk({ institutionId, actorId, input: { name: "Vencido", officeId, mode: "SURVEY", idleTimeoutSeconds: 30, languages: ["es"] } });
    const later = new Date(Date.now() + 8 * 24 * 3600_000);
    expect((await enrolKiosk({ code: issued.code, now: later })).kind).toBe("expired");
    expect((await enrolKiosk({ code: issued.code.toLowerCase() })).kind).toBe("enrolled");
  });

  it("/kiosco/activar: a wrong code is 400 with a message key; 10 failures from one address → 429; a right code returns the credential once, no-store", async () => {
    const ip = "10.66.0.1";
    const wrong = await call(activate.action, form("/kiosco/activar", { code: "NOPE-NOPE" }, { "x-oirs-remote-address": ip }));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ ok: false, error: "invalid" });
    for (let i = 0; i < 9; i++) await call(activate.action, form("/kiosco/activar", { code: `BAD-${i}` }, { "x-oirs-remote-address": ip }));
    const issued = await registerKiosk({ institutionId, actorId, input: { name: "Limitado", officeId, mode: "BOTH", idleTimeoutSeconds: 45, languages: ["es"] } });
    const limited = await call(activate.action, form("/kiosco/activar", { code: issued.code }, { "x-oirs-remote-address": ip }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    const ok = await call(activate.action, form("/kiosco/activar", { code: issued.code }, { "x-oirs-remote-address": "10.66.0.2" }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Cache-Control")).toBe("no-store");
    const body = (await ok.json()) as { ok: boolean; credential: string };
    expect(body.ok).toBe(true);
    expect(body.credential).toMatch(/^oirsk_/);
  });
});

describe("heartbeat, revocation and new codes", () => {
  it("the heartbeat records last contact and the queue length, and answers the settings", async () => {
    const { id, credential } = await newKiosk("Pulso", { idleTimeoutSeconds: 20, mode: "SURVEY", languages: ["en", "es"] });
    const res = await call(heartbeatRoute.action, json("/kiosco/pulso", credential, { queued: 3 }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { config: unknown }).config).toMatchObject({ name: "Pulso", mode: "SURVEY", idleTimeoutSeconds: 20, languages: ["en", "es"] });
    const row = await db.kiosk.findUniqueOrThrow({ where: { id } });
    expect(row.queuedReported).toBe(3);
    expect(Date.now() - row.lastSeenAt!.getTime()).toBeLessThan(10_000);
    expect((await call(heartbeatRoute.action, json("/kiosco/pulso", "oirsk_unknown", { queued: 0 }))).status).toBe(401);
    expect((await call(heartbeatRoute.action, json("/kiosco/pulso", null, { queued: 0 }))).status).toBe(401);
  });

  it("a revoked kiosk is refused everywhere (heartbeat, ratings, requests); a new code brings it back with a new credential", async () => {
    const { id, credential } = await newKiosk("Revocable");
    expect((await rate(credential, { overall: 6 })).status).toBe(201);
    expect(await revokeKiosk({ institutionId, actorId, id })).toBe(true);
    expect((await recordHeartbeat({ credential, queued: 0 })).kind).toBe("refused");
    expect((await rate(credential, { overall: 6 })).status).toBe(401);
    const filed = await call(requestRoute.action, json("/kiosco/solicitud", credential, { kind: "SUGERENCIA", description: "Más sillas", locale: "es" }, "k-rev-1"));
    expect(filed.status).toBe(401);
    expect(JSON.stringify(await filed.json())).toContain("device_refused");
    expect((await listKiosks({ institutionId })).find((k) => k.id === id)?.status).toBe("revoked");

    const issued = await reissueEnrolmentCode({ institutionId, actorId, id });
    const again = await enrolKiosk({ code: issued!.code });
    expect(again.kind).toBe("enrolled");
    if (again.kind !== "enrolled") return;
    expect((await recordHeartbeat({ credential: again.credential, queued: 0 })).kind).toBe("ok");
    expect((await recordHeartbeat({ credential, queued: 0 })).kind).toBe("refused");
    const audits = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["kiosk.create", "kiosk.revoke", "kiosk.reissueCode"]);
    expect(JSON.stringify(audits)).not.toContain(issued!.code);
  });

  it("ratings with the credential record the kiosk and its office; one every 5 s; a retry with the same key is replayed", async () => {
    const { id, credential } = await newKiosk("Evaluaciones");
    const first = await rate(credential, { overall: 7, resolved: "yes", treatment: 6 }, "rating-1");
    expect(first.status).toBe(201);
    const replay = await rate(credential, { overall: 7, resolved: "yes", treatment: 6 }, "rating-1");
    expect(replay.status).toBe(200);
    expect(replay.headers["Idempotent-Replayed"]).toBe("true");
    const limited = await rate(credential, { overall: 3 }, "rating-2");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["Retry-After"])).toBeGreaterThan(0);
    const stored = await db.surveyResponse.findMany({ where: { kioskId: id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: "KIOSK", officeId, mainScore: 7 });
  });
});

describe("filing a request at the totem", () => {
  it("files a case with channel KIOSK, the kiosk's office and actor; Idempotency-Key replays the first answer", async () => {
    const { credential } = await newKiosk("Solicitudes");
    const body = { kind: "RECLAMO", description: "La fila del mesón no avanzó en una hora.\nNadie informó.", name: "Ana Pérez", email: "ana@example.cl", locale: "es" };
    const first = await call(requestRoute.action, json("/kiosco/solicitud", credential, body, "req-1"));
    expect(first.status).toBe(201);
    const receipt = (await first.json()) as { folio: string; accessCode: string; trackingUrl: string; qrSvg: string; emailed: boolean };
    expect(receipt.folio).toMatch(/-\d{4}-\d{6}$/);
    expect(receipt.trackingUrl).toContain("/seguimiento?");
    expect(receipt.qrSvg).toContain("<svg");
    expect(receipt.emailed).toBe(true);
    const again = await call(requestRoute.action, json("/kiosco/solicitud", credential, body, "req-1"));
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(((await again.json()) as { folio: string }).folio).toBe(receipt.folio);
    const conflict = await call(requestRoute.action, json("/kiosco/solicitud", credential, { ...body, description: "Otra cosa" }, "req-1"));
    expect(conflict.status).toBe(409);

    const cases = await db.case.findMany({ where: { folio: receipt.folio }, include: { events: true } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ channel: "KIOSK", officeId, kind: "RECLAMO", subject: "La fila del mesón no avanzó en una hora." });
    expect(JSON.stringify(cases[0]!.events)).toContain("kiosk:Solicitudes");
  });

  it("an anonymous suggestion is accepted; a complaint without email is 422 with the kiosk's message keys; a queued one keeps its provisional number in the subject", async () => {
    const { credential } = await newKiosk("Anónimo");
    const anon = await call(requestRoute.action, json("/kiosco/solicitud", credential, { kind: "SUGERENCIA", description: "Más sillas en la sala de espera", locale: "en", provisional: "K-ABCDE" }, "anon-1"));
    expect(anon.status).toBe(201);
    const folio = ((await anon.json()) as { folio: string }).folio;
    const stored = await db.case.findUniqueOrThrow({ where: { folio } });
    expect(stored.subject).toBe("[K-ABCDE] Más sillas en la sala de espera");
    expect(stored.anonymous).toBe(true);
    const bad = await call(requestRoute.action, json("/kiosco/solicitud", credential, { kind: "RECLAMO", description: "Algo", locale: "es" }, "bad-1"));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ code: "validation_failed", fields: { email: "request.errors.emailNeeded", name: "request.errors.nameNeeded" } });
  });

  it("browser and server apply the same rules", () => {
    expect(checkKioskRequest({ kind: "FELICITACION", description: "Excelente atención" })).toEqual({});
    expect(checkKioskRequest({ kind: "CONSULTA", description: "x", name: "A", email: "no-es-correo" })).toEqual({ email: "request.errors.email" });
    expect(checkKioskRequest({ kind: "SUGERENCIA", description: " ", email: "a@b.cl" })).toEqual({ description: "request.errors.description", name: "request.errors.nameForEmail" });
    expect(parseKioskRequest({ kind: "SOLICITUD", description: "x" })).toMatchObject({ ok: false, fields: { kind: "request.errors.kind" } });
    expect(kioskSubject("a".repeat(300)).length).toBe(100);
  });
});

describe("admin pages", () => {
  it("registers a kiosk and shows its code and QR once; lists it; revokes it", async () => {
    const res = await call(adminNew.action, form("/admin/kioscos/nuevo", { name: "Tótem hall", officeId, mode: "REQUEST", idleTimeoutSeconds: "30", languages: ["es"] }, { Cookie: cookie }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const data = (await res.json()) as { issued: { code: string; qrSvg: string; activateUrl: string } };
    expect(data.issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(data.issued.qrSvg).toContain("<svg");
    expect(data.issued.activateUrl).toContain(`/kiosco/activar?codigo=${data.issued.code}`);
    const row = await db.kiosk.findFirstOrThrow({ where: { name: "Tótem hall" } });
    expect(row).toMatchObject({ mode: "REQUEST", idleTimeoutSeconds: 30, languages: ["es"], enrolmentCodeHash: hashSecret(data.issued.code) });

    const invalid = await call(adminNew.action, form("/admin/kioscos/nuevo", { name: "", officeId, mode: "X", idleTimeoutSeconds: "2" }, { Cookie: cookie }));
    expect(invalid.status).toBe(400);

    const list = await call(adminList.loader, new Request("http://localhost/admin/kioscos", { headers: { Cookie: cookie } }));
    const listed = (await list.json()) as { kiosks: Array<{ name: string; status: string }> };
    expect(listed.kiosks.find((k) => k.name === "Tótem hall")?.status).toBe("pending");

    const reissued = await call(adminList.action, form("/admin/kioscos?index", { id: row.id, intent: "reissue" }, { Cookie: cookie }));
    const newCode = ((await reissued.json()) as { issued: { code: string } }).issued.code;
    expect((await enrolKiosk({ code: data.issued.code })).kind).toBe("invalid");
    expect((await enrolKiosk({ code: newCode })).kind).toBe("enrolled");

    const revoked = await call(adminList.action, form("/admin/kioscos?index", { id: row.id, intent: "revoke" }, { Cookie: cookie }));
    expect(revoked.status).toBe(302);
    expect((await db.kiosk.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
  });

  it("staff without admin:manage cannot reach the pages", async () => {
    const oirs = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" } });
    const staffCookie = (await createSession({ userId: oirs.id })).setCookie.split(";")[0]!;
    await expect(call(adminList.loader, new Request("http://localhost/admin/kioscos", { headers: { Cookie: staffCookie } }))).rejects.toMatchObject({ status: 403 });
  });
});

describe("service worker", () => {
  it("is served as JavaScript with Service-Worker-Allowed: /kiosco and no outside references", async () => {
    const res = await (swRoute.loader as () => Promise<Response>)();
    expect(res.headers.get("Service-Worker-Allowed")).toBe("/kiosco");
    expect(res.headers.get("Content-Type")).toContain("javascript");
    const text = await res.text();
    expect(text).toMatch(/^"use strict";\n\(function kioskServiceWorker\(sw, version\)/);
    // Parses as a script (the function body must be self-contained).
    expect(() => new Function("self", text.replace('"use strict";', ""))).not.toThrow();
  });
});
