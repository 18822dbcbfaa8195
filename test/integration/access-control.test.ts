// Access control, generated from the route list: every file of app/routes (what remix.config.js
// does not ignore) must have a rule in access-rules.ts — a route without one, or a rule without its
// file, fails here by name — and every (route × method × principal) of the table runs against a real
// database, calling the module's loader (GET) or action (POST) in-process with a Request as Remix
// would, thrown Responses included. No combination may answer 5xx. Then the staff sessions: a new
// id at sign-in (no fixation), sign-out ends the session on the server, an expired session is refused.
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { createSession, getSessionUser, hashToken, sessionCookie } from "~/domain/auth/session.server";
import { storeFile } from "~/domain/cases/file-store.server";
import { enrolKiosk } from "~/domain/kiosk/kiosks.server";
import { createInvitation } from "~/domain/surveys/invitations.server";
import { hashToken as hashApiToken } from "~/domain/api/tokens.server";
import * as casesApi from "~/routes/api.v1.cases";
import * as cuentaRoute from "~/routes/cuenta";
import * as inboxRoute from "~/routes/gestion._index";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import remixConfig from "../../remix.config.js";
import { seedDemo } from "../../prisma/seed";
import {
  ACCESS_RULES,
  API_SCOPES,
  BASE_PRINCIPALS,
  TOKEN_PRINCIPALS,
  type ApiScope,
  type CallContext,
  type Expectation,
  type Fixtures,
  type Method,
  type Principal,
  type RouteRule,
} from "./access-rules";

// Attachments and evidence files go to a folder of this test file's own.
const filesRoot = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/oirs-access-control-${process.pid}-${Date.now()}`;
  process.env.FILES_DIR = dir;
  return dir;
});

const BASE = "http://localhost";
const PASSWORD = "acl-password-2026";
const ROUTES_DIR = path.resolve("app/routes");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

// ---------------------------------------------------------------------------------------------
// The route list, as Remix's classic compiler sees it

/** Glob → RegExp for remix.config.js's ignoredRouteFiles (`**`, `*`, `?`, `{a,b}`). */
function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      out += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") out += "(?:";
    else if (c === "}") out += ")";
    else if (c === ",") out += "|";
    else out += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

const ROUTE_EXTENSIONS = new Set([".js", ".jsx", ".ts", ".tsx", ".md", ".mdx"]);
const ignored = ((remixConfig as { ignoredRouteFiles?: string[] }).ignoredRouteFiles ?? []).map(globToRegExp);
const isIgnored = (relative: string) => ignored.some((re) => re.test(relative));

/** Route modules relative to app/routes: flat files, and `<folder>/route.*` (Remix v2 flat routes). */
function listRouteFiles(): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (isIgnored(entry.name)) continue;
    if (entry.isDirectory()) {
      const inner = fs
        .readdirSync(path.join(ROUTES_DIR, entry.name))
        .find((f) => /^(route|index)\.[^.]+$/.test(f) && ROUTE_EXTENSIONS.has(path.extname(f)) && !isIgnored(`${entry.name}/${f}`));
      if (inner) files.push(`${entry.name}/${inner}`);
    } else if (ROUTE_EXTENSIONS.has(path.extname(entry.name))) {
      files.push(entry.name);
    }
  }
  return files.sort();
}

const ROUTE_FILES = listRouteFiles();
const RULE_FILES = Object.keys(ACCESS_RULES).sort();
const METHODS: Method[] = ["loader", "action"];

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;
type RouteModule = { loader?: Handler; action?: Handler };
const modules = new Map<string, Promise<RouteModule>>();
const importRoute = (file: string) => {
  if (!modules.has(file)) modules.set(file, import(/* @vite-ignore */ path.join(ROUTES_DIR, file)) as Promise<RouteModule>);
  return modules.get(file)!;
};

// ---------------------------------------------------------------------------------------------
// Fixtures and credentials

let fixtures: Fixtures;
const staffCookies = new Map<Principal, string>();
const staffUserIds = new Map<Principal, string>();
let kioskCredential: string;
const tokens = { all: "oirs_acl_all_0123456789abcdef", none: "oirs_acl_none_0123456789abcdef" };
const onlyScope = (scope: ApiScope) => `oirs_acl_only_${scope.replace(":", "_")}_0123456789abcdef`;
const allButScope = (scope: ApiScope) => `oirs_acl_allbut_${scope.replace(":", "_")}_0123456789abcdef`;

let ipCounter = 0;
function nextIp(): string {
  ipCounter += 1;
  return `10.77.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

async function cookieOf(principal: Principal, fresh: boolean): Promise<string | undefined> {
  const userId = staffUserIds.get(principal);
  if (!userId) return undefined;
  if (fresh) return cookiePair((await createSession({ userId })).setCookie);
  return staffCookies.get(principal);
}

/** The raw API token a token principal presents for this rule and method. */
function tokenOf(rule: RouteRule, method: Method, principal: Principal): string | null {
  const scope = rule.scope?.[method];
  if (principal === "tokenScoped") return scope ? onlyScope(scope) : tokens.all;
  if (principal === "tokenUnscoped") return scope ? allButScope(scope) : tokens.none;
  return null;
}

const EMPTY_FORM = { contentType: "application/x-www-form-urlencoded", text: "" };

async function buildRequest(rule: RouteRule, method: Method, principal: Principal, refused: boolean): Promise<{ request: Request; address: string }> {
  const c: CallContext = { f: fixtures, principal, method };
  const url = new URL(rule.path(fixtures), BASE);
  for (const [k, v] of Object.entries(rule.query?.(c) ?? {})) url.searchParams.set(k, v);
  const headers = new Headers({ "Accept-Language": "es", "x-oirs-remote-address": nextIp() });
  const cookie = await cookieOf(principal, rule.freshSession === true);
  if (cookie) headers.set("Cookie", cookie);
  const token = tokenOf(rule, method, principal);
  if (token && rule.tokenVia === "api_key") url.searchParams.set("api_key", token);
  else if (token) headers.set("Authorization", `Bearer ${token}`);
  if (principal === "kiosk") headers.set("Authorization", `Bearer ${kioskCredential}`);
  const address = url.pathname + url.search;
  if (method === "loader") return { request: new Request(url, { headers }), address };
  const body = (refused && !rule.credentialInBody ? undefined : rule.body?.(c)) ?? EMPTY_FORM;
  headers.set("Content-Type", body.contentType);
  return { request: new Request(url, { method: "POST", headers, body: body.text }), address };
}

/** Calls a loader or action as Remix would: a thrown Response is the answer; any other value is a 200. */
async function invoke(handler: Handler, request: Request, params: Record<string, string>): Promise<Response> {
  try {
    const result = await handler({ request, params, context: {} });
    return result instanceof Response ? result : new Response(JSON.stringify(result ?? null), { status: 200 });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** The outcome a response stands for (see access-rules.ts), or "status <n>" for anything else. */
function classify(method: Method, response: Response, address: string): string {
  const status = response.status;
  if (status >= 300 && status < 400) {
    const location = new URL(response.headers.get("Location") ?? "/", BASE);
    if (location.pathname !== "/login" || !location.searchParams.has("redirectTo")) return "allow";
    const back = location.searchParams.get("redirectTo");
    return back === address ? "login" : `login with redirectTo=${back} (expected ${address})`;
  }
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "notfound";
  if (status === 405) return "method";
  if (status < 300) return "allow";
  if (status < 500 && method === "action") return "allow"; // the empty form's own 400/409/415/422/429
  return `status ${status}`;
}

const accepts = (expected: Expectation, outcome: string) => (typeof expected === "string" ? [expected] : expected).includes(outcome as never);

// ---------------------------------------------------------------------------------------------
// The table's combinations, generated from the route list and the rules

type Combination = { file: string; method: Method; principal: Principal; expected: Expectation; label: string };
const combinations: Combination[] = [];
for (const file of ROUTE_FILES) {
  const rule = ACCESS_RULES[file];
  if (!rule) continue;
  for (const method of METHODS) {
    const expectations = rule[method];
    if (!expectations) continue;
    for (const [principal, expected] of Object.entries(expectations) as Array<[Principal, Expectation]>) {
      const label = typeof expected === "string" ? expected : expected.join("|");
      combinations.push({ file, method, principal, expected, label });
    }
  }
}

beforeAll(async () => {
  const now = new Date();
  const seeded = await seedDemo(db, { password: PASSWORD, apiToken: tokens.all, now });
  const institutionId = seeded.institutionId;

  // Staff: the seed's four, plus an area official of another area (area B).
  const byEmail = async (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, areaId: true } });
  const admin = await byEmail("admin@oirs.example");
  const officer = await byEmail("oirs@oirs.example");
  const areaA = await byEmail("area@oirs.example");
  const committee = await byEmail("comite@oirs.example");
  const areaBArea = await db.area.findFirstOrThrow({ where: { institutionId, code: "TI" } });
  expect(areaBArea.id).not.toBe(areaA.areaId);
  const areaB = await db.user.create({
    data: { institutionId, email: "area-b@oirs.example", name: "Funcionaria Área B", role: "AREA_OFFICIAL", passwordHash: "x", areaId: areaBArea.id },
    select: { id: true, areaId: true },
  });
  const staff: Array<[Principal, string]> = [
    ["admin", admin.id],
    ["officer", officer.id],
    ["areaA", areaA.id],
    ["areaB", areaB.id],
    ["committee", committee.id],
  ];
  for (const [principal, userId] of staff) {
    staffUserIds.set(principal, userId);
    staffCookies.set(principal, cookiePair((await createSession({ userId })).setCookie));
  }

  // API tokens: every scope (the seed's), none, and for each scope "only it" and "all but it".
  const token = (name: string, raw: string, scopes: string[]) =>
    db.apiToken.create({ data: { institutionId, name, prefix: raw.slice(0, 12), tokenHash: hashApiToken(raw), scopes } });
  await token("acl sin permisos", tokens.none, []);
  for (const scope of API_SCOPES) {
    await token(`acl solo ${scope}`, onlyScope(scope), [scope]);
    await token(`acl todo menos ${scope}`, allButScope(scope), API_SCOPES.filter((s) => s !== scope));
  }

  // A case of area A, filed through the API (so it has a real folio and access code), with a file.
  const filed = await casesApi.action({
    request: new Request(`${BASE}/api/v1/cases`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.all}`, "Content-Type": "application/json", "x-oirs-remote-address": nextIp() },
      body: JSON.stringify({
        kind: "RECLAMO",
        subject: "Atención en oficina",
        description: "Esperé dos horas y nadie me atendió en la oficina.",
        citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl" },
        replyChannel: "EMAIL",
      }),
    }),
    params: {},
    context: {},
  });
  expect(filed.status).toBe(201);
  const { folio, accessCode } = (await filed.json()) as { folio: string; accessCode: string };
  const caseRow = await db.case.update({ where: { folio }, data: { areaId: areaA.areaId }, select: { id: true, officeId: true, tramiteId: true } });
  const stored = await storeFile(new Uint8Array(PDF));
  const attachment = await db.attachment.create({
    data: { caseId: caseRow.id, fileName: "carta.pdf", mimeType: "application/pdf", size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey },
  });
  const invitation = await db.$transaction((tx) =>
    createInvitation(tx, {
      institutionId,
      caseId: caseRow.id,
      channel: "WEB",
      caseKind: "RECLAMO",
      officeId: caseRow.officeId,
      areaId: areaA.areaId,
      tramiteId: caseRow.tramiteId,
      officialId: officer.id,
      now,
    }),
  );
  if (!invitation) throw new Error("no default survey template");

  const enrolled = await enrolKiosk({ code: seeded.kioskCode });
  if (enrolled.kind !== "enrolled") throw new Error(`kiosk enrolment: ${enrolled.kind}`);
  kioskCredential = enrolled.credential;

  const activity = await db.planActivity.findFirstOrThrow({ where: { plan: { institutionId } }, orderBy: { number: "asc" } });
  const evidenceFile = await storeFile(new Uint8Array(PDF));
  const evidence = await db.evidence.create({
    data: {
      activityId: activity.id,
      description: "Acta de la reunión",
      format: "PDF",
      fileName: "acta.pdf",
      mimeType: "application/pdf",
      size: evidenceFile.size,
      storageKey: evidenceFile.storageKey,
    },
  });
  const posterCode = seeded.posterCodes[0]!;
  const first = { where: { institutionId }, select: { id: true } } as const;

  fixtures = {
    caseA: { id: caseRow.id, folio, accessCode },
    attachmentA: attachment.id,
    invitationToken: invitation.token,
    posterCode,
    posterId: (await db.surveyPoster.findFirstOrThrow({ where: { institutionId, code: posterCode } })).id,
    areaId: areaA.areaId!,
    officeId: (await db.office.findFirstOrThrow(first)).id,
    holidayId: (await db.holiday.findFirstOrThrow(first)).id,
    surveyTemplateId: (await db.surveyTemplate.findFirstOrThrow(first)).id,
    replyTemplateId: (await db.replyTemplate.findFirstOrThrow(first)).id,
    routingRuleId: (await db.routingRule.findFirstOrThrow(first)).id,
    tramiteId: (await db.tramite.findFirstOrThrow(first)).id,
    userId: committee.id,
    activityId: activity.id,
    indicatorId: (await db.indicator.findFirstOrThrow({ where: { plan: { institutionId } } })).id,
    evidenceId: evidence.id,
  };
});

afterAll(() => {
  fs.rmSync(filesRoot, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe("the access-control table covers every route", () => {
  it("finds the route files", () => {
    expect(ROUTE_FILES.length).toBeGreaterThan(50);
    expect(ROUTE_FILES).toContain("gestion.casos.$id.tsx");
  });

  it("has a rule for every route file in app/routes", () => {
    const missing = ROUTE_FILES.filter((f) => !ACCESS_RULES[f]);
    expect(missing, `route files without a rule in test/integration/access-rules.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("has no rule for a route file that does not exist", () => {
    const stale = RULE_FILES.filter((f) => !ROUTE_FILES.includes(f));
    expect(stale, `rules in test/integration/access-rules.ts for files not in app/routes: ${stale.join(", ")}`).toEqual([]);
  });

  it.each(ROUTE_FILES.filter((f) => ACCESS_RULES[f]))("%s: the rule covers exactly the module's loader and action, for every principal it must", async (file) => {
    const rule = ACCESS_RULES[file]!;
    const mod = await importRoute(file);
    for (const method of METHODS) {
      const exported = typeof mod[method] === "function";
      expect(Boolean(rule[method]), `${file}: the module ${exported ? "exports" : "does not export"} ${method}, the rule ${rule[method] ? "has" : "has no"} ${method}`).toBe(exported);
      const expectations = rule[method];
      if (!expectations) continue;
      const required: Principal[] = [...BASE_PRINCIPALS, ...(file.startsWith("api.") ? TOKEN_PRINCIPALS : [])];
      const absent = required.filter((p) => !(p in expectations));
      expect(absent, `${file} ${method}: no expectation for ${absent.join(", ")}`).toEqual([]);
    }
  });
});

describe("who may do what", () => {
  it.each(combinations.map((c) => [`${c.file} ${c.method} as ${c.principal} → ${c.label}`, c] as const))("%s", async (_name, { file, method, principal, expected }) => {
    const rule = ACCESS_RULES[file]!;
    const handler = (await importRoute(file))[method];
    if (typeof handler !== "function") throw new Error(`${file} has no ${method}`);
    const refused = !accepts(expected, "allow");
    const { request, address } = await buildRequest(rule, method, principal, refused);
    let response: Response;
    try {
      response = await invoke(handler, request, rule.params?.(fixtures) ?? {});
    } catch (error) {
      throw new Error(`${method} of ${file} as ${principal} threw (a 500 in Remix): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    // Read the whole body: a streamed export must finish without failing.
    const body = await response.text();
    expect(response.status, `${method} of ${file} as ${principal} answered ${response.status}: ${body.slice(0, 300)}`).toBeLessThan(500);
    const outcome = classify(method, response, address);
    expect(accepts(expected, outcome), `${method} of ${file} as ${principal}: expected ${String(expected)}, got ${outcome} (HTTP ${response.status}) ${body.slice(0, 200)}`).toBe(true);
  });
});

describe("after the table", () => {
  it("the allowed case-page posts really acted, and the refused ones wrote nothing", async () => {
    const notes = await db.caseEvent.findMany({
      where: { caseId: fixtures.caseA.id, type: "NOTE", message: "Nota de la prueba de control de acceso." },
      select: { actorId: true },
    });
    const allowed = ["areaA", "officer", "admin"].map((p) => staffUserIds.get(p as Principal));
    expect(notes.map((n) => n.actorId).sort()).toEqual(allowed.sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Sessions

describe("staff sessions", () => {
  const get = (route: { loader: Handler }, address: string, cookie?: string) =>
    invoke(route.loader, new Request(`${BASE}${address}`, { headers: cookie ? { Cookie: cookie } : {} }), {});

  async function signIn(cookie?: string) {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", "x-oirs-remote-address": nextIp() };
    if (cookie) headers.Cookie = cookie;
    const body = new URLSearchParams({ email: "oirs@oirs.example", password: PASSWORD, redirectTo: "/gestion" }).toString();
    const response = await invoke(loginRoute.action as Handler, new Request(`${BASE}/login`, { method: "POST", headers, body }), {});
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("Set-Cookie");
    expect(setCookie).toMatch(/^oirs_session=/);
    return { cookie: cookiePair(setCookie!), token: (await sessionCookie.parse(setCookie)) as string };
  }

  it("issues a new session id at sign-in: a cookie set before signing in is not the one after", async () => {
    // A cookie an attacker planted (well signed, with a token of their choosing)…
    const planted = "attacker-chosen-session-token-000000000000";
    const plantedCookie = cookiePair(await sessionCookie.serialize(planted));
    const first = await signIn(plantedCookie);
    expect(first.token).not.toBe(planted);
    expect(await getSessionUser(new Request(BASE, { headers: { Cookie: plantedCookie } }))).toBeNull();
    expect((await getSessionUser(new Request(BASE, { headers: { Cookie: first.cookie } })))?.email).toBe("oirs@oirs.example");
    // …and a live session sent along with a new sign-in is not reused either.
    const second = await signIn(first.cookie);
    expect(second.token).not.toBe(first.token);
    expect(await db.session.count({ where: { tokenHash: { in: [hashToken(planted)] } } })).toBe(0);
  });

  it("ends the session on the server at sign-out: the old cookie no longer authenticates", async () => {
    const { cookie, token } = await signIn();
    expect((await get(cuentaRoute as { loader: Handler }, "/cuenta", cookie)).status).toBe(200);

    const response = await invoke(logoutRoute.action as Handler, new Request(`${BASE}/logout`, { method: "POST", headers: { Cookie: cookie } }), {});
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?signedOut=1");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    const row = await db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.revokedAt).not.toBeNull();

    // The browser may keep sending the old cookie: it is worth nothing now.
    for (const [route, address] of [
      [cuentaRoute, "/cuenta"],
      [inboxRoute, "/gestion"],
    ] as const) {
      const again = await get(route as { loader: Handler }, address, cookie);
      expect(again.status).toBe(302);
      expect(again.headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: address })}`);
    }
  });

  it("refuses an expired session", async () => {
    const userId = staffUserIds.get("officer")!;
    const { setCookie, token } = await createSession({ userId });
    const cookie = cookiePair(setCookie);
    expect((await get(inboxRoute as { loader: Handler }, "/gestion", cookie)).status).toBe(200);
    await db.session.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await get(inboxRoute as { loader: Handler }, "/gestion", cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fgestion");
    expect(await getSessionUser(new Request(BASE, { headers: { Cookie: cookie } }))).toBeNull();
  });
});
