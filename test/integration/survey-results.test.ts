// The satisfaction results against a real database: known responses and invitations are inserted,
// then every figure is read back through the domain (getSatisfactionResults), the page's loader, the
// indicators API's route and the exports — with the rollups and without them (the same numbers),
// for today's responses before any rollup ran, for another institution's data (never counted),
// across month boundaries in Santiago time, and for every filter.
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { db } from "~/db/client.server";
import { clearTokenCache } from "~/domain/api/tokens.server";
import { createSession } from "~/domain/auth/session.server";
import { wilsonInterval } from "~/domain/surveys/metrics";
import { parseResultFilters, type ResultFilters } from "~/domain/surveys/results";
import {
  getSatisfactionIndicators,
  getSatisfactionResults,
  readRollupState,
  rebuildSatisfactionRollup,
  refreshSatisfactionRollup,
  settleRollupRefresh,
  type SatisfactionResults,
} from "~/domain/surveys/results.server";
import * as apiRoute from "~/routes/api.v1.indicators.satisfaction";
import { loader as pageLoader } from "~/routes/satisfaccion._index";
import { loader as csvLoader } from "~/routes/satisfaccion.exportar[.]csv";
import { loader as xlsxLoader } from "~/routes/satisfaccion.exportar[.]xlsx";
import { seedDemo } from "../../prisma/seed";
import { createHash } from "node:crypto";

const TOKEN = "oirs_results_all_0123456789abcdef"; // the seed's token: every scope
const CASES_ONLY_TOKEN = "oirs_results_cases_0123456789abcdef";
const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");
type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
const call = (handler: unknown, request: Request) => (handler as Loader)({ request, params: {}, context: {} });

type Ids = {
  institutionId: string;
  v1: string;
  v2: string;
  offices: Record<string, string>;
  areas: Record<string, string>;
  tramites: Record<string, string>;
  users: Record<string, { id: string }>;
  other: { institutionId: string; templateId: string };
};
let ids: Ids;

/** "2025-03-31 23:30" in Santiago → the instant. March 2025 is UTC−3; from 6 April 2025, UTC−4. */
function santiago(local: string): Date {
  const [day, time = "12:00"] = local.split(" ");
  const offset = day! < "2025-04-06" ? "-03:00" : "-04:00";
  return new Date(`${day}T${time}:00${offset}`);
}

type Row = {
  at: string;
  score: number;
  office?: "CENTRAL" | "ANDACOLLO";
  channel?: "PRESENCIAL" | "WEB" | "KIOSK" | "EMAIL";
  invitation?: string;
  kind?: "RECLAMO" | "CONSULTA";
  tramite?: string;
  official?: string;
  area?: string;
  template?: "v1" | "v2";
  extra?: Record<string, unknown>;
  comment?: string;
};

// March–April 2025 (Santiago). Expected figures are written out below, by hand.
const ROWS: Row[] = [
  // Oficina Central, at the counter (poster): 7 7 6 5 4 1…
  { at: "2025-03-01 00:10", score: 7, office: "CENTRAL", channel: "PRESENCIAL", extra: { resolved: "yes", effort: 7 }, comment: "Muy amables" },
  // …one of them through an email invitation (its dimensions are the invitation's).
  { at: "2025-03-03 10:00", score: 7, office: "CENTRAL", channel: "EMAIL", invitation: "inv-1", extra: { resolved: "yes", effort: 6 } },
  { at: "2025-03-10 10:00", score: 6, office: "CENTRAL", channel: "PRESENCIAL", extra: { resolved: "partly" } },
  { at: "2025-03-15 10:00", score: 5, office: "CENTRAL", channel: "PRESENCIAL", extra: { effort: 2 } },
  { at: "2025-03-20 10:00", score: 4, office: "CENTRAL", channel: "PRESENCIAL", extra: { resolved: "no" }, comment: "Mucha espera" },
  // 23:30 on 31 March in Santiago is already 1 April in UTC: it belongs to March.
  { at: "2025-03-31 23:30", score: 1, office: "CENTRAL", channel: "PRESENCIAL", extra: { resolved: "no", effort: 1 }, comment: "=cmd|' /C calc'!A0" },
  // Andacollo, after a case by the web (kind, area, trámite, official), template v2 with a multiple-choice question
  { at: "2025-04-02 09:00", score: 6, office: "ANDACOLLO", channel: "WEB", kind: "RECLAMO", tramite: "TRANSPORTE", official: "area", area: "PERSONAS", template: "v2", extra: { topics: ["wait", "staff"] } },
  { at: "2025-04-08 09:00", score: 6, office: "ANDACOLLO", channel: "WEB", kind: "RECLAMO", tramite: "TRANSPORTE", official: "area", area: "PERSONAS", template: "v2", extra: { topics: ["wait"] } },
  { at: "2025-04-09 09:00", score: 6, office: "ANDACOLLO", channel: "WEB", kind: "CONSULTA", tramite: "TRANSPORTE", official: "oirs", area: "OIRS", template: "v2" },
  { at: "2025-04-10 09:00", score: 3, office: "ANDACOLLO", channel: "WEB", kind: "CONSULTA", tramite: "MATRICULA", official: "oirs", area: "OIRS", template: "v2", comment: "No me respondieron" },
  // A kiosk with no office: all 5s
  { at: "2025-04-20 09:00", score: 5, channel: "KIOSK", tramite: "JUNAEB" },
  { at: "2025-04-21 09:00", score: 5, channel: "KIOSK", tramite: "JUNAEB" },
  { at: "2025-04-22 09:00", score: 5, channel: "KIOSK", tramite: "JUNAEB" },
];
const MARCH_APRIL = { from: "2025-03-01", to: "2025-04-30" };

async function insertRows(rows: Row[]) {
  const invitations = new Map(
    (await db.surveyInvitation.findMany({ where: { tokenHash: { in: rows.flatMap((r) => (r.invitation ? [sha256(r.invitation)] : [])) } } })).map((v) => [v.tokenHash, v.id]),
  );
  await db.surveyResponse.createMany({
    data: rows.map((r) => ({
      invitationId: r.invitation ? invitations.get(sha256(r.invitation))! : null,
      institutionId: ids.institutionId,
      templateId: r.template === "v2" ? ids.v2 : ids.v1,
      channel: r.channel ?? "PRESENCIAL",
      caseKind: r.kind ?? null,
      officeId: r.office ? ids.offices[r.office] : null,
      areaId: r.area ? ids.areas[r.area] : null,
      tramiteId: r.tramite ? ids.tramites[r.tramite] : null,
      officialId: r.official ? ids.users[r.official]!.id : null,
      mainScore: r.score,
      answers: { overall: r.score, ...(r.extra ?? {}), ...(r.comment ? { comment: r.comment } : {}) },
      comment: r.comment ?? null,
      createdAt: santiago(r.at),
    })),
  });
}

function filtersOf(query: Record<string, string>): ResultFilters {
  const { filters, errors } = parseResultFilters(new URLSearchParams(query));
  expect(errors).toEqual([]);
  return filters;
}

async function view(query: Record<string, string>, options: { useRollup?: boolean; lng?: string } = {}): Promise<SatisfactionResults> {
  return getSatisfactionResults({ institutionId: ids.institutionId, filters: filtersOf(query), lng: options.lng ?? "es", useRollup: options.useRollup });
}

const interval = (s: number, n: number) => wilsonInterval(s, n)!.map((x) => Math.round(x * 1000) / 10);

async function requestAs(userKey: string, path: string, lang = "es") {
  const { setCookie } = await createSession({ userId: ids.users[userKey]!.id });
  return new Request(`http://localhost${path}`, { headers: { Cookie: setCookie.split(";")[0]!, "Accept-Language": lang } });
}

function apiRequest(query: string, token: string | null = TOKEN, lang = "es") {
  const headers: Record<string, string> = { "Accept-Language": lang };
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Request(`http://localhost/api/v1/indicators/satisfaction${query}`, { headers });
}

beforeAll(async () => {
  const summary = await seedDemo(db, { password: "x-password-2026", apiToken: TOKEN });
  const [offices, areas, tramites, users, v1] = await Promise.all([
    db.office.findMany({ select: { id: true, code: true } }),
    db.area.findMany({ select: { id: true, code: true } }),
    db.tramite.findMany({ select: { id: true, code: true } }),
    db.user.findMany({ select: { id: true, email: true } }),
    db.surveyTemplate.findFirstOrThrow({ where: { key: "default", version: 1 } }),
  ]);
  const questions = [
    ...(v1.questions as unknown[]),
    {
      key: "topics",
      type: "multiple",
      required: false,
      label: { es: "¿Qué podríamos mejorar?", en: "What could we improve?" },
      options: [
        { value: "wait", label: { es: "La espera", en: "The wait" } },
        { value: "staff", label: { es: "La atención", en: "The staff" } },
        { value: "info", label: { es: "La información", en: "The information" } },
      ],
    },
  ];
  const v2 = await db.surveyTemplate.create({
    data: { institutionId: summary.institutionId, key: "default", version: 2, title: v1.title as object, questions: questions as object[], isDefault: true },
  });
  // Another institution with a response on the same days: never counted.
  const other = await db.institution.create({ data: { name: "Otro Servicio", shortName: "OTRO" } });
  const otherTemplate = await db.surveyTemplate.create({ data: { institutionId: other.id, key: "default", version: 1, title: { es: "x", en: "x" }, questions: v1.questions as object } });
  await db.surveyResponse.create({
    data: { institutionId: other.id, templateId: otherTemplate.id, channel: "WEB", mainScore: 1, answers: { overall: 1 }, comment: "De otra institución", createdAt: santiago("2025-03-10 10:00") },
  });
  await db.apiToken.create({
    data: { institutionId: summary.institutionId, name: "Solo casos", scopes: ["cases:read"], prefix: CASES_ONLY_TOKEN.slice(0, 12), tokenHash: sha256(CASES_ONLY_TOKEN) },
  });
  ids = {
    institutionId: summary.institutionId,
    v1: v1.id,
    v2: v2.id,
    offices: Object.fromEntries(offices.map((o) => [o.code, o.id])),
    areas: Object.fromEntries(areas.map((a) => [a.code, a.id])),
    tramites: Object.fromEntries(tramites.map((t) => [t.code, t.id])),
    users: Object.fromEntries(users.map((u) => [u.email.split("@")[0]!, { id: u.id }])),
    other: { institutionId: other.id, templateId: otherTemplate.id },
  };
  clearTokenCache();
});

afterAll(async () => {
  await settleRollupRefresh();
});

describe("no responses", () => {
  it("gives no data (null), never 0 % or NaN, on the page's figures and the API's", async () => {
    const r = await view({ from: "2024-01-01", to: "2024-12-31" }, { useRollup: false });
    expect(r.overall).toMatchObject({ n: 0, positive: 0, negative: 0, isu: null, net: null, mean: null, isuInterval: null, responseRate: null });
    expect(r.trend).toHaveLength(12);
    expect(r.trend.every((m) => m.n === 0 && m.isu === null)).toBe(true);
    expect(r.breakdowns.every((b) => b.groups.length === 0)).toBe(true);
    expect(r.questions).toEqual([]);
    expect(r.comments).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });

    const res = await call(apiRoute.loader, apiRequest("?from=2024-01-01&to=2024-12-31&groupBy=office"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      period: { from: "2024-01-01", to: "2024-12-31" },
      groupBy: "office",
      overall: { n: 0, positive: 0, negative: 0, isu: null, net: null, mean: null, isuInterval: null, responseRate: null, invitations: 0, smallSample: true },
      groups: [],
    });
  });
});

describe("known responses", () => {
  beforeAll(async () => {
    // Invitations sent in March 2025 after cases at Oficina Central: 4 sent, 1 answered.
    const base = { institutionId: ids.institutionId, templateId: ids.v1, channel: "EMAIL" as const, officeId: ids.offices.CENTRAL };
    await db.surveyInvitation.createMany({
      data: [
        { ...base, tokenHash: sha256("inv-1"), sentAt: santiago("2025-03-02 10:00"), expiresAt: santiago("2025-04-01 10:00"), usedAt: santiago("2025-03-03 10:00") },
        { ...base, tokenHash: sha256("inv-2"), sentAt: santiago("2025-03-05 10:00"), expiresAt: santiago("2025-04-04 10:00") },
        { ...base, tokenHash: sha256("inv-3"), sentAt: santiago("2025-03-06 10:00"), expiresAt: santiago("2025-04-05 10:00") },
        { ...base, tokenHash: sha256("inv-4"), sentAt: santiago("2025-03-31 23:00"), expiresAt: santiago("2025-04-30 10:00") },
        // Sent before the period: not counted.
        { ...base, tokenHash: sha256("inv-5"), sentAt: santiago("2025-02-27 10:00"), expiresAt: santiago("2025-03-29 10:00") },
      ],
    });
    await insertRows(ROWS);
  });

  // n = 13; positive (6–7) = 7, 7, 6, 6, 6, 6 → 6; negative (1–4) = 4, 1, 3 → 3; sum = 66.
  const OVERALL = { n: 13, positive: 6, negative: 3, isu: 46.2, net: 23.1, mean: 5.08, isuInterval: interval(6, 13) };

  it.each([true, false])("overall figures, distribution and response rate (rollups: %s)", async (useRollup) => {
    if (useRollup) await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
    const r = await view(MARCH_APRIL, { useRollup });
    expect(r.overall).toMatchObject({ ...OVERALL, smallSample: true, invitations: 4, answeredInvitations: 1, responseRate: 25, comments: 4 });
    expect(r.overall.distribution.map((d) => d.count)).toEqual([1, 0, 1, 1, 4, 4, 2]);
    expect(r.overall.distribution.map((d) => d.percent)).toEqual([7.7, 0, 7.7, 7.7, 30.8, 30.8, 15.4]);
    expect(r.source.rollupUsed).toBe(useRollup);
  });

  it("reads every figure the same from the rollups as from the raw responses", async () => {
    await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
    const queries = [
      MARCH_APRIL,
      { ...MARCH_APRIL, officeId: ids.offices.CENTRAL! },
      { ...MARCH_APRIL, channel: "WEB", groupBy: "official" },
      { ...MARCH_APRIL, tramiteId: ids.tramites.TRANSPORTE!, kind: "RECLAMO" },
      { ...MARCH_APRIL, template: "default", groupBy: "tramite" },
      { from: "2025-03-15", to: "2025-04-09" },
    ];
    for (const q of queries) {
      const [rolled, raw] = await Promise.all([view(q), view(q, { useRollup: false })]);
      const strip = (r: SatisfactionResults) => ({ ...r, source: undefined });
      expect(strip(rolled), JSON.stringify(q)).toEqual(strip(raw));
    }
  });

  it("puts responses in Santiago months (23:30 on 31 March is March) and fills empty months", async () => {
    const r = await view({ from: "2025-02-01", to: "2025-05-31" });
    expect(r.trend.map((m) => [m.month, m.n])).toEqual([
      ["2025-02", 0],
      ["2025-03", 6],
      ["2025-04", 7],
      ["2025-05", 0],
    ]);
    const march = r.trend[1]!;
    expect(march).toMatchObject({ positive: 3, negative: 2, isu: 50, net: 16.7, mean: 5, invitations: 4, responseRate: 25 });
    expect(r.trend[0]!.isu).toBeNull();
    // The period's bounds are local days: 00:10 on 1 March is in, 23:30 on 31 March too.
    expect((await view({ from: "2025-03-01", to: "2025-03-01" })).overall.n).toBe(1);
    expect((await view({ from: "2025-03-31", to: "2025-03-31" })).overall.n).toBe(1);
    expect((await view({ from: "2025-04-01", to: "2025-04-01" })).overall.n).toBe(0);
  });

  it("breaks down by office, channel, trámite, area and official with names, intervals and the small-sample flag", async () => {
    const r = await view(MARCH_APRIL);
    const by = (name: string) => r.breakdowns.find((b) => b.by === name)!.groups;
    expect(by("office").map((g) => [g.name, g.n, g.isu, g.responseRate])).toEqual([
      ["Oficina Central Coquimbo", 6, 50, 25],
      ["Oficina Andacollo", 4, 75, null],
      [null, 3, 0, null],
    ]);
    const central = by("office")[0]!;
    expect(central).toMatchObject({ key: ids.offices.CENTRAL, code: "CENTRAL", positive: 3, negative: 2, net: 16.7, mean: 5, isuInterval: interval(3, 6), smallSample: true });
    // EMAIL: the invitations' channel, with one response through them.
    expect(by("channel").map((g) => [g.key, g.n, g.invitations, g.responseRate])).toEqual([
      ["PRESENCIAL", 5, 0, null],
      ["WEB", 4, 0, null],
      ["KIOSK", 3, 0, null],
      ["EMAIL", 1, 4, 25],
    ]);
    // All 5s: ISU 0 and net 0, not "no data".
    const kiosk = by("channel").find((g) => g.key === "KIOSK")!;
    expect(kiosk).toMatchObject({ isu: 0, net: 0, mean: 5 });
    expect(by("tramite").map((g) => [g.code, g.n])).toEqual([
      ["JUNAEB", 3],
      ["TRANSPORTE", 3],
      ["MATRICULA", 1],
      [null, 6],
    ]);
    expect(by("official").map((g) => [g.name, g.n])).toEqual([
      ["Javiera Cortés Pizarro", 2],
      ["Rodrigo Alvarado Tapia", 2],
      [null, 9],
    ]);
    expect(by("area").map((g) => [g.code, g.n])).toEqual([
      ["PERSONAS", 2],
      ["OIRS", 2],
      [null, 9],
    ]);
  });

  it("applies every filter, alone and combined (also beyond what the rollups keep)", async () => {
    await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
    const n = async (q: Record<string, string>) => (await view({ ...MARCH_APRIL, ...q })).overall.n;
    expect(await n({ channel: "WEB" })).toBe(4);
    expect(await n({ kind: "RECLAMO" })).toBe(2);
    expect(await n({ officeId: ids.offices.ANDACOLLO! })).toBe(4);
    expect(await n({ areaId: ids.areas.OIRS! })).toBe(2);
    expect(await n({ tramiteId: ids.tramites.JUNAEB! })).toBe(3);
    expect(await n({ officialId: ids.users.area!.id })).toBe(2);
    expect(await n({ template: "default" })).toBe(13);
    expect(await n({ template: "otra" })).toBe(0);
    // Three dimensions at once: read from the raw responses.
    const deep = await view({ ...MARCH_APRIL, officeId: ids.offices.ANDACOLLO!, channel: "WEB", kind: "CONSULTA", groupBy: "tramite" });
    expect(deep.source.rollupUsed).toBe(false);
    expect(deep.overall).toMatchObject({ n: 2, positive: 1, negative: 1, isu: 50, net: 0, mean: 4.5 });
    expect(deep.breakdowns[0]!.groups.map((g) => [g.code, g.n])).toEqual([
      ["MATRICULA", 1],
      ["TRANSPORTE", 1],
    ]);
    // The response rate follows the invitations' own dimensions.
    expect((await view({ ...MARCH_APRIL, channel: "EMAIL" })).overall).toMatchObject({ n: 1, isu: 100, invitations: 4, responseRate: 25 });
    expect((await view({ ...MARCH_APRIL, officeId: ids.offices.ANDACOLLO! })).overall.responseRate).toBeNull();
  });

  it("gives per-question figures across template versions (scale, yes/partly/no, multiple choice) in the reader's language", async () => {
    const r = await view(MARCH_APRIL, { lng: "en" });
    expect(r.questions).toHaveLength(1);
    const t = r.questions[0]!;
    expect(t.versions).toEqual([1, 2]);
    const q = (key: string) => t.questions.find((x) => x.key === key)!;
    expect(t.questions.map((x) => x.key)).toEqual(["overall", "resolved", "effort", "time", "treatment", "clarity", "topics"]);
    expect(q("overall")).toMatchObject({ main: true, n: 13, label: "How satisfied are you with the service you received?" });
    expect(q("overall").scale).toMatchObject({ isu: 46.2, net: 23.1, mean: 5.08, negativePercent: 23.1 });
    // effort: 7, 6, 2, 1 → mean 4, 50 % at 6–7, 50 % at 1–4.
    expect(q("effort")).toMatchObject({ n: 4, scale: { mean: 4, isu: 50, negativePercent: 50, net: 0 } });
    expect(q("time")).toMatchObject({ n: 0, scale: { mean: null, isu: null } });
    expect(q("resolved").options).toEqual([
      { value: "yes", label: "Yes", count: 2, percent: 40 },
      { value: "partly", label: "Partly", count: 1, percent: 20 },
      { value: "no", label: "No", count: 2, percent: 40 },
    ]);
    expect(q("topics")).toMatchObject({ type: "multiple", n: 2, label: "What could we improve?" });
    expect(q("topics").options).toEqual([
      { value: "wait", label: "The wait", count: 2, percent: 100 },
      { value: "staff", label: "The staff", count: 1, percent: 50 },
      { value: "info", label: "The information", count: 0, percent: 0 },
    ]);
    // The comment is a text question: listed, not counted.
    expect(t.questions.find((x) => x.key === "comment")).toBeUndefined();
  });

  it("lists comments newest first, paginated, never another institution's", async () => {
    const r = await view(MARCH_APRIL);
    expect(r.comments.total).toBe(4);
    expect(r.comments.rows.map((c) => c.comment)).toEqual(["No me respondieron", "=cmd|' /C calc'!A0", "Mucha espera", "Muy amables"]);
    expect(r.comments.rows[0]).toMatchObject({ channel: "WEB", office: "Oficina Andacollo", score: 3 });
    expect((await view({ ...MARCH_APRIL, page: "7" })).comments.page).toBe(1);
    expect((await view({ ...MARCH_APRIL, officeId: ids.offices.CENTRAL! })).comments.rows.map((c) => c.score)).toEqual([1, 4, 7]);
  });

  it("counts a response the moment it is committed, and rolls finished days up lazily", async () => {
    await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const year = { from: `${today.slice(0, 4)}-01-01`, to: new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(now) };
    const before = await view(year);
    await db.surveyResponse.create({
      data: { institutionId: ids.institutionId, templateId: ids.v1, channel: "WEB", mainScore: 7, answers: { overall: 7 }, createdAt: now },
    });
    const after = await view(year);
    expect(after.overall.n).toBe(before.overall.n + 1);
    expect(after.overall.positive).toBe(before.overall.positive + 1);
    expect(after.comments.total).toBe(before.comments.total);

    // A day later (plus the grace period) the day is rolled up, and the figures do not move.
    const tomorrow = new Date(now.getTime() + 26 * 3600_000);
    const state = await refreshSatisfactionRollup({ institutionId: ids.institutionId, now: tomorrow });
    expect(state.responsesThrough! > year.to).toBe(true);
    expect((await readRollupState(ids.institutionId)).responsesThrough).toBe(state.responsesThrough);
    const rolled = await view(year);
    expect(rolled.overall).toEqual(after.overall);
    await db.surveyResponse.deleteMany({ where: { createdAt: now } });
    await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
  });

  it("counts at once an answer today to an invitation sent days ago (already rolled up), the same after rolling up, and once the day is final", async () => {
    const now = new Date();
    const sentAt = new Date(now.getTime() - 3 * 86_400_000);
    const base = { institutionId: ids.institutionId, templateId: ids.v1, channel: "EMAIL" as const, officeId: ids.offices.ANDACOLLO, sentAt, expiresAt: new Date(now.getTime() + 27 * 86_400_000) };
    const inv = await db.surveyInvitation.create({ data: { ...base, tokenHash: sha256("late-one") } });
    const unanswered = await db.surveyInvitation.create({ data: { ...base, tokenHash: sha256("never-answered") } });
    const state = await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
    const sentDay = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(sentAt);
    expect(state.invitationsThrough! > sentDay).toBe(true);
    expect(state.invitationsFinalThrough! <= sentDay).toBe(true);
    const period = { from: sentDay, to: sentDay, officeId: ids.offices.ANDACOLLO! };
    expect((await view(period)).overall).toMatchObject({ n: 0, invitations: 2, answeredInvitations: 0, responseRate: 0 });
    // The citizen answers now (the submission marks the invitation used in the same statement).
    await db.surveyInvitation.update({ where: { id: inv.id }, data: { usedAt: now } });
    const response = await db.surveyResponse.create({
      data: { institutionId: ids.institutionId, templateId: ids.v1, invitationId: inv.id, channel: "EMAIL", officeId: ids.offices.ANDACOLLO, mainScore: 6, answers: { overall: 6 }, createdAt: now },
    });
    const answered = await view(period);
    expect(answered.overall).toMatchObject({ n: 0, invitations: 2, answeredInvitations: 1, responseRate: 50 });
    expect(answered.source.rollupUsed).toBe(true);
    // Once today is rolled up, the answer is in the rollup under the invitation's day: same figure.
    const answerRows = () => db.surveyInvitationRollup.count({ where: { day: new Date(`${sentDay}T00:00:00Z`), answeredOn: { not: null } } });
    await refreshSatisfactionRollup({ institutionId: ids.institutionId, now: new Date(now.getTime() + 26 * 3600_000) });
    expect(await answerRows()).toBeGreaterThan(0);
    expect((await view(period)).overall).toMatchObject({ invitations: 2, answeredInvitations: 1, responseRate: 50 });
    expect((await view(period, { useRollup: false })).overall).toMatchObject({ invitations: 2, answeredInvitations: 1, responseRate: 50 });
    // A month on, every invitation of that day is used or expired: the day's rows are written again
    // with the final count, and its day-by-day answer rows go. Same figure.
    const later = await refreshSatisfactionRollup({ institutionId: ids.institutionId, now: new Date(now.getTime() + 32 * 86_400_000) });
    expect(later.invitationsFinalThrough! > sentDay).toBe(true);
    expect(await answerRows()).toBe(0);
    expect((await view(period)).overall).toMatchObject({ invitations: 2, answeredInvitations: 1, responseRate: 50 });
    await db.surveyResponse.delete({ where: { id: response.id } });
    await db.surveyInvitation.deleteMany({ where: { id: { in: [inv.id, unanswered.id] } } });
    await rebuildSatisfactionRollup({ institutionId: ids.institutionId });
  });

  describe("GET /api/v1/indicators/satisfaction", () => {
    it("answers the period's figures and each group's, keyed by code and labelled", async () => {
      const res = await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30&groupBy=office"));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = await res.json();
      expect(body.period).toEqual(MARCH_APRIL);
      expect(body.overall).toEqual({ ...OVERALL, responseRate: 25, invitations: 4, smallSample: true });
      expect(body.groups).toEqual([
        { key: "CENTRAL", label: "Oficina Central Coquimbo", n: 6, positive: 3, negative: 2, isu: 50, net: 16.7, mean: 5, isuInterval: interval(3, 6), responseRate: 25, invitations: 4, smallSample: true },
        { key: "ANDACOLLO", label: "Oficina Andacollo", n: 4, positive: 3, negative: 1, isu: 75, net: 50, mean: 5.25, isuInterval: interval(3, 4), responseRate: null, invitations: 0, smallSample: true },
        { key: null, label: "Sin oficina", n: 3, positive: 0, negative: 0, isu: 0, net: 0, mean: 5, isuInterval: interval(0, 3), responseRate: null, invitations: 0, smallSample: true },
      ]);
      // Comments never leave through the API.
      expect(JSON.stringify(body)).not.toMatch(/amables|espera|respondieron/);
    });

    it("labels channels in the caller's language and answers without groupBy", async () => {
      const res = await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30&groupBy=channel", TOKEN, "en"));
      const body = await res.json();
      expect(body.groups.map((g: { key: string; label: string }) => [g.key, g.label])).toEqual([
        ["PRESENCIAL", "In person"],
        ["WEB", "Website"],
        ["KIOSK", "Kiosk"],
        ["EMAIL", "Email"],
      ]);
      const plain = await (await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30"))).json();
      expect(plain.groupBy).toBeNull();
      expect(plain.groups).toBeNull();
      expect(plain.overall.n).toBe(13);
    });

    it("refuses bad dates and groupBy with a 400 in the caller's language", async () => {
      const cases: Array<[string, string, RegExp]> = [
        ["?to=2025-04-30", "es", /Falta el parámetro from/],
        ["?from=2025-02-30&to=2025-04-30", "es", /from debe ser una fecha válida/],
        ["?from=2025-03-01&to=ayer", "en", /to must be a valid date/],
        ["?from=2025-03-01&to=2025-04-30&groupBy=color", "en", /groupBy must be one of: channel, office, tramite, area/],
        ["?from=2025-05-01&to=2025-04-30", "es", /to debe ser igual o posterior a from/],
        ["?from=2025-03-01&to=2025-04-30&office=1", "en", /does not exist in the API: office/],
      ];
      for (const [query, lang, message] of cases) {
        const res = await call(apiRoute.loader, apiRequest(query, TOKEN, lang));
        expect(res.status, query).toBe(400);
        const body = await res.json();
        expect(body.error).toBe("invalid_parameter");
        expect(body.message, query).toMatch(message);
      }
    });

    it("needs a token with indicators:read", async () => {
      expect((await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30", null))).status).toBe(401);
      expect((await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30", "oirs_not_a_token_0123456789"))).status).toBe(401);
      const forbidden = await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30", CASES_ONLY_TOKEN));
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).message).toMatch(/indicators:read/);
      const post = await call(apiRoute.action, new Request("http://localhost/api/v1/indicators/satisfaction", { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } }));
      expect(post.status).toBe(405);
    });

    it("matches getSatisfactionIndicators", async () => {
      const direct = await getSatisfactionIndicators({
        institutionId: ids.institutionId,
        ...MARCH_APRIL,
        groupBy: "area",
        lng: "es",
        channelLabel: (c) => c,
        noneLabel: () => "—",
      });
      const body = await (await call(apiRoute.loader, apiRequest("?from=2025-03-01&to=2025-04-30&groupBy=area"))).json();
      expect(body.overall).toEqual(direct.overall);
      expect(body.groups.map((g: { n: number }) => g.n)).toEqual(direct.groups!.map((g) => g.n));
    });
  });

  describe("the page (/satisfaccion)", () => {
    it("shows the figures to the committee, an OIRS officer and an admin; 403 for an area official", async () => {
      for (const user of ["comite", "oirs", "admin"]) {
        const res = await call(pageLoader, await requestAs(user, "/satisfaccion?from=2025-03-01&to=2025-04-30&groupBy=office"));
        expect(res.status, user).toBe(200);
        const data = await res.json();
        expect(data.results.overall).toMatchObject(OVERALL);
        expect(data.results.breakdowns.map((b: { by: string }) => b.by)).toEqual(["office"]);
      }
      await expect(call(pageLoader, await requestAs("area", "/satisfaccion"))).rejects.toMatchObject({ status: 403 });
    });

    it("ignores bad parameters, says which, and answers 400 (never 500)", async () => {
      const res = await call(pageLoader, await requestAs("comite", "/satisfaccion?from=2025-13-01&to=2025-04-30&channel=FAX&officeId=nope&groupBy=color&page=-1"));
      expect(res.status).toBe(400);
      const data = await res.json();
      expect(data.errors.map((e: { field?: string }) => e.field).sort()).toEqual(["channel", "from", "groupBy", "officeId", "page"]);
      expect(data.filters).toMatchObject({ from: "2025-01-01", to: "2025-04-30", page: 1 });
      expect(data.filters.channel).toBeUndefined();
      expect(data.results.overall.n).toBe(13);
    });
  });

  describe("exports", () => {
    it("CSV: one row per response with each question in its own column and the comment, formulas neutralised, audited", async () => {
      const res = await call(csvLoader, await requestAs("comite", "/satisfaccion/exportar.csv?from=2025-03-01&to=2025-04-30"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="satisfaccion-2025-03-01_2025-04-30.csv"');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for Excel
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      const lines = text.slice(1).trimEnd().split("\r\n");
      expect(lines).toHaveLength(1 + 13);
      const header = lines[0]!.split(";");
      expect(header.slice(0, 9)).toEqual(["Fecha", "Canal", "Tipo de caso", "Oficina", "Área", "Trámite", "Funcionario/a", "Encuesta", "Versión"]);
      expect(header).toContain("¿Qué tan satisfecho/a está con la atención recibida?");
      expect(header).toContain("¿Qué podríamos mejorar?");
      expect(header[header.length - 1]).toBe("Comentario");
      expect(lines[1]).toBe(
        "2025-03-01 00:10;Presencial;;Oficina Central Coquimbo;;;;default;1;7;Sí;7;;;;;Muy amables",
      );
      // The 23:30 row (31 March, Santiago), with its formula-looking comment neutralised.
      expect(lines[6]).toMatch(/^2025-03-31 23:30;.*;'=cmd\|' \/C calc'!A0$/);
      expect(lines.find((l) => l.includes("La espera"))).toMatch(/;"La espera, La atención";/);
      expect(text).not.toContain("De otra institución");
      const audit = await db.auditLog.findFirstOrThrow({ where: { action: "surveys.export" }, orderBy: { createdAt: "desc" } });
      expect(audit.data).toMatchObject({ format: "csv", rows: 13 });
    });

    it("XLSX: the same rows, dates as dates", async () => {
      const res = await call(xlsxLoader, await requestAs("oirs", "/satisfaccion/exportar.xlsx?from=2025-03-01&to=2025-04-30&officeId=" + ids.offices.CENTRAL, "en"));
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe("Responses");
      expect(sheet.rowCount).toBe(1 + 6);
      expect(sheet.getRow(1).getCell(1).value).toBe("Date");
      expect(sheet.getRow(2).getCell(1).value).toEqual(new Date("2025-03-01T00:10:00Z"));
      expect(sheet.getRow(2).getCell(2).value).toBe("In person");
    });

    it("is refused to an area official", async () => {
      await expect(call(csvLoader, await requestAs("area", "/satisfaccion/exportar.csv"))).rejects.toMatchObject({ status: 403 });
    });
  });
});
