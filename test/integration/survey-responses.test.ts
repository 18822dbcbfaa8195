// Survey responses against a real database: invitations created by a reply (with their email in
// the outbox), POST /api/v1/survey-responses through the Remix route and the Express fast path's
// handler, the public web form, idempotency, single use, rate limits and validation.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { postSurveyResponse } from "~/domain/api/survey-responses-api.server";
import { replyToCase } from "~/domain/cases/actions.server";
import { createCase } from "~/domain/cases/create-case.server";
import { NewCaseSchema } from "~/domain/cases/schemas";
import { clearSurveyCaches, hashSecret } from "~/domain/surveys/targets.server";
import * as route from "~/routes/api.v1.survey-responses";
import * as posterPage from "~/routes/e.$code";
import * as invitationPage from "~/routes/encuesta.$token";
import { seedDemo } from "../../prisma/seed";

const POSTER = "CENTRAL-2026";
const KIOSK_CREDENTIAL = "kiosk-credential-for-tests-0123456789";
let ipCounter = 0;
const nextIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

type Handler = (args: ActionFunctionArgs) => Promise<Response>;
const call = (handler: unknown, request: Request, params: Record<string, string> = {}) => (handler as Handler)({ request, params, context: {} });

function post(body: unknown, options: { key?: string; ip?: string; headers?: Record<string, string>; raw?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "x-oirs-remote-address": options.ip ?? nextIp(), ...options.headers };
  if (options.key) headers["Idempotency-Key"] = options.key;
  return call(route.action, new Request("http://localhost/api/v1/survey-responses", { method: "POST", headers, body: options.raw ?? JSON.stringify(body) }));
}

/** Files a case with an email and answers it: the reply creates an invitation and emails it. */
async function answeredCase(email = "vecina@example.cl") {
  const input = NewCaseSchema.parse({
    kind: "RECLAMO",
    subject: "Bus escolar atrasado",
    description: "El bus llegó 40 minutos tarde.",
    name: "Rosa Tapia",
    email,
    replyChannel: "EMAIL",
    officeCode: "CENTRAL",
  });
  const created = await createCase({ input, source: { channel: "WEB", actorLabel: "citizen" } });
  const oirs = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" }, select: { id: true, institutionId: true, role: true, areaId: true, name: true } });
  await replyToCase({ caseId: created.id, actor: oirs, text: "Conversamos con la empresa de transporte." });
  const outbox = await db.outbox.findFirstOrThrow({ where: { dedupeKey: { startsWith: "survey-invitation:" }, payload: { path: ["to"], equals: email } } });
  const text = (outbox.payload as { text: string }).text;
  const token = /\/encuesta\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
  return { caseId: created.id, token, officialId: oirs.id };
}

beforeAll(async () => {
  await seedDemo(db, { password: "x-password-2026", posterCode: POSTER });
  const kiosk = await db.kiosk.findFirstOrThrow();
  await db.kiosk.update({ where: { id: kiosk.id }, data: { credentialHash: hashSecret(KIOSK_CREDENTIAL), enrolledAt: new Date() } });
  clearSurveyCaches();
});

describe("invitations", () => {
  it("a reply creates an invitation linked to the case, its dimensions and the official, and emails it", async () => {
    const { caseId, token, officialId } = await answeredCase();
    const invitation = await db.surveyInvitation.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) } });
    const kase = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(invitation).toMatchObject({ caseId, channel: "WEB", caseKind: "RECLAMO", officeId: kase.officeId, officialId, usedAt: null });
    expect(invitation.expiresAt.getTime() - invitation.sentAt.getTime()).toBe(30 * 86_400_000);
  });

  it("one response per invitation: 201, then 409; the response carries the invitation's dimensions", async () => {
    const { caseId, token, officialId } = await answeredCase("uno@example.cl");
    const first = await post({ invitationToken: token, answers: { overall: 6, resolved: "yes", comment: "Muy amables" }, locale: "es" });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const stored = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ caseId, officialId, channel: "WEB", caseKind: "RECLAMO", mainScore: 6, comment: "Muy amables", locale: "es" });
    expect(stored.answers).toEqual({ overall: 6, resolved: "yes", comment: "Muy amables" });
    const second = await post({ invitationToken: token, answers: { overall: 7 } });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: "already_answered" });
  });

  it("concurrent answers to one invitation record exactly one response", async () => {
    const { token } = await answeredCase("carrera@example.cl");
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post({ invitationToken: token, answers: { overall: 1 + i } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const invitation = await db.surveyInvitation.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) }, include: { response: true } });
    expect(invitation.usedAt).not.toBeNull();
    expect(invitation.response).not.toBeNull();
  });

  it("unknown token 404, expired 410", async () => {
    expect((await post({ invitationToken: "no-such-token", answers: { overall: 5 } })).status).toBe(404);
    const { token } = await answeredCase("vencida@example.cl");
    await db.surveyInvitation.update({ where: { tokenHash: hashSecret(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await post({ invitationToken: token, answers: { overall: 5 } }, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { message: string }).message).toMatch(/expired/);
  });

  it("Idempotency-Key: a retry gets the first answer (200), a different body with the key 409, and one row", async () => {
    const { token } = await answeredCase("idem@example.cl");
    const body = { invitationToken: token, answers: { overall: 7, treatment: 7 } };
    const first = await post(body, { key: "k-1" });
    expect(first.status).toBe(201);
    const retry = await post(body, { key: "k-1" });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    const other = await post({ ...body, answers: { overall: 1 } }, { key: "k-1" });
    expect(other.status).toBe(409);
    expect(await db.surveyResponse.count({ where: { invitation: { tokenHash: hashSecret(token) } } })).toBe(1);
  });
});

describe("posters and kiosks", () => {
  it("a poster response is anonymous and records the poster's office and channel", async () => {
    const res = await post({ posterCode: POSTER.toLowerCase(), answers: { overall: 4, effort: 3 } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const poster = await db.surveyPoster.findUniqueOrThrow({ where: { code: POSTER } });
    const stored = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ posterId: poster.id, officeId: poster.officeId, channel: "PRESENCIAL", caseId: null, officialId: null, mainScore: 4 });
  });

  it("unknown and inactive posters are 404", async () => {
    expect((await post({ posterCode: "NO-EXISTE", answers: { overall: 5 } })).status).toBe(404);
    await db.surveyPoster.update({ where: { code: "ANDACOLLO-2026" }, data: { active: false } });
    clearSurveyCaches();
    expect((await post({ posterCode: "ANDACOLLO-2026", answers: { overall: 5 } })).status).toBe(404);
    await db.surveyPoster.update({ where: { code: "ANDACOLLO-2026" }, data: { active: true } });
    clearSurveyCaches();
  });

  it("rate-limits one address on one poster (429 with Retry-After)", async () => {
    const ip = "10.99.0.1";
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await post({ posterCode: POSTER, answers: { overall: 6 } }, { ip })).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    const refused = await post({ posterCode: POSTER, answers: { overall: 6 } }, { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("a kiosk posts with its device credential; channel KIOSK, its office; revoked is refused", async () => {
    const res = await post({ answers: { overall: 7 } }, { headers: { Authorization: `Bearer ${KIOSK_CREDENTIAL}` } });
    expect(res.status).toBe(201);
    const kiosk = await db.kiosk.findFirstOrThrow();
    const stored = await db.surveyResponse.findUniqueOrThrow({ where: { id: ((await res.json()) as { id: string }).id } });
    expect(stored).toMatchObject({ kioskId: kiosk.id, officeId: kiosk.officeId, channel: "KIOSK" });
    const tooSoon = await post({ answers: { overall: 7 } }, { headers: { Authorization: `Bearer ${KIOSK_CREDENTIAL}` } });
    expect(tooSoon.status).toBe(429);
    await db.kiosk.update({ where: { id: kiosk.id }, data: { revokedAt: new Date() } });
    clearSurveyCaches();
    expect((await post({ answers: { overall: 7 } }, { headers: { Authorization: `Bearer ${KIOSK_CREDENTIAL}` } })).status).toBe(401);
    expect((await post({ answers: { overall: 7 } }, { headers: { Authorization: "Bearer nope" } })).status).toBe(401);
  });
});

describe("idempotency and template versions", () => {
  it("a poster retry with the same key is replayed; the key with another body is 409; an expired key can be used again", async () => {
    const ip = nextIp();
    const body = { posterCode: POSTER, answers: { overall: 3 } };
    const first = await post(body, { key: "poster-key", ip });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { id: string };
    const retry = await post(body, { key: "poster-key", ip });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(firstBody);
    expect((await post({ ...body, answers: { overall: 4 } }, { key: "poster-key", ip })).status).toBe(409);
    await db.idempotencyKey.updateMany({ where: { key: "poster-key" }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    const reused = await post({ ...body, answers: { overall: 4 } }, { key: "poster-key", ip });
    expect(reused.status).toBe(201);
    expect(((await reused.json()) as { id: string }).id).not.toBe(firstBody.id);
  });

  it("an invitation sent with an older, inactive template version is answered against that version", async () => {
    const { token } = await answeredCase("version@example.cl");
    const invitation = await db.surveyInvitation.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) }, include: { template: true } });
    const old = await db.surveyTemplate.create({
      data: {
        institutionId: invitation.institutionId,
        key: "old",
        version: 1,
        active: false,
        title: { es: "Antigua", en: "Old" },
        questions: [{ key: "score", type: "scale", main: true, min: 1, max: 7, label: { es: "Nota", en: "Score" } }],
      },
    });
    await db.surveyInvitation.update({ where: { id: invitation.id }, data: { templateId: old.id } });
    clearSurveyCaches();
    expect((await post({ invitationToken: token, answers: { overall: 5 } })).status).toBe(422);
    const res = await post({ invitationToken: token, answers: { score: 5 } });
    expect(res.status).toBe(201);
    const stored = await db.surveyResponse.findUniqueOrThrow({ where: { id: ((await res.json()) as { id: string }).id } });
    expect(stored).toMatchObject({ templateId: old.id, mainScore: 5 });
  });
});

describe("validation", () => {
  it("422 with field errors for unknown keys, out-of-range and wrong values; nothing written", async () => {
    const before = await db.surveyResponse.count();
    const res = await post({ posterCode: POSTER, answers: { overall: 8, resolved: "maybe", colour: "blue", effort: 2.5, comment: 12 } });
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(errors).sort()).toEqual(["answers.colour", "answers.comment", "answers.effort", "answers.overall", "answers.resolved"]);
    expect(errors["answers.overall"]![0]).toMatch(/1 a 7/);
    expect(await db.surveyResponse.count()).toBe(before);
  });

  it("the main question is required; the others are optional", async () => {
    const res = await post({ posterCode: POSTER, answers: { resolved: "no" } }, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Record<string, string[]> }).errors["answers.overall"]).toEqual(["Please answer this question."]);
  });

  it("envelope problems: no credential, two credentials, unknown fields, bad locale → 422; bad JSON 400; wrong type 415; huge 413", async () => {
    expect((await post({ answers: { overall: 5 } })).status).toBe(422);
    expect((await post({ posterCode: POSTER, invitationToken: "x", answers: { overall: 5 } })).status).toBe(422);
    const unknown = await post({ posterCode: POSTER, answers: { overall: 5 }, extra: 1, locale: "fr" });
    expect(unknown.status).toBe(422);
    expect(Object.keys(((await unknown.json()) as { errors: object }).errors).sort()).toEqual(["extra", "locale"]);
    expect((await post(null, { raw: "{not json" })).status).toBe(400);
    expect((await post(null, { raw: "[1,2]" })).status).toBe(400);
    expect((await post(null, { raw: "{}", headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    expect((await post({ posterCode: POSTER, answers: { comment: "x".repeat(70_000) } })).status).toBe(413);
    expect((await post({ posterCode: POSTER, answers: { overall: 5 } }, { key: "\u0001" })).status).toBe(400);
  });

  it("the framework-neutral handler (used by the Express fast path) answers the same", async () => {
    const payload = await postSurveyResponse({
      header: (name) => ({ "content-type": "application/json" })[name] ?? null,
      readBody: async () => JSON.stringify({ posterCode: POSTER, answers: { overall: 6 } }),
      clientIp: nextIp(),
    });
    expect(payload.status).toBe(201);
    expect(JSON.parse(payload.body)).toHaveProperty("id");
  });
});

describe("public web pages", () => {
  const form = (fields: Record<string, string | string[]>) => {
    const data = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
    return data;
  };
  const postForm = (handler: unknown, url: string, fields: Record<string, string | string[]>, params: Record<string, string>) =>
    call(handler, new Request(url, { method: "POST", body: form(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", "x-oirs-remote-address": nextIp() } }), params);

  it("/encuesta/<token>: the form, a plain POST, then 'already answered' (409) for the same link", async () => {
    const { token } = await answeredCase("web@example.cl");
    const url = `http://localhost/encuesta/${token}`;
    const page = await call(invitationPage.loader, new Request(url), { token });
    expect(page.status).toBe(200);
    const data = (await page.json()) as { page: { state: string; folio: string; submissionId: string } };
    expect(data.page.state).toBe("open");
    expect(data.page.folio).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    const bad = await postForm(invitationPage.action, url, { submissionId: data.page.submissionId, q_overall: "9" }, { token });
    expect(bad.status).toBe(400);
    const ok = await postForm(invitationPage.action, url, { submissionId: data.page.submissionId, q_overall: "7", q_resolved: "partly" }, { token });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/encuesta/gracias");
    // The same submission again (a double click) still lands on "thanks": one response.
    const again = await postForm(invitationPage.action, url, { submissionId: data.page.submissionId, q_overall: "7", q_resolved: "partly" }, { token });
    expect(again.status).toBe(409);
    expect((await call(invitationPage.loader, new Request(url), { token })).status).toBe(409);
    expect(await db.surveyResponse.count({ where: { invitation: { tokenHash: hashSecret(token) } } })).toBe(1);
  });

  it("/e/<code>: a poster's form, multiple submits with one submission id record one response; unknown code 404", async () => {
    const url = `http://localhost/e/${POSTER}`;
    const page = (await (await call(posterPage.loader, new Request(url), { code: POSTER })).json()) as { page: { submissionId: string } };
    const before = await db.surveyResponse.count();
    for (let i = 0; i < 2; i += 1) {
      const res = await postForm(posterPage.action, url, { submissionId: page.page.submissionId, q_overall: "5" }, { code: POSTER });
      expect(res.status).toBe(303);
    }
    expect(await db.surveyResponse.count()).toBe(before + 1);
    expect((await call(posterPage.loader, new Request("http://localhost/e/NADA"), { code: "NADA" })).status).toBe(404);
  });
});
