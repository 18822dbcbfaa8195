// "Rate this attention" against a real database: the case page's action creates a counter code
// (permission, one internal timeline event, only hashes stored, 30-minute expiry, the code and QR
// shown once through a signed cookie), the kiosk checks it (ok, wrong, malformed, expired, used,
// refused device, rate limit per kiosk), and the rating sent with it is linked to the case and the
// official (and the kiosk), once.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { createSession } from "~/domain/auth/session.server";
import { CaseActionError } from "~/domain/cases/action-errors";
import { offerRating, type StaffActor } from "~/domain/cases/actions.server";
import { createCase, type CreatedCase } from "~/domain/cases/create-case.server";
import { NewCaseSchema } from "~/domain/cases/schemas";
import { enrolKiosk, registerKiosk } from "~/domain/kiosk/kiosks.server";
import { COUNTER_CODE_LOOKUP_LIMIT, counterCodeHash, counterOfferCookie } from "~/domain/surveys/counter-code.server";
import { COUNTER_CODE_TTL_MS, formatCounterCode, normalizeCounterCode } from "~/domain/surveys/counter-code";
import { clearSurveyCaches, hashSecret } from "~/domain/surveys/targets.server";
import * as caseRoute from "~/routes/gestion.casos.$id";
import * as codeRoute from "~/routes/kiosco.codigo";
import { seedDemo } from "../../prisma/seed";

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>;
const call = (handler: unknown, request: Request, params: Record<string, string> = {}) => (handler as Handler)({ request, params, context: {} });
let ipCounter = 0;
const nextIp = () => `10.88.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

let institutionId: string;
let officeId: string;
let oirs: StaffActor;
let area: StaffActor; // AREA_OFFICIAL of PERSONAS
let oirsCookie: string;
let committeeCookie: string;
let kioskCounter = 0;

async function staff(email: string): Promise<StaffActor> {
  return db.user.findUniqueOrThrow({ where: { email }, select: { id: true, institutionId: true, role: true, areaId: true, name: true } });
}

async function newCase(overrides: Record<string, unknown> = {}): Promise<CreatedCase> {
  const input = NewCaseSchema.parse({
    kind: "CONSULTA",
    subject: "Certificado de antigüedad",
    description: "Necesito un certificado de antigüedad para un trámite bancario.",
    name: "Pedro Soto",
    email: "pedro@example.cl",
    replyChannel: "EMAIL",
    officeId,
    ...overrides,
  });
  return createCase({ input, source: { channel: "PRESENCIAL", actorLabel: "staff" } });
}

async function newKiosk() {
  const issued = await registerKiosk({
    institutionId,
    actorId: oirs.id,
    input: { name: `Tótem ${++kioskCounter}`, officeId, mode: "BOTH", idleTimeoutSeconds: 45, languages: ["es", "en"] },
  });
  const enrolled = await enrolKiosk({ code: issued.code });
  if (enrolled.kind !== "enrolled") throw new Error("enrolment failed");
  return { id: issued.id, credential: enrolled.credential };
}

function form(url: string, fields: Record<string, string>, cookie: string) {
  return new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

function checkCode(credential: string | null, body: unknown) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "x-oirs-remote-address": nextIp(), "Accept-Language": "es" };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  return call(codeRoute.action, new Request("http://localhost/kiosco/codigo", { method: "POST", headers, body: JSON.stringify(body) }));
}

async function rate(credential: string | null, body: Record<string, unknown>, key?: string) {
  const headers: Record<string, string | null> = { "content-type": "application/json", authorization: credential ? `Bearer ${credential}` : null, "idempotency-key": key ?? null };
  const payload = await postSurveyResponse({
    header: (name) => headers[name.toLowerCase()] ?? null,
    readBody: async () => JSON.stringify({ locale: "es", ...body }),
    clientIp: nextIp(),
  });
  return { status: payload.status, body: JSON.parse(payload.body) as unknown };
}

/** Offers the rating through the case page (as the OIRS officer) and reads the code from the cookie it sets. */
async function offerThroughPage(caseId: string) {
  const res = await call(caseRoute.action, form(`/gestion/casos/${caseId}`, { intent: "offerRating" }, oirsCookie), { id: caseId });
  expect(res.status).toBe(303);
  expect(res.headers.get("Location")).toBe(`/gestion/casos/${caseId}?hecho=offerRating#aviso`);
  const setCookie = res.headers.get("Set-Cookie")!;
  expect(setCookie).toMatch(/^oirs_counter_code=/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/Path=\/gestion\/casos/);
  expect(setCookie).toMatch(new RegExp(`Max-Age=${COUNTER_CODE_TTL_MS / 1000}`));
  const offer = (await counterOfferCookie.parse(setCookie)) as { caseId: string; code: string; token: string; expiresAt: string };
  return { offer, cookie: `${oirsCookie}; ${setCookie.split(";")[0]}` };
}

async function pageRating(caseId: string, cookie: string) {
  const res = await call(caseRoute.loader, new Request(`http://localhost/gestion/casos/${caseId}`, { headers: { Cookie: cookie } }), { id: caseId });
  expect(res.status).toBe(200);
  return ((await res.json()) as { rating: { allowed: boolean; state: string | null; code: string | null; expiresAt: string | null; qrSvg: string | null } }).rating;
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026" });
  oirs = await staff("oirs@oirs.example");
  area = await staff("area@oirs.example");
  institutionId = oirs.institutionId;
  officeId = (await db.office.findFirstOrThrow({ where: { institutionId, code: "CENTRAL" } })).id;
  oirsCookie = (await createSession({ userId: oirs.id })).setCookie.split(";")[0]!;
  const committee = await staff("comite@oirs.example");
  committeeCookie = (await createSession({ userId: committee.id })).setCookie.split(";")[0]!;
  clearSurveyCaches();
});

describe("the code's shape", () => {
  it("is typed with or without the dash, in any case, and only from the unambiguous alphabet", () => {
    expect(normalizeCounterCode("k7m-29q")).toBe("K7M29Q");
    expect(normalizeCounterCode(" K7M 29Q ")).toBe("K7M29Q");
    expect(formatCounterCode("K7M29Q")).toBe("K7M-29Q");
    expect(normalizeCounterCode("K0M-29Q")).toBeNull(); // 0 is not in the alphabet
    expect(normalizeCounterCode("K1M-29Q")).toBeNull();
    expect(normalizeCounterCode("K7M-29")).toBeNull();
    expect(normalizeCounterCode(123)).toBeNull();
  });
});

describe("offering the rating on the case page", () => {
  it("creates an invitation linked to the case, its office, area, trámite and the officer who clicked, with only hashes stored, and one internal event", async () => {
    const created = await newCase();
    const c = await db.case.findUniqueOrThrow({ where: { id: created.id } });
    const before = Date.now();
    const { offer, cookie } = await offerThroughPage(created.id);
    expect(offer.caseId).toBe(created.id);
    expect(offer.code).toMatch(/^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$/);

    const invitation = await db.surveyInvitation.findFirstOrThrow({ where: { caseId: created.id } });
    expect(invitation).toMatchObject({
      channel: "PRESENCIAL",
      caseKind: "CONSULTA",
      officeId: c.officeId,
      areaId: c.areaId,
      tramiteId: c.tramiteId,
      officialId: oirs.id,
      usedAt: null,
      tokenHash: hashSecret(offer.token),
      counterCodeHash: counterCodeHash(normalizeCounterCode(offer.code)!),
    });
    // Only hashes: neither the code (with or without its dash) nor the token is in the row.
    const stored = JSON.stringify(invitation);
    expect(stored).not.toContain(offer.code);
    expect(stored).not.toContain(normalizeCounterCode(offer.code)!);
    expect(stored).not.toContain(offer.token);
    const ttl = invitation.counterCodeExpiresAt!.getTime() - invitation.sentAt.getTime();
    expect(ttl).toBe(COUNTER_CODE_TTL_MS);
    expect(invitation.sentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(offer.expiresAt).getTime()).toBe(invitation.counterCodeExpiresAt!.getTime());

    const events = await db.caseEvent.findMany({ where: { caseId: created.id, type: "RATING_OFFERED" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ public: false, actorId: oirs.id, actorLabel: oirs.name });
    expect(events[0]!.data).toMatchObject({ invitationId: invitation.id, channel: "PRESENCIAL" });
    expect(JSON.stringify(events[0]!.data)).not.toContain(normalizeCounterCode(offer.code)!);
    expect(JSON.stringify(events[0]!.data)).not.toContain(offer.token);

    // The page (GET after the redirect) shows the code and the QR code of the survey link, on this browser only.
    const shown = await pageRating(created.id, cookie);
    expect(shown).toMatchObject({ allowed: true, state: "open", code: offer.code, expiresAt: offer.expiresAt });
    expect(shown.qrSvg).toMatch(/^<svg/);
    expect(await pageRating(created.id, oirsCookie)).toMatchObject({ allowed: true, state: null, code: null, qrSvg: null });
    // Another case's page does not show this case's code.
    const other = await newCase();
    expect(await pageRating(other.id, cookie)).toMatchObject({ state: null, code: null });
  });

  it("is refused to roles that do not handle cases, to API clients, and outside an area official's area; nothing is written", async () => {
    const created = await newCase();
    const res = await call(caseRoute.action, form(`/gestion/casos/${created.id}`, { intent: "offerRating" }, committeeCookie), { id: created.id }).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(403);

    const forbidden = await offerRating({ caseId: created.id, actor: { apiToken: { id: "x", name: "integración", institutionId } } }).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(CaseActionError);
    expect((forbidden as CaseActionError).code).toBe("FORBIDDEN");

    // The case is in no area (or another one): an area official cannot see it.
    const notFound = await offerRating({ caseId: created.id, actor: area }).catch((e: unknown) => e);
    expect((notFound as CaseActionError).code).toBe("NOT_FOUND");

    expect(await db.surveyInvitation.count({ where: { caseId: created.id } })).toBe(0);
    expect(await db.caseEvent.count({ where: { caseId: created.id, type: "RATING_OFFERED" } })).toBe(0);
  });

  it("without an active default survey: a clear 409 on the page, nothing written", async () => {
    const created = await newCase();
    const templates = await db.surveyTemplate.findMany({ where: { institutionId, isDefault: true, active: true }, select: { id: true } });
    await db.surveyTemplate.updateMany({ where: { id: { in: templates.map((t) => t.id) } }, data: { active: false } });
    try {
      const res = await call(caseRoute.action, form(`/gestion/casos/${created.id}`, { intent: "offerRating" }, oirsCookie), { id: created.id });
      expect(res.status).toBe(409);
      const body = (await res.json()) as { intent: string; result: { error: Record<string, string[]> } };
      expect(body.intent).toBe("offerRating");
      expect(body.result.error[""]).toEqual(["casework:errors.NO_SURVEY"]);
      expect(res.headers.get("Set-Cookie")).toBeNull();
    } finally {
      await db.surveyTemplate.updateMany({ where: { id: { in: templates.map((t) => t.id) } }, data: { active: true } });
    }
    expect(await db.surveyInvitation.count({ where: { caseId: created.id } })).toBe(0);
  });
});

describe("the kiosk checks the code", () => {
  it("accepts an open code (dash optional, any case), refuses wrong, malformed, expired and used ones with 4xx, and unknown devices with 401", async () => {
    const kiosk = await newKiosk();
    const created = await newCase();
    const offered = await offerRating({ caseId: created.id, actor: oirs });

    const ok = await checkCode(kiosk.credential, { code: offered.code.replace("-", "").toLowerCase() });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ code: offered.code, expiresAt: offered.codeExpiresAt.toISOString() });

    // A code nobody was given (one character changed).
    const raw = normalizeCounterCode(offered.code)!;
    const wrongCode = (raw[0] === "A" ? "B" : "A") + raw.slice(1);
    const wrong = await checkCode(kiosk.credential, { code: wrongCode });
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toMatchObject({ error: "code_not_found", message: expect.stringContaining("No encontramos ese código") });

    const malformed = await checkCode(kiosk.credential, { code: "K0-1" });
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toMatchObject({ error: "invalid_code" });
    expect((await checkCode(kiosk.credential, { nothing: true })).status).toBe(422);

    const refused = await checkCode("oirsk_not-a-credential", { code: offered.code });
    expect(refused.status).toBe(401);
    expect((await checkCode(null, { code: offered.code })).status).toBe(401);

    // Expired: offered 31 minutes ago.
    const old = await newCase();
    const expired = await offerRating({ caseId: old.id, actor: oirs, now: new Date(Date.now() - COUNTER_CODE_TTL_MS - 60_000) });
    const gone = await checkCode(kiosk.credential, { code: expired.code });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: "code_expired" });

    // Used: answered through the QR link on the phone, then typed at the kiosk.
    const phone = await newCase();
    const byPhone = await offerRating({ caseId: phone.id, actor: oirs });
    expect((await rate(null, { invitationToken: byPhone.token, answers: { overall: 6 } })).status).toBe(201);
    const used = await checkCode(kiosk.credential, { code: byPhone.code });
    expect(used.status).toBe(409);
    expect(await used.json()).toMatchObject({ error: "code_used" });

    // Another institution's kiosk would not find it either: the lookup is by institution.
    const elsewhere = await db.surveyInvitation.findFirstOrThrow({ where: { id: offered.invitationId } });
    expect(elsewhere.institutionId).toBe(institutionId);
  });

  it("is rate-limited per kiosk (every check counts); another kiosk is not affected", async () => {
    const busy = await newKiosk();
    const calm = await newKiosk();
    for (let i = 0; i < COUNTER_CODE_LOOKUP_LIMIT.points; i++) {
      expect((await checkCode(busy.credential, { code: "AAA-AAA" })).status).toBe(404);
    }
    const limited = await checkCode(busy.credential, { code: "AAA-AAA" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "rate_limited", message: expect.stringContaining("Demasiados intentos") });
    expect((await checkCode(calm.credential, { code: "AAA-AAA" })).status).toBe(404);
  });
});

describe("the rating sent with the code", () => {
  it("is linked to the case, the official, the channel PRESENCIAL and the kiosk; the code then counts as used everywhere", async () => {
    const kiosk = await newKiosk();
    const created = await newCase();
    const { offer, cookie } = await offerThroughPage(created.id);
    const c = await db.case.findUniqueOrThrow({ where: { id: created.id } });

    const res = await rate(kiosk.credential, { counterCode: offer.code.toLowerCase(), answers: { overall: 7, resolved: "yes" } });
    expect(res.status).toBe(201);
    const { id } = res.body as { id: string };
    const response = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    const invitation = await db.surveyInvitation.findFirstOrThrow({ where: { caseId: created.id } });
    expect(response).toMatchObject({
      invitationId: invitation.id,
      caseId: created.id,
      officialId: oirs.id,
      channel: "PRESENCIAL",
      kioskId: kiosk.id,
      officeId: c.officeId,
      caseKind: "CONSULTA",
      mainScore: 7,
    });
    expect(invitation.usedAt).not.toBeNull();

    // One response per invitation: the code again (another kiosk), or the QR link, are refused.
    const again = await rate((await newKiosk()).credential, { counterCode: offer.code, answers: { overall: 1 } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: "already_answered" });
    const link = await rate(null, { invitationToken: offer.token, answers: { overall: 1 } });
    expect(link.status).toBe(409);
    expect(await db.surveyResponse.count({ where: { caseId: created.id } })).toBe(1);

    // The officer's page now says it was answered, without the code.
    expect(await pageRating(created.id, cookie)).toMatchObject({ state: "used", code: null, qrSvg: null });
  });

  it("refuses a wrong, malformed or expired code, or a code without a kiosk credential, and records nothing", async () => {
    const created = await newCase();
    const offered = await offerRating({ caseId: created.id, actor: oirs });
    const before = await db.surveyResponse.count();

    const wrong = await rate((await newKiosk()).credential, { counterCode: "ZZZ-ZZZ", answers: { overall: 5 } });
    expect(wrong.status).toBe(404);
    const malformed = await rate((await newKiosk()).credential, { counterCode: "O0O-1I1", answers: { overall: 5 } });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ errors: { counterCode: [expect.stringContaining("6 letras")] } });
    const noKiosk = await rate(null, { counterCode: offered.code, answers: { overall: 5 } });
    expect(noKiosk.status).toBe(422);

    const old = await newCase();
    const expired = await offerRating({ caseId: old.id, actor: oirs, now: new Date(Date.now() - COUNTER_CODE_TTL_MS - 1000) });
    const late = await rate((await newKiosk()).credential, { counterCode: expired.code, answers: { overall: 5 } });
    expect(late.status).toBe(410);

    expect(await db.surveyResponse.count()).toBe(before);
    expect((await db.surveyInvitation.findUniqueOrThrow({ where: { id: offered.invitationId } })).usedAt).toBeNull();
  });

  it("a retry with the same Idempotency-Key gets the first answer, not a second response", async () => {
    const kiosk = await newKiosk();
    const created = await newCase();
    const offered = await offerRating({ caseId: created.id, actor: oirs });
    const send = () => rate(kiosk.credential, { counterCode: offered.code, answers: { overall: 4 } }, "rate-attention-1");
    const first = await send();
    expect(first.status).toBe(201);
    const second = await send();
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await db.surveyResponse.count({ where: { caseId: created.id } })).toBe(1);
  });
});
