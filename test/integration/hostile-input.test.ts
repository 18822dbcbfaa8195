// Hostile input, property-based (fast-check): every public POST route and every public JSON API
// endpoint gets random and hostile values — huge strings, wrong types, control characters, lone
// surrogates and invalid UTF-8, HTML and script, SQL fragments, path traversal in file names,
// lying content types, oversized bodies, garbage credentials and keys. Properties, for every
// request: the answer is a success or a 4xx, never a 5xx; a 4xx carries a message a person can
// read (the JSON APIs' documented error shapes; on the HTML forms an error summary of known
// message keys, or a status the error page explains); a refused request leaves no row behind
// (Case, CaseEvent, Attachment, SurveyResponse, Outbox, IdempotencyKey, used invitations) and no
// file in FILES_DIR; an accepted one adds exactly what it should (a case with its two events, its
// attachments and at most one receipt email; one survey response).
//
// Reproduce a failure: fast-check prints `{ seed: …, path: "…" }`; run
//   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/integration/hostile-input.test.ts -t "<property name>"
// FC_RUNS=<n> changes the number of runs of every property.
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import fc from "fast-check";
import { vi } from "vitest";
import { errorMessageKey } from "~/components/forms";
import { db, rawSql } from "~/db/client.server";
import { createSession } from "~/domain/auth/session.server";
import { offerRating, requestInfo } from "~/domain/cases/actions.server";
import { createCase } from "~/domain/cases/create-case.server";
import { filesDir } from "~/domain/cases/file-store.server";
import { clearIntakeContext } from "~/domain/cases/intake-context.server";
import { NewCaseSchema } from "~/domain/cases/schemas";
import { enrolKiosk } from "~/domain/kiosk/kiosks.server";
import { createInvitation } from "~/domain/surveys/invitations.server";
import { clearSurveyCaches } from "~/domain/surveys/targets.server";
import * as entryServer from "~/entry.server";
import { resources } from "~/i18n/resources";
import * as rootRoute from "~/root";
import * as open311Request from "~/routes/api.open311.v2.requests.$id[.]json";
import * as open311Requests from "~/routes/api.open311.v2.requests[.]json";
import * as apiCases from "~/routes/api.v1.cases";
import * as apiCase from "~/routes/api.v1.cases.$folio";
import * as apiAssign from "~/routes/api.v1.cases.$folio.assign";
import * as apiClose from "~/routes/api.v1.cases.$folio.close";
import * as apiNotes from "~/routes/api.v1.cases.$folio.notes";
import * as apiReply from "~/routes/api.v1.cases.$folio.reply";
import * as apiIndicators from "~/routes/api.v1.indicators.satisfaction";
import * as apiSurveyResponses from "~/routes/api.v1.survey-responses";
import * as posterPage from "~/routes/e.$code";
import * as invitationPage from "~/routes/encuesta.$token";
import * as casePage from "~/routes/gestion.casos.$id";
import * as languageRoute from "~/routes/idioma";
import * as intakeRoute from "~/routes/ingresar.$tipo";
import * as kioskActivate from "~/routes/kiosco.activar";
import * as kioskCode from "~/routes/kiosco.codigo";
import * as kioskHeartbeat from "~/routes/kiosco.pulso";
import * as kioskRequest from "~/routes/kiosco.solicitud";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as trackingRoute from "~/routes/seguimiento";
import { seedDemo } from "../../prisma/seed";

// Attachments go to a folder of this file's own, so counting files is not disturbed by other runs.
const FILES_DIR = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/oirs-hostile-files-${process.pid}-${Date.now().toString(36)}`;
  process.env.FILES_DIR = dir;
  return dir;
});

const BASE = "http://localhost";
const POSTER = "CENTRAL-2026";
const KIOSK_CODE = "KIOSCO-HOSTIL";

// ---------------------------------------------------------------------------------------------
// fast-check settings: moderate runs, reproducible with FC_SEED / FC_PATH / FC_RUNS
// ---------------------------------------------------------------------------------------------

const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
// More runs need more time than the integration project's 60 s per test.
vi.setConfig({ testTimeout: Math.max(60_000, (RUNS ?? 0) * 1_000) });

function runs<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  return {
    numRuns: RUNS ?? numRuns,
    ...(seed !== undefined ? { seed } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
    reporter: shortReport,
  };
}

/**
 * fast-check's report (seed, path, counterexample) with long repetitions folded: a counterexample
 * holding "a".repeat(1e6) would otherwise print a megabyte.
 */
function shortReport<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const message = (fc.defaultReportMessage(details) ?? "property failed")
    .replace(/(.{1,8}?)\1{30,}/gs, (run: string, unit: string) => `${unit.repeat(3)}…[${unit} ×${Math.round(run.length / unit.length)}]`)
    .slice(0, 20_000);
  throw new Error(message, { cause: details.errorInstance });
}

// ---------------------------------------------------------------------------------------------
// Calling routes in-process, as Remix does
// ---------------------------------------------------------------------------------------------

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>;

/** Runs a loader or action; a thrown Response is its answer, anything else thrown is Remix's 500. */
async function call(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return await (handler as Handler)({ request, params, context: {} });
  } catch (error) {
    if (error instanceof Response) return error;
    return new Response(`thrown: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { status: 500 });
  }
}

let ipCounter = 0;
/** A fresh client address per request, so per-address limits do not mask deeper checks. */
function nextIp() {
  ipCounter += 1;
  return `10.${50 + Math.floor(ipCounter / 62_500)}.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

type Body = string | Uint8Array | FormData | URLSearchParams | null;

/**
 * A value as a URL path segment. A URL cannot carry a lone surrogate: it arrives as U+FFFD, which
 * is also what the route's params then hold (`decoded`).
 */
function segment(value: string): { encoded: string; decoded: string } {
  const decoded = Buffer.from(value, "utf8").toString("utf8");
  return { encoded: encodeURIComponent(decoded), decoded };
}

function request(url: string, options: { method?: string; headers?: Record<string, string | undefined>; body?: Body } = {}): Request {
  const headers = new Headers({ "x-oirs-remote-address": nextIp() });
  for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers.set(k, v);
  return new Request(`${BASE}${url}`, { method: options.method ?? "POST", headers, body: (options.body ?? null) as BodyInit | null });
}

// ---------------------------------------------------------------------------------------------
// Rows and files: nothing left behind by a refusal, exactly the right rows for a success
// ---------------------------------------------------------------------------------------------

type Snapshot = { cases: number; events: number; attachments: number; responses: number; outbox: number; keys: number; invitationsUsed: number; files: number };

function countFiles(dir = FILES_DIR): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function snapshot(): Promise<Snapshot> {
  const [row] = await rawSql().query<Omit<Snapshot, "files">>(
    `SELECT (SELECT count(*) FROM "Case")::int AS "cases",
            (SELECT count(*) FROM "CaseEvent")::int AS "events",
            (SELECT count(*) FROM "Attachment")::int AS "attachments",
            (SELECT count(*) FROM "SurveyResponse")::int AS "responses",
            (SELECT count(*) FROM "Outbox")::int AS "outbox",
            (SELECT count(*) FROM "IdempotencyKey")::int AS "keys",
            (SELECT count(*) FROM "SurveyInvitation" WHERE "usedAt" IS NOT NULL)::int AS "invitationsUsed"`,
  );
  const r = row!;
  return {
    cases: Number(r.cases),
    events: Number(r.events),
    attachments: Number(r.attachments),
    responses: Number(r.responses),
    outbox: Number(r.outbox),
    keys: Number(r.keys),
    invitationsUsed: Number(r.invitationsUsed),
    files: countFiles(),
  };
}

function delta(before: Snapshot, after: Snapshot): Snapshot {
  return Object.fromEntries(Object.keys(before).map((k) => [k, after[k as keyof Snapshot] - before[k as keyof Snapshot]])) as Snapshot;
}

const NOTHING: Snapshot = { cases: 0, events: 0, attachments: 0, responses: 0, outbox: 0, keys: 0, invitationsUsed: 0, files: 0 };

/** What an accepted request of a target may create. */
type Creates = "case" | "response" | "nothing";

async function checkRows(label: string, creates: Creates, before: Snapshot, res: Response, options: { keyed?: boolean } = {}) {
  const d = delta(before, await snapshot());
  if (res.status >= 400) {
    expect(d, `${label}: a refused request (${res.status}) left rows or files behind`).toEqual(NOTHING);
    return;
  }
  if (creates === "nothing" || (d.cases === 0 && d.responses === 0)) {
    // A replay, a honeypot, a redirect, or a target that stores nothing of these.
    expect(d, `${label}: an answer that created nothing changed rows`).toEqual(NOTHING);
    return;
  }
  if (creates === "case") {
    expect(d.cases, label).toBe(1);
    const [kase] = await rawSql().query<{ id: string; citizenEmail: string | null }>(`SELECT "id", "citizenEmail" FROM "Case" ORDER BY "createdAt" DESC, "folio" DESC LIMIT 1`);
    const [own] = await rawSql().query<{ events: number; attachments: number; outbox: number }>(
      `SELECT (SELECT count(*) FROM "CaseEvent" WHERE "caseId" = $1::uuid)::int AS "events",
              (SELECT count(*) FROM "Attachment" WHERE "caseId" = $1::uuid)::int AS "attachments",
              (SELECT count(*) FROM "Outbox" WHERE "dedupeKey" = 'case-received:' || $1)::int AS "outbox"`,
      [kase!.id],
    );
    // Exactly its RECEIVED and ROUTED events, its attachments (one file each), at most one receipt email.
    expect(Number(own!.events), label).toBe(2);
    expect(d.events, label).toBe(2);
    expect(d.attachments, label).toBe(Number(own!.attachments));
    expect(d.files, label).toBe(d.attachments);
    expect(Number(own!.outbox), label).toBe(kase!.citizenEmail ? 1 : 0);
    expect(d.outbox, label).toBe(Number(own!.outbox));
    expect(d.responses, label).toBe(0);
    expect(d.invitationsUsed, label).toBe(0);
    expect(d.keys, label).toBe(options.keyed ? 1 : 0);
    return;
  }
  // One survey response; its invitation (if any) marked used; at most one idempotency row.
  expect(d.responses, label).toBe(1);
  expect(d.invitationsUsed, label).toBeLessThanOrEqual(1);
  expect(d.keys, label).toBeLessThanOrEqual(1);
  expect({ ...d, responses: 0, invitationsUsed: 0, keys: 0 }, label).toEqual(NOTHING);
}

// ---------------------------------------------------------------------------------------------
// Messages: a 4xx says what is wrong, in words
// ---------------------------------------------------------------------------------------------

/** Whether an i18n message ("ns:key.path|{params}", or a common key) exists in both languages. */
function messageExists(message: string): boolean {
  const rawKey = message.split("|")[0]!;
  const [ns, key] = rawKey.includes(":") ? (rawKey.split(/:(.*)/s, 2) as [string, string]) : ["common", rawKey];
  return (["es", "en"] as const).every((lng) => {
    let node: unknown = (resources[lng] as Record<string, unknown>)[ns];
    for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    return typeof node === "string" && node.length > 0;
  });
}

/** A sentence, not a code or a key: has a space and a letter. */
function isSentence(text: unknown): boolean {
  return typeof text === "string" && /\s/.test(text.trim()) && /\p{L}/u.test(text) && !/^[\w-]+:[\w.]+$/.test(text);
}

/** Statuses the root error page explains in words (app/root.tsx ErrorMessage). */
const ERROR_PAGE_STATUSES = new Set([400, 403, 404, 405, 413, 429, 503]);

type Style = "v1" | "open311" | "kiosk" | "form";

async function checkAnswer(label: string, style: Style, res: Response): Promise<unknown> {
  const text = await res.text();
  expect(res.status, `${label}: ${res.status} ${text.slice(0, 2000)}`).toBeLessThan(500);
  if (res.status < 400) return parse(text);
  const body = parse(text);
  if (style === "v1" || style === "kiosk") {
    expect(res.headers.get("Content-Type") ?? "", label).toMatch(/^application\/json/);
    const b = body as { error?: unknown; message?: unknown; errors?: Record<string, unknown>; code?: unknown; fields?: Record<string, unknown> };
    if (style === "kiosk" && b.code === "validation_failed" && b.fields) {
      // The totem's own shape: field → kiosk message key, which the totem shows in its language.
      const keys = Object.values(b.fields);
      expect(keys.length, label).toBeGreaterThan(0);
      for (const key of keys) expect(messageExists(`kiosk:${String(key)}`), `${label}: kiosk:${String(key)}`).toBe(true);
      return body;
    }
    if (b.errors) {
      const messages = Object.values(b.errors).flat();
      expect(messages.length, label).toBeGreaterThan(0);
      for (const m of messages) expect(isSentence(m), `${label}: ${JSON.stringify(m)}`).toBe(true);
    } else {
      expect(typeof b.error, `${label}: ${text.slice(0, 500)}`).toBe("string");
      expect(isSentence(b.message), `${label}: ${text.slice(0, 500)}`).toBe(true);
    }
    return body;
  }
  if (style === "open311") {
    const list = body as Array<{ code: unknown; description: unknown }>;
    expect(Array.isArray(list) && list.length > 0, `${label}: ${text.slice(0, 500)}`).toBe(true);
    for (const item of list) {
      expect(item.code, label).toBe(res.status);
      expect(isSentence(item.description), `${label}: ${JSON.stringify(item)}`).toBe(true);
    }
    return body;
  }
  // HTML forms: the action data the page renders (its error summary), or a thrown Response that
  // the root error page turns into a sentence by status.
  if (body === undefined || typeof body !== "object" || body === null) {
    expect(ERROR_PAGE_STATUSES.has(res.status), `${label}: ${res.status} ${text.slice(0, 300)}`).toBe(true);
    return body;
  }
  const messages = formMessages(body as Record<string, unknown>);
  expect(messages.length, `${label}: no message in ${text.slice(0, 500)}`).toBeGreaterThan(0);
  // What the page shows for each (app/components/forms.tsx): a key of the locale files.
  for (const m of messages) expect(messageExists(errorMessageKey(m).key), `${label}: unknown message ${m}`).toBe(true);
  return body;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message keys a form's action data carries (Conform's reply, the survey page's data, the kiosk activation). */
function formMessages(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const collect = (errors: unknown) => {
    if (errors && typeof errors === "object") for (const list of Object.values(errors)) if (Array.isArray(list)) out.push(...list.map(String));
  };
  collect(body.error); // Conform: { status: "error", error: { field: [keys] } }
  collect(body.errors); // survey pages
  if (typeof body.error === "string") out.push(body.error === "limited" ? "kiosk:activate.limited" : `kiosk:activate.${body.error}`);
  const page = body.page as { state?: string } | undefined;
  if (page?.state && page.state !== "open") out.push(`surveys:state.${page.state === "not_found" ? "notFound" : page.state}.title`);
  if (typeof body.limitedSeconds === "number") out.push("surveys:state.limited");
  // The tracking page's lookup: { result: "missing" | "notFound" | "limited" }.
  if (typeof body.result === "string" && !["found", "empty"].includes(body.result)) out.push(`cases:tracking.${body.result}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>";
const SHORT_HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(2)>",
  '"><svg onload=alert(3)>',
  "javascript:alert(4)",
  "' OR 1=1 --",
  "'; DROP TABLE \"Case\"; --",
  "1); SELECT pg_sleep(5); --",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\uDBFF\uDBFF",
  "%00",
  "%ZZ%",
  "../../",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "/etc/passwd\u0000.png",
  "\r\nSet-Cookie: x=1",
  "\u0007\u001b[31m\u007f",
  "${7*7}{{7*7}}<%= 7*7 %>",
  "__proto__",
  "constructor",
  "\u202Egnp.exe",
  "\uFEFF\u200B\u2028\u2029",
  "😀👨‍👩‍👧",
  "ñandú Ñuñoa",
  " ",
  "",
  "null",
  "NaN",
  "-1",
  "1e309",
  "0x7fffffff",
];
const HUGE = ["a".repeat(1_000_000), "é".repeat(70_000), "<".repeat(5_000), "x".repeat(4_001), "\u0000".repeat(1_000)];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SHORT_HOSTILE) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SHORT_HOSTILE), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...SHORT_HOSTILE)).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((n) => "x".repeat(n)) },
);

/** Deeply nested arrays or objects, as a JSON text (≤ 64 KB so it gets past the size check). */
const deepJsonText = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean()).map(([depth, objects]) =>
  objects ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`,
);

/** Form field names: paths Conform expands into objects and arrays, prototype keys, junk. */
const hostileFieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "__proto__[polluted]", "__proto__.polluted", "constructor[prototype][polluted]", "a.b.c", "a[]", "a[-1]", "a[999999999]", "subject[0]", "subject.x", "[0]", ".", "__intent__"),
  fc.integer({ min: 10, max: 20_000 }).map((n) => `subject${"[0]".repeat(n)}`),
  fc.integer({ min: 10, max: 20_000 }).map((n) => `name${".a".repeat(n)}`),
  hostileString.filter((v) => v.length < 100),
);

/** Any JSON value, including hostile strings, big numbers and deep structures. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, [], {}, [null], { "": "" }, { __proto__: { polluted: true } }) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 2_000 }).map((depth) => JSON.parse(`${"[".repeat(depth)}"x"${"]".repeat(depth)}`) as unknown) },
  // Deeper than JSON.stringify itself can write: a placeholder that jsonText() expands.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 5_000, max: 25_000 }), fc.boolean()).map(([depth, objects]) => `__DEEP_${objects ? Math.min(depth, 10_000) : depth}_${objects ? "o" : "a"}__` as unknown) },
  { weight: 1, arbitrary: fc.dictionary(hostileString.filter((s) => s.length < 100), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }) },
);

/** A value as JSON text, with deep-nesting placeholders (see hostileJson) expanded. */
function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"__DEEP_(\d+)_([ao])__"/g, (_m, n: string, kind: string) =>
    kind === "o" ? `${'{"a":'.repeat(Number(n))}1${"}".repeat(Number(n))}` : `${"[".repeat(Number(n))}${"]".repeat(Number(n))}`,
  );
}

/** Bytes of a header value the fetch API accepts (tab, printable ASCII and Latin-1): what a client can send. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~\u0080\u00a0\u00e9\u00f1\u00ff"), maxLength: 300 }),
  fc.constantFrom("", " ", "null", "undefined", "x".repeat(250), "x".repeat(10_000), "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u00ff\u00fe"),
);

const contentTypes = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/vnd.oirs+json",
    "application/json; charset=latin1",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=zzz",
    "application/xml",
    "image/png",
    "",
  ),
  headerValue,
);

/** An optional Idempotency-Key: none, a good one, or garbage. */
const idempotencyKey = fc.oneof(fc.constant(undefined), fc.uuid(), headerValue);

/** Invalid UTF-8 sequences to splice into otherwise valid JSON. */
const BAD_UTF8 = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xc0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** A JSON text with invalid UTF-8 bytes spliced into its first string value. */
function withBadUtf8(json: string, badIndex: number): Uint8Array {
  const bytes = new TextEncoder().encode(json);
  const at = json.indexOf('":"') + 3;
  const cut = at > 2 ? new TextEncoder().encode(json.slice(0, at)).length : 1;
  return Buffer.concat([bytes.subarray(0, cut), Buffer.from(BAD_UTF8[badIndex % BAD_UTF8.length]!), bytes.subarray(cut)]);
}

/** Raw bodies: invalid UTF-8, random bytes, truncated or deep JSON, huge texts. */
function rawBodies(valid: () => unknown): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    fc.nat(BAD_UTF8.length - 1).map((i) => withBadUtf8(JSON.stringify(valid()), i)),
    fc.uint8Array({ maxLength: 2_000 }),
    deepJsonText,
    fc.nat(200).map((n) => JSON.stringify(valid()).slice(0, n)),
    fc.constantFrom("", "null", "[]", '"text"', "1", "{", '{"a":1}{"b":2}', "\uFEFF{}", "x".repeat(70 * 1024)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );
}

type Mutation = { path: string[]; value: unknown; remove: boolean };

/** Sets (or removes) a field at a path of a JSON object, creating objects on the way. */
function mutate(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const body = structuredClone(base);
  for (const { path: p, value, remove } of mutations) {
    let node: Record<string, unknown> = body;
    for (const part of p.slice(0, -1)) {
      if (!node[part] || typeof node[part] !== "object" || Array.isArray(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    const last = p[p.length - 1]!;
    if (remove) delete node[last];
    else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return body;
}

function mutations(paths: string[][]): fc.Arbitrary<Mutation[]> {
  const extra = hostileString.filter((s) => s.length > 0 && s.length < 60).map((k) => [k]);
  return fc.array(
    fc.record({ path: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...paths) }, { weight: 1, arbitrary: extra }), value: hostileJson, remove: fc.boolean() }),
    { minLength: 0, maxLength: 3 },
  );
}

// ---------------------------------------------------------------------------------------------
// Multipart bodies for the citizen form
// ---------------------------------------------------------------------------------------------

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n");
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const HTML = new TextEncoder().encode(`<!doctype html><html><body>${SCRIPT}</body></html>`);
const ATTACHMENT_MAX = 5 * 1024 * 1024;
let oversized: Uint8Array | undefined;
/** One byte over the attachment limit, with a valid PDF signature. */
const oversizedPdf = () => (oversized ??= Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX + 1 - PDF.length, 0x20)]));

const fileName = fc.oneof(
  fc.constantFrom(
    "foto.png",
    "carta.pdf",
    "../../etc/passwd",
    "..\\..\\windows\\system32\\drivers\\etc\\hosts",
    "/etc/shadow",
    "a\u0000.png",
    "evil.png\u0000.exe",
    `${"x".repeat(5_000)}.pdf`,
    `${SCRIPT}.png`,
    "CON",
    ".",
    "..",
    "...pdf",
    "\u202Egnp.exe",
    "foto.PNG.html",
    "C:\\fakepath\\foto.jpg",
  ),
  hostileString.filter((s) => s.length < 10_000),
);

const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(PNG, PDF, JPEG) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(PNG, PDF, JPEG), fc.uint8Array({ maxLength: 3_000 })).map(([head, tail]) => Buffer.concat([head, tail])) },
  { weight: 2, arbitrary: fc.constant(HTML) }, // a PNG name and type with HTML bytes
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 3_000 }) }, // a PDF content type with random bytes
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 1, arbitrary: fc.constant(null).map(() => oversizedPdf()) },
);

const declaredType = fc.constantFrom("image/png", "application/pdf", "image/jpeg", "text/html", "image/svg+xml", "application/x-msdownload", "application/octet-stream", "", "text/html; charset=utf-8");

const attachment = fc.record({ name: fileName, bytes: fileBytes, type: declaredType });

const INTAKE_FIELDS = ["subject", "description", "tramiteId", "officeId", "name", "rut", "email", "phone", "address", "commune", "region", "replyChannel", "gender", "ageRange", "anonymous", "website"];

function validIntakeFields(): Record<string, string> {
  return { subject: "Atención en oficina", description: "Esperé dos horas y no me atendieron.", name: "María Pérez", rut: "12.345.678-5", email: "maria@example.cl", replyChannel: "EMAIL" };
}

const intakeFieldValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom("EMAIL", "POSTAL", "PRESENCIAL", "on", "FEMENINO", "18_29", "00000000-0000-4000-8000-000000000000", "CL-CO") },
);

const intakeForm = fc.record({
  slug: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("reclamo", "consulta", "sugerencia", "felicitacion") }, { weight: 1, arbitrary: hostileString.filter((s) => s.length < 300) }, { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "RECLAMO", "reclamo/../consulta") }),
  changes: fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...INTAKE_FIELDS) }, { weight: 1, arbitrary: hostileFieldName }), intakeFieldValue, fc.boolean()), { maxLength: 4 }),
  duplicates: fc.array(fc.tuple(fc.constantFrom(...INTAKE_FIELDS), hostileString), { maxLength: 2 }),
  files: fc.array(attachment, { maxLength: 4 }),
  multipart: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// The demo institution, a kiosk, a case waiting for the citizen, invitations and counter codes
// ---------------------------------------------------------------------------------------------

let apiToken: string;
let kioskCredential: string;
let kioskId: string;
let officer: { id: string; institutionId: string; role: "OIRS_OFFICER"; areaId: string | null; name: string };
let waiting: { folio: string; accessCode: string };
let officerCookie: string;

async function newCase(overrides: Record<string, unknown> = {}) {
  return createCase({
    input: NewCaseSchema.parse({ kind: "RECLAMO", subject: "Caso de prueba", description: "Para encuestas.", name: "Rosa Tapia", email: "rosa@example.cl", replyChannel: "EMAIL", officeCode: "CENTRAL", ...overrides }),
    source: { channel: "WEB", actorLabel: "citizen" },
  });
}

/** A fresh, open survey invitation (as a reply would create) and its token. */
async function freshInvitation(): Promise<string> {
  const kase = await db.case.findFirstOrThrow({ where: { folio: waiting.folio } });
  const created = await db.$transaction((tx) =>
    createInvitation(tx, { institutionId: kase.institutionId, caseId: kase.id, channel: "WEB", caseKind: "RECLAMO", officeId: kase.officeId, areaId: kase.areaId, tramiteId: null, officialId: officer.id, now: new Date() }),
  );
  return created!.token;
}

beforeAll(async () => {
  expect(filesDir()).toBe(path.resolve(FILES_DIR));
  const seeded = await seedDemo(db, { password: "hostile-password-2026", posterCode: POSTER, kioskCode: KIOSK_CODE });
  apiToken = seeded.apiToken;
  const user = await db.user.findUniqueOrThrow({ where: { email: "oirs@oirs.example" } });
  officer = { id: user.id, institutionId: user.institutionId, role: "OIRS_OFFICER", areaId: user.areaId, name: user.name };
  officerCookie = (await createSession({ userId: user.id })).setCookie.split(";")[0]!;
  const enrolled = await enrolKiosk({ code: KIOSK_CODE });
  if (enrolled.kind !== "enrolled") throw new Error("kiosk enrolment failed");
  kioskCredential = enrolled.credential;
  kioskId = (await db.kiosk.findFirstOrThrow({ where: { enrolledAt: { not: null } } })).id;
  const created = await newCase();
  await requestInfo({ caseId: created.id, actor: officer, message: "Indique el número de recorrido." });
  waiting = { folio: created.folio, accessCode: created.accessCode };
  clearIntakeContext();
  clearSurveyCaches();
});

afterAll(() => {
  fs.rmSync(FILES_DIR, { recursive: true, force: true });
});

// Each test starts with every rate-limit budget unspent (the API token's is 600 a minute).
beforeEach(() => resetLimits());

/** Forgets every rate-limit counter, so a valid credential reaches the deeper checks on each run. */
async function resetLimits() {
  await rawSql().query(`DELETE FROM "rate_limits"`);
}

// ---------------------------------------------------------------------------------------------
// The citizen's intake form: multipart with attachments, or urlencoded
// ---------------------------------------------------------------------------------------------

describe("citizen intake form (POST /ingresar/:tipo)", () => {
  it("random fields and attachments: 2xx/3xx or 4xx with messages; refused filings leave nothing", async () => {
    await fc.assert(
      fc.asyncProperty(intakeForm, async ({ slug, changes, duplicates, files, multipart }) => {
        // No prototype: a field may be called "__proto__".
        const fields: Record<string, string> = Object.assign(Object.create(null), validIntakeFields());
        for (const [name, value, remove] of changes) {
          if (remove) delete fields[name];
          else fields[name] = value;
        }
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        for (const [k, v] of duplicates) form.append(k, v);
        let body: FormData | URLSearchParams = form;
        if (multipart) for (const f of files) form.append("attachments", new File([f.bytes as BlobPart], f.name, { type: f.type }));
        else body = new URLSearchParams([...form.entries()].map(([k, v]) => [k, String(v)]));
        const before = await snapshot();
        const tipo = segment(slug);
        const res = await call(intakeRoute.action, request(`/ingresar/${tipo.encoded}`, { body }), { tipo: tipo.decoded });
        const label = `intake ${slug} ${JSON.stringify(changes).slice(0, 300)} files=${files.map((f) => f.name.slice(0, 40)).join(",")}`;
        await checkAnswer(label, "form", res.clone());
        await checkRows(label, "case", before, res);
        if (res.status === 302 && res.headers.get("Location") === "/comprobante") {
          // Stored file names are safe: no path, no control characters, the detected type's extension.
          const stored = await db.attachment.findMany({ orderBy: { createdAt: "desc" }, take: files.length });
          for (const a of stored) {
            expect(a.fileName).not.toMatch(/[\\/\u0000-\u001f<>:"|?*]/);
            expect(a.fileName).toMatch(/\.(pdf|png|jpg)$/);
          }
        }
      }),
      runs(60),
    );
  });

  it("lying and broken bodies: another Content-Type, broken multipart, random bytes → 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(contentTypes, fc.oneof(fc.uint8Array({ maxLength: 4_000 }), hostileString, fc.constantFrom("--zzz\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nhola\r\n--zzz--\r\n", "--zzz\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"../../x.png\"\r\n\r\n")), async (type, raw) => {
        const before = await snapshot();
        const res = await call(intakeRoute.action, request("/ingresar/reclamo", { headers: { "Content-Type": type }, body: raw }), { tipo: "reclamo" });
        await checkAnswer(`intake raw ${type}`, "form", res.clone());
        await checkRows(`intake raw ${type}`, "case", before, res);
      }),
      runs(40),
    );
  });

  it("a declared Content-Length over the limit is 413; a streamed body over 15.25 MB is refused as too large, whatever its parts", async () => {
    const declared = request("/ingresar/reclamo", { headers: { "Content-Type": "multipart/form-data; boundary=zzz", "Content-Length": String(16 * 1024 * 1024) }, body: "--zzz--\r\n" });
    const before = await snapshot();
    const res = await call(intakeRoute.action, declared, { tipo: "reclamo" });
    expect(res.status).toBe(413);
    await checkAnswer("declared too large", "form", res.clone());
    await checkRows("declared too large", "case", before, res);

    // No Content-Length (chunked): twenty 1 MB file parts, 20 MB in all.
    const boundary = "hostileboundary";
    const enc = new TextEncoder();
    const chunk = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 - PDF.length, 0x20)]);
    let sent = 0;
    let part = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (part === 0) controller.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\nGrande\r\n`));
        if (part < 20) {
          controller.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="p${part}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`));
          controller.enqueue(chunk);
          controller.enqueue(enc.encode("\r\n"));
          sent += chunk.length;
          part += 1;
        } else {
          controller.enqueue(enc.encode(`--${boundary}--\r\n`));
          controller.close();
        }
      },
    });
    const streamed = new Request(`${BASE}/ingresar/reclamo`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "x-oirs-remote-address": nextIp() },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res2 = await call(intakeRoute.action, streamed, { tipo: "reclamo" });
    expect(res2.status).toBe(413);
    await checkAnswer("streamed too large", "form", res2.clone());
    await checkRows("streamed too large", "case", before, res2);
    // Reading stopped at the limit instead of taking in the whole body.
    expect(sent).toBeLessThan(20 * chunk.length);
  });
});

// ---------------------------------------------------------------------------------------------
// The other public forms
// ---------------------------------------------------------------------------------------------

/** A urlencoded, multipart or lying body for a plain form. */
function formBody(fields: Record<string, string>, kind: "urlencoded" | "multipart" | "raw", raw: string | Uint8Array, type: string): { body: Body; headers: Record<string, string> } {
  if (kind === "urlencoded") return { body: new URLSearchParams(fields), headers: {} };
  if (kind === "multipart") {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new File([HTML as BlobPart], "../../x.png", { type: "image/png" }));
    return { body: form, headers: {} };
  }
  return { body: raw, headers: { "Content-Type": type } };
}

const formEncoding = fc.record({
  kind: fc.constantFrom<"urlencoded" | "multipart" | "raw">("urlencoded", "urlencoded", "multipart", "raw"),
  raw: fc.oneof(fc.uint8Array({ maxLength: 1_000 }), hostileString.filter((s) => s.length < 10_000)),
  type: contentTypes,
});

function fieldsOf(base: Record<string, string>, names: string[]) {
  return fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileFieldName }), hostileString, fc.boolean()), { maxLength: 3 }).map((changes) => {
    const fields: Record<string, string> = Object.assign(Object.create(null), base);
    for (const [k, v, remove] of changes) {
      if (remove) delete fields[k];
      else fields[k] = v;
    }
    return fields;
  });
}

describe("tracking (/seguimiento)", () => {
  it("the lookup (GET form) with hostile folio and code: 200 or 4xx, never an error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(hostileString), fc.option(hostileString), async (folio, codigo) => {
        const query = new URLSearchParams();
        if (folio !== null) query.set("folio", folio);
        if (codigo !== null) query.set("codigo", codigo);
        const res = await call(trackingRoute.loader, request(`/seguimiento?${query}`, { method: "GET" }));
        const body = (await checkAnswer("tracking lookup", "form", res.clone())) as { result?: string } | undefined;
        if (res.status >= 400) expect(["missing", "notFound", "limited"]).toContain(body?.result);
      }),
      runs(50),
    );
  });

  it("answering an information request with hostile values: 303 or 4xx; a refused answer leaves nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(null), fc.constantFrom("folio", "codigo")),
        fieldsOf({ answer: "El recorrido es el 4." }, ["answer", "folio", "codigo"]),
        formEncoding,
        async (wrong, fields, encoding) => {
          const all = { folio: waiting.folio, codigo: waiting.accessCode, ...fields };
          if (wrong) all[wrong] = `${all[wrong]}X`;
          const { body, headers } = formBody(all, encoding.kind, encoding.raw, encoding.type);
          const before = await snapshot();
          const res = await call(trackingRoute.action, request(`/seguimiento?folio=${encodeURIComponent(waiting.folio)}`, { body, headers }));
          await checkAnswer("tracking answer", "form", res.clone());
          // An accepted answer writes one INFO_RECEIVED event: put the case back to waiting for the next run.
          if (res.status === 303) {
            const d = delta(before, await snapshot());
            expect(d).toEqual({ ...NOTHING, events: 1 });
            const kase = await db.case.findUniqueOrThrow({ where: { folio: waiting.folio } });
            await requestInfo({ caseId: kase.id, actor: officer, message: "Otra pregunta." });
          } else await checkRows("tracking answer", "nothing", before, res);
        },
      ),
      runs(50),
    );
  });
});

describe("survey web forms (/encuesta/:token, /e/:code)", () => {
  const surveyFields = fieldsOf({ q_overall: "6", q_resolved: "yes", q_comment: "Muy amables" }, ["q_overall", "q_resolved", "q_effort", "q_time", "q_treatment", "q_clarity", "q_comment", "submissionId"]);

  it("an invitation's form with hostile answers and tokens: 303 or 4xx with the questions' messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString }), surveyFields, formEncoding, fc.option(fc.uuid()), async (token, fields, encoding, submissionId) => {
        const actual = segment(token ?? (await freshInvitation()));
        const all = submissionId ? { submissionId, ...fields } : fields;
        const { body, headers } = formBody(all, encoding.kind, encoding.raw, encoding.type);
        const before = await snapshot();
        const res = await call(invitationPage.action, request(`/encuesta/${actual.encoded}`, { body, headers }), { token: actual.decoded });
        await checkAnswer("invitation form", "form", res.clone());
        await checkRows("invitation form", "response", before, res);
      }),
      runs(50),
    );
  });

  it("a poster's short-link form with hostile answers and codes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: fc.constant(POSTER) }, { weight: 1, arbitrary: hostileString }), surveyFields, formEncoding, async (code, fields, encoding) => {
        const { body, headers } = formBody(fields, encoding.kind, encoding.raw, encoding.type);
        const before = await snapshot();
        const path = segment(code);
        const res = await call(posterPage.action, request(`/e/${path.encoded}`, { body, headers }), { code: path.decoded });
        await checkAnswer("poster form", "form", res.clone());
        await checkRows("poster form", "response", before, res);
      }),
      runs(50),
    );
  });
});

describe("language switch, sign-in, sign-out and kiosk activation", () => {
  it("/idioma: any language and return path redirects to a same-site path or is a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fieldsOf({ lng: "en", redirectTo: "/seguimiento" }, ["lng", "redirectTo"]), formEncoding, async (fields, encoding) => {
        const { body, headers } = formBody(fields, encoding.kind, encoding.raw, encoding.type);
        const res = await call(languageRoute.action, request("/idioma", { body, headers }));
        await checkAnswer("idioma", "form", res.clone());
        if (res.status < 400) {
          expect(res.status).toBe(302);
          const location = res.headers.get("Location") ?? "";
          expect(location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\"), location).toBe(true);
        }
      }),
      runs(40),
    );
  });

  it("/login: hostile email, password and return path: 400/401/429 with a message, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fieldsOf({ email: "oirs@oirs.example", password: "wrong-password", redirectTo: "/gestion" }, ["email", "password", "redirectTo"]), formEncoding, async (fields, encoding) => {
        const { body, headers } = formBody(fields, encoding.kind, encoding.raw, encoding.type);
        const res = await call(loginRoute.action, request("/login", { body, headers }));
        await checkAnswer("login", "form", res.clone());
        expect(res.status).not.toBe(302); // no password here is right
      }),
      runs(40),
    );
  });

  it("/logout and /kiosco/activar with hostile cookies, codes and bodies", async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, fieldsOf({ code: "NOPE-NOPE" }, ["code"]), formEncoding, async (cookie, fields, encoding) => {
        const out = await call(logoutRoute.action, request("/logout", { headers: { Cookie: cookie }, body: "" }));
        await checkAnswer("logout", "form", out.clone());
        const { body, headers } = formBody(fields, encoding.kind, encoding.raw, encoding.type);
        const res = await call(kioskActivate.action, request("/kiosco/activar", { body, headers }));
        await checkAnswer("kiosco/activar", "form", res.clone());
        expect(res.status).not.toBe(200); // no code here is a live one
      }),
      runs(40),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The JSON APIs
// ---------------------------------------------------------------------------------------------

const CASE_PATHS = [["kind"], ["subject"], ["description"], ["tramiteCode"], ["officeCode"], ["citizen"], ["citizen", "name"], ["citizen", "rut"], ["citizen", "email"], ["citizen", "phone"], ["citizen", "commune"], ["citizen", "region"], ["citizen", "address"], ["citizen", "__proto__"], ["replyChannel"], ["anonymous"], ["locale"], ["channel"], ["receivedAt"]];

function validApiCase(): Record<string, unknown> {
  return { kind: "RECLAMO", subject: "Bus escolar no pasó", description: "El bus del recorrido 4 no pasó el lunes.", tramiteCode: "TRANSPORTE", officeCode: "CENTRAL", citizen: { name: "Camila Rojas", rut: "12.345.678-5", email: "camila@example.cl" }, replyChannel: "EMAIL" };
}

/** A request's headers: usually right, sometimes a lying type, garbage credentials or keys. */
function apiHeaders(goodAuthorization: () => string | undefined) {
  return fc.record({
    type: fc.oneof({ weight: 8, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: contentTypes }),
    authorization: fc.oneof(
      { weight: 12, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer oirs_x", `Bearer ${"x".repeat(300)}`, "Bearer a b c") },
      { weight: 1, arbitrary: headerValue.map((v) => `Bearer ${v}`) },
      { weight: 1, arbitrary: headerValue },
    ),
    key: idempotencyKey,
    language: fc.oneof(fc.constant(undefined), fc.constantFrom("en", "es-CL,es;q=0.9", "*", "xx"), headerValue),
  }).map((h) => ({
    "Content-Type": h.type,
    // null: the right credential; undefined: none at all.
    Authorization: h.authorization === null ? goodAuthorization() : h.authorization,
    "Idempotency-Key": h.key,
    "Accept-Language": h.language,
  }));
}

/** A body for a JSON endpoint: a mutated valid object (usually), a random JSON value, or raw bytes. */
function jsonBodies(valid: () => Record<string, unknown>, paths: string[][]) {
  return fc.oneof(
    { weight: 6, arbitrary: mutations(paths).map((m) => jsonText(mutate(valid(), m)) as string | Uint8Array) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) as string | Uint8Array) },
    { weight: 2, arbitrary: rawBodies(valid) },
  );
}

describe("POST /api/v1/cases", () => {
  it("random JSON, wrong types at every field, raw bytes, lying headers: 201/200 or a documented 4xx; nothing partial", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBodies(validApiCase, CASE_PATHS), apiHeaders(() => `Bearer ${apiToken}`), async (body, headers) => {
        await resetLimits();
        const before = await snapshot();
        const res = await call(apiCases.action, request("/api/v1/cases", { headers, body }));
        const label = `api cases ${JSON.stringify(headers)} ${typeof body === "string" ? body.slice(0, 300) : "<bytes>"}`;
        await checkAnswer(label, "v1", res.clone());
        await checkRows(label, "case", before, res, { keyed: res.status === 201 && headers["Idempotency-Key"] !== undefined });
      }),
      runs(80),
    );
  });
});

describe("POST /api/v1/survey-responses", () => {
  const SURVEY_PATHS = [["posterCode"], ["invitationToken"], ["counterCode"], ["answers"], ["answers", "overall"], ["answers", "resolved"], ["answers", "comment"], ["answers", "effort"], ["answers", "__proto__"], ["locale"]];

  const TOKEN = "INVITATION-TOKEN-PLACEHOLDER";
  const validSurvey = (credential: string) => () => ({
    ...(credential === "poster" ? { posterCode: POSTER } : credential === "invitation" ? { invitationToken: TOKEN } : {}),
    answers: { overall: 7, resolved: "yes", comment: "Gracias" },
    locale: "es",
  });
  const surveyCase = fc
    .constantFrom("poster", "invitation", "kiosk")
    .chain((credential) =>
      fc.tuple(fc.constant(credential), jsonBodies(validSurvey(credential), SURVEY_PATHS), apiHeaders(() => (credential === "kiosk" ? `Bearer ${kioskCredential}` : undefined))),
    );

  /** The body with a fresh invitation's token in place of the placeholder (bytes kept as they are). */
  async function withToken(body: string | Uint8Array): Promise<string | Uint8Array> {
    const text = typeof body === "string" ? body : Buffer.from(body).toString("latin1");
    if (!text.includes(TOKEN)) return body;
    const replaced = text.replaceAll(TOKEN, await freshInvitation());
    return typeof body === "string" ? replaced : Buffer.from(replaced, "latin1");
  }

  it("posters, invitations and kiosks with hostile bodies and headers", async () => {
    await fc.assert(
      fc.asyncProperty(surveyCase, async ([credential, rawBody, headers]) => {
        await resetLimits();
        const body = await withToken(rawBody);
        const before = await snapshot();
        const res = await call(apiSurveyResponses.action, request("/api/v1/survey-responses", { headers, body }));
        const label = `survey api ${credential} ${JSON.stringify(headers)} ${typeof body === "string" ? body.slice(0, 300) : "<bytes>"}`;
        await checkAnswer(label, "v1", res.clone());
        await checkRows(label, "response", before, res);
      }),
      runs(80),
    );
  });
});

describe("Open311 POST /api/open311/v2/requests.json", () => {
  const OPEN311_FIELDS = ["service_code", "description", "first_name", "last_name", "email", "phone", "address_string", "lat", "long", "media_url", "jurisdiction_id", "api_key", "locale", "attribute[kind]", "attribute[rut]", "attribute[reply_channel]", "attribute[anonymous]", "attribute[office]", "attribute[commune]", "attribute[region]"];
  const valid = () => ({ service_code: "RECLAMO", description: "El bus del recorrido 4 no pasó el lunes.", first_name: "Camila", last_name: "Rojas", email: "camila@example.cl" });

  it("form-encoded or JSON, with and without api_key, hostile everywhere: 201 or the spec's error list", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("form", "json", "raw"),
        fieldsOf(valid(), OPEN311_FIELDS),
        fc.oneof(fc.constant(undefined), fc.constant("valid"), hostileString.filter((s) => s.length < 500)),
        fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: contentTypes }),
        rawBodies(valid),
        async (encoding, fields, apiKey, lyingType, raw) => {
          const all: Record<string, string> = { ...fields };
          if (apiKey !== undefined) all.api_key = apiKey === "valid" ? apiToken : apiKey;
          let body: Body;
          let type: string;
          if (encoding === "form") [body, type] = [new URLSearchParams(all).toString(), "application/x-www-form-urlencoded"];
          else if (encoding === "json") {
            const attribute: Record<string, string> = {};
            const top: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(all)) {
              const m = /^attribute\[(.*)\]$/.exec(k);
              if (m) attribute[m[1]!] = v;
              else top[k] = v;
            }
            [body, type] = [JSON.stringify({ ...top, ...(Object.keys(attribute).length ? { attribute } : {}) }), "application/json"];
          } else [body, type] = [raw, "application/json"];
          await resetLimits();
          const before = await snapshot();
          const res = await call(open311Requests.action, request("/api/open311/v2/requests.json", { headers: { "Content-Type": lyingType ?? type }, body }));
          const label = `open311 ${encoding} ${lyingType ?? type} ${typeof body === "string" ? body.slice(0, 300) : "<bytes>"}`;
          await checkAnswer(label, "open311", res.clone());
          await checkRows(label, "case", before, res);
        },
      ),
      runs(60),
    );
  });
});

describe("kiosk endpoints", () => {
  const KIOSK_PATHS = [["kind"], ["description"], ["name"], ["email"], ["locale"], ["provisional"]];
  const validRequest = () => ({ kind: "RECLAMO", description: "No hay números para la fila.", name: "Ana Díaz", email: "ana@example.cl", locale: "es" });

  it("POST /kiosco/solicitud with the enrolled device's credential or garbage", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBodies(validRequest, KIOSK_PATHS), apiHeaders(() => `Bearer ${kioskCredential}`), async (body, headers) => {
        await resetLimits();
        const before = await snapshot();
        const res = await call(kioskRequest.action, request("/kiosco/solicitud", { headers, body }));
        const label = `kiosk request ${JSON.stringify(headers)} ${typeof body === "string" ? body.slice(0, 300) : "<bytes>"}`;
        await checkAnswer(label, "kiosk", res.clone());
        await checkRows(label, "case", before, res, { keyed: res.status === 201 && headers["Idempotency-Key"] !== undefined });
      }),
      runs(50),
    );
  });

  it("POST /kiosco/pulso and /kiosco/codigo with hostile bodies", async () => {
    const kase = await newCase();
    const offered = await offerRating({ caseId: kase.id, actor: officer });
    await fc.assert(
      fc.asyncProperty(
        jsonBodies(() => ({ queued: 3 }), [["queued"]]),
        jsonBodies(() => ({ code: offered.code }), [["code"]]),
        apiHeaders(() => `Bearer ${kioskCredential}`),
        async (heartbeat, check, headers) => {
          await resetLimits();
          const before = await snapshot();
          const pulse = await call(kioskHeartbeat.action, request("/kiosco/pulso", { headers, body: heartbeat }));
          await checkAnswer(`kiosk heartbeat ${JSON.stringify(headers)}`, "v1", pulse.clone());
          await checkRows("kiosk heartbeat", "nothing", before, pulse);
          const queued = (await db.kiosk.findUniqueOrThrow({ where: { id: kioskId } })).queuedReported;
          expect(queued >= 0 && queued <= 1_000_000).toBe(true);
          const res = await call(kioskCode.action, request("/kiosco/codigo", { headers, body: check }));
          await checkAnswer(`kiosk code ${JSON.stringify(headers)}`, "v1", res.clone());
          await checkRows("kiosk code", "nothing", before, res);
        },
      ),
      runs(40),
    );
  });
});

describe("the other JSON API endpoints", () => {
  const queryValue = fc.oneof({ weight: 3, arbitrary: hostileString.filter((v) => v.length < 5_000) }, { weight: 1, arbitrary: fc.constantFrom("all", "INGRESADA,ASIGNADA", "RECLAMO", "WEB", "PERSONAS", "true", "1", "0", "-1", "999999999999", "2026-01-01", "office", "tramite") });
  const query = (names: string[]) => fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileString.filter((v) => v.length < 100) }), queryValue), { maxLength: 4 });
  const authorization = fc.oneof({ weight: 4, arbitrary: fc.constant("good") }, fc.constant(undefined), headerValue.map((v) => `Bearer ${v}`));
  const auth = (a: string | undefined) => (a === "good" ? `Bearer ${apiToken}` : a);

  it("GET /api/v1/cases, /api/v1/cases/{folio}, /api/v1/indicators/satisfaction and Open311 requests/{id}.json with hostile queries and folios", async () => {
    await fc.assert(
      fc.asyncProperty(
        query(["status", "kind", "channel", "area", "overdue", "q", "page", "pageSize", "accessCode", "from", "to", "groupBy", "access_code", "api_key"]),
        fc.oneof(fc.constant(null), hostileString.filter((v) => v.length < 2_000)),
        authorization,
        async (params, folio, a) => {
          const search = new URLSearchParams(params);
          const { encoded, decoded: id } = segment(folio ?? waiting.folio);
          const headers = { Authorization: auth(a) };
          await resetLimits();
          const before = await snapshot();
          const answers = [
            ["list", await call(apiCases.loader, request(`/api/v1/cases?${search}`, { method: "GET", headers }))],
            ["case", await call(apiCase.loader, request(`/api/v1/cases/${encoded}?${search}`, { method: "GET", headers }), { folio: id })],
            ["indicators", await call(apiIndicators.loader, request(`/api/v1/indicators/satisfaction?${search}`, { method: "GET", headers }))],
          ] as const;
          for (const [name, res] of answers) await checkAnswer(`GET ${name} ${search}`, "v1", res);
          const open311 = await call(open311Request.loader, request(`/api/open311/v2/requests/${encoded}.json?${search}`, { method: "GET" }), { id });
          await checkAnswer(`GET open311 ${id.slice(0, 100)} ${search}`, "open311", open311);
          // Reading a case's staff view may log PERSONAL_DATA_VIEWED: one event at most, nothing else.
          const d = delta(before, await snapshot());
          expect(d.events).toBeLessThanOrEqual(1);
          expect({ ...d, events: 0 }).toEqual(NOTHING);
        },
      ),
      runs(40),
    );
  });

  it("POST /api/v1/cases/{folio}/assign, /notes, /reply and /close with hostile bodies: 200 with one timeline event, or a documented 4xx that changed nothing", async () => {
    const routes = { assign: apiAssign, notes: apiNotes, reply: apiReply, close: apiClose } as const;
    const valid = {
      assign: () => ({ areaCode: "PERSONAS", assigneeEmail: "area@oirs.example" }),
      notes: () => ({ text: "Revisar con transporte." }),
      reply: () => ({ text: "Conversamos con la empresa de transporte." }),
      close: () => ({ outcome: "NOT_APPLICABLE", note: "No corresponde." }),
    };
    const paths = [["areaCode"], ["assigneeEmail"], ["reason"], ["text"], ["deliveredOn"], ["outcome"], ["note"]];
    const staffCase = fc.constantFrom("assign", "notes", "reply", "close").chain((action) =>
      fc.tuple(fc.constant(action), jsonBodies(valid[action], paths), apiHeaders(() => `Bearer ${apiToken}`), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString.filter((v) => v.length < 2_000) })),
    );
    await fc.assert(
      fc.asyncProperty(staffCase, async ([action, body, headers, folio]) => {
        const target = segment(folio ?? (await newCase()).folio);
        await resetLimits();
        const before = await snapshot();
        const res = await call(routes[action].action, request(`/api/v1/cases/${target.encoded}/${action}`, { headers, body }), { folio: target.decoded });
        const label = `staff ${action} ${JSON.stringify(headers)} ${typeof body === "string" ? body.slice(0, 300) : "<bytes>"}`;
        await checkAnswer(label, "v1", res.clone());
        const d = delta(before, await snapshot());
        if (res.status >= 400) expect(d, label).toEqual(NOTHING);
        else {
          // Exactly one timeline event per action; a reply may email the citizen and a survey invitation.
          expect(d.events, label).toBe(1);
          expect(d.outbox, label).toBeLessThanOrEqual(2);
          expect({ ...d, events: 0, outbox: 0 }, label).toEqual(NOTHING);
        }
      }),
      runs(40),
    );
  });
});

// Each of these was a 500 or a 503 before the fix it pins, except where the test name says otherwise.
describe("what this test found, pinned", () => {
  const textBody = { "Content-Type": "text/plain" };

  it("plain forms posted with another Content-Type are 400, not 500", async () => {
    const token = await freshInvitation();
    const cases: Array<[unknown, string, Record<string, string>]> = [
      [trackingRoute.action, "/seguimiento", {}],
      [languageRoute.action, "/idioma", {}],
      [loginRoute.action, "/login", {}],
      [kioskActivate.action, "/kiosco/activar", {}],
      [invitationPage.action, `/encuesta/${token}`, { token }],
      [posterPage.action, `/e/${POSTER}`, { code: POSTER }],
    ];
    for (const [handler, url, params] of cases) {
      for (const headers of [textBody, { "Content-Type": "application/json" }, { "Content-Type": "multipart/form-data" }]) {
        const res = await call(handler, request(url, { headers, body: '{"lng":"en"}' }), params);
        expect(res.status, `${url} ${headers["Content-Type"]}`).toBe(400);
      }
    }
  });

  it("a NUL byte in a folio or a poster code finds nothing (404), it does not reach the database", async () => {
    const lookup = await call(trackingRoute.loader, request(`/seguimiento?${new URLSearchParams({ folio: "\u0000", codigo: "ABCDE-FGHJK" })}`, { method: "GET" }));
    expect(lookup.status).toBe(404);
    const poster = await call(posterPage.action, request("/e/x", { body: new URLSearchParams({ q_overall: "7" }) }), { code: "A\u0000B" });
    expect(poster.status).toBe(404);
    const api = await call(apiSurveyResponses.action, request("/api/v1/survey-responses", { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ posterCode: "\u0000", answers: { overall: 7 } }) }));
    expect(api.status).toBe(404);
  });

  it("NUL bytes and lone surrogates in a request's texts are refused with a field message on every channel; nothing is stored", async () => {
    for (const bad of ["a\u0000b", "x\uDFFFy", "\uD800"]) {
      const before = await snapshot();
      const api = await call(apiCases.action, request("/api/v1/cases", { headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiToken}` }, body: JSON.stringify({ ...validApiCase(), subject: bad }) }));
      expect(api.status).toBe(422);
      expect(((await api.json()) as { errors: Record<string, string[]> }).errors.subject).toEqual([expect.stringContaining("caracteres")]);

      // A form body cannot carry a lone surrogate (it is sent as U+FFFD, a valid character); a NUL it can.
      if (bad.includes("\u0000")) {
        const web = await call(intakeRoute.action, request("/ingresar/reclamo", { body: new URLSearchParams({ ...validIntakeFields(), description: bad }) }), { tipo: "reclamo" });
        expect(web.status).toBe(400);
        expect(((await web.json()) as { error: Record<string, string[]> }).error.description).toEqual(["validation.characters"]);
        const tracking = await call(trackingRoute.action, request("/seguimiento", { body: new URLSearchParams({ folio: waiting.folio, codigo: waiting.accessCode, answer: bad }) }));
        expect(tracking.status).toBe(400);
      }

      const open311 = await call(open311Requests.action, request("/api/open311/v2/requests.json", { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ service_code: "RECLAMO", description: `Un reclamo ${bad}`, first_name: "Ana", email: "ana@example.cl" }) }));
      expect(open311.status).toBe(400);

      await resetLimits();
      const kiosk = await call(kioskRequest.action, request("/kiosco/solicitud", { headers: { "Content-Type": "application/json", Authorization: `Bearer ${kioskCredential}` }, body: JSON.stringify({ kind: "SUGERENCIA", description: `Más sillas ${bad}`, locale: "es" }) }));
      expect(kiosk.status).toBe(422);

      const survey = await call(apiSurveyResponses.action, request("/api/v1/survey-responses", { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ posterCode: POSTER, answers: { overall: 7, comment: bad } }) }));
      // A survey comment drops control characters (as it always did) but refuses a lone surrogate.
      expect(survey.status).toBe(bad.includes("\u0000") ? 201 : 422);
      if (survey.status === 422) expect(((await survey.json()) as { errors: Record<string, string[]> }).errors["answers.comment"]).toEqual([expect.stringContaining("caracteres")]);
      expect(delta(before, await snapshot()), bad).toEqual({ ...NOTHING, responses: survey.status === 201 ? 1 : 0 });
    }
  });

  it("JSON nested deeper than the APIs take is a 400, whatever reads it next (hashing an Idempotency-Key's body once overflowed the stack)", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const before = await snapshot();
    const survey = await call(apiSurveyResponses.action, request("/api/v1/survey-responses", { headers: { "Content-Type": "application/json", "Idempotency-Key": "deep-1" }, body: `{"posterCode":"${POSTER}","answers":${deep(20_000)}}` }));
    expect(survey.status).toBe(400);
    expect(await survey.json()).toMatchObject({ error: "too_deep", message: expect.stringContaining("32") });
    const kase = await call(apiCases.action, request("/api/v1/cases", { headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiToken}`, "Idempotency-Key": "deep-2" }, body: `{"kind":"RECLAMO","subject":${deep(10_000)}}` }));
    expect(kase.status).toBe(400);
    const shallow = await call(apiSurveyResponses.action, request("/api/v1/survey-responses", { headers: { "Content-Type": "application/json" }, body: `{"posterCode":"${POSTER}","answers":{"overall":7,"comment":${deep(30)}}}` })); // 32 levels in all
    expect(shallow.status).toBe(422); // deep enough to be wrong, not too deep to read
    expect(delta(before, await snapshot())).toEqual(NOTHING);
  });

  it("a plain form's body over 1 MB is 413, declared or streamed, and is not read to its end (was read whole into memory)", async () => {
    const streamed = (url: string) => {
      let sent = 0;
      const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("answer="));
        },
        pull(controller) {
          if (sent >= 8 * 1024 * 1024) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const req = new Request(`${BASE}${url}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "x-oirs-remote-address": nextIp() }, body, duplex: "half" } as RequestInit);
      return { req, sent: () => sent };
    };
    for (const [handler, url, params] of [
      [trackingRoute.action, "/seguimiento", {}],
      [loginRoute.action, "/login", {}],
      [posterPage.action, `/e/${POSTER}`, { code: POSTER }],
    ] as const) {
      const declared = await call(handler, request(url, { headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(2 * 1024 * 1024) }, body: "answer=x" }), params);
      expect(declared.status, url).toBe(413);
      const { req, sent } = streamed(url);
      const res = await call(handler, req, params);
      expect(res.status, url).toBe(413);
      expect(sent(), url).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it("field names no form of this site has (thousands of levels, a billion-entry list, Conform's reserved intent) are 400", async () => {
    for (const name of [`subject${"[0]".repeat(5_000)}`, `name${".a".repeat(5_000)}`, "a[999999999]", "__intent__", "__state__"]) {
      const before = await snapshot();
      const fields = new URLSearchParams({ ...validIntakeFields(), [name]: "x" });
      const web = await call(intakeRoute.action, request("/ingresar/reclamo", { body: fields }), { tipo: "reclamo" });
      expect(web.status, name.slice(0, 30)).toBe(400);
      expect(await web.json()).toMatchObject({ error: { "": ["cases:errors.badForm"] } });
      const login = await call(loginRoute.action, request("/login", { body: new URLSearchParams({ email: "oirs@oirs.example", password: "x", [name]: "x" }) }));
      expect(login.status, name.slice(0, 30)).toBe(400);
      const tracking = await call(trackingRoute.action, request("/seguimiento", { body: new URLSearchParams({ folio: waiting.folio, codigo: waiting.accessCode, answer: "Hola", [name]: "x" }) }));
      expect(tracking.status, name.slice(0, 30)).toBe(400);
      expect(delta(before, await snapshot())).toEqual(NOTHING);
    }
  });

  it("/ingresar/__proto__ and other Object.prototype names are 404, not a case of kind Object (was a 503)", async () => {
    for (const tipo of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await call(intakeRoute.action, request(`/ingresar/${tipo}`, { body: new URLSearchParams(validIntakeFields()) }), { tipo });
      expect(res.status, tipo).toBe(404);
    }
  });

  it("a password over 500 characters and a field sent twice get messages the page can show (were Zod's English defaults)", async () => {
    const login = await call(loginRoute.action, request("/login", { body: new URLSearchParams({ email: "oirs@oirs.example", password: "x".repeat(501) }) }));
    expect(login.status).toBe(400);
    expect(((await login.json()) as { error: Record<string, string[]> }).error.password).toEqual(['validation.tooLong|{"max":500}']);

    const twice = new URLSearchParams(validIntakeFields());
    twice.append("rut", "12.345.678-5");
    const web = await call(intakeRoute.action, request("/ingresar/reclamo", { body: twice }), { tipo: "reclamo" });
    expect(web.status).toBe(400);
    const [message] = ((await web.json()) as { error: Record<string, string[]> }).error.rut!;
    expect(errorMessageKey(message!).key).toBe("common:validation.invalid");
  });
});

// ---------------------------------------------------------------------------------------------
// Stored HTML is shown as text: the server render of the citizen's and the staff's case pages
// ---------------------------------------------------------------------------------------------

/** A Remix server build of the root and two routes, rendered in-process through app/entry.server.tsx. */
function pagesBuild(): ServerBuild {
  const modules = { root: rootRoute, "routes/seguimiento": trackingRoute, "routes/gestion.casos.$id": casePage } as const;
  const paths = { root: "", "routes/seguimiento": "seguimiento", "routes/gestion.casos.$id": "gestion/casos/:id" } as const;
  const ids = Object.keys(modules) as Array<keyof typeof modules>;
  return {
    mode: "production",
    entry: { module: entryServer },
    routes: Object.fromEntries(ids.map((id) => [id, { id, path: paths[id], ...(id === "root" ? {} : { parentId: "root" }), module: modules[id] }])),
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: Object.fromEntries(
        ids.map((id) => [
          id,
          {
            id,
            path: paths[id],
            ...(id === "root" ? {} : { parentId: "root" }),
            module: `/build/${id}.js`,
            imports: [],
            hasAction: "action" in modules[id],
            hasLoader: "loader" in modules[id],
            hasClientAction: false,
            hasClientLoader: false,
            hasErrorBoundary: "ErrorBoundary" in modules[id],
          },
        ]),
      ),
      url: "/build/manifest.js",
      version: "hostile-input-test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false, v3_singleFetch: false },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

describe("stored HTML renders escaped", () => {
  it("a case whose subject, description and name are script and markup shows them as text on the tracking page and the staff case page", async () => {
    const res = await call(
      apiCases.action,
      request("/api/v1/cases", {
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiToken}` },
        body: JSON.stringify({ kind: "RECLAMO", subject: SCRIPT, description: `${SCRIPT}\n${SHORT_HOSTILE[2]}`, citizen: { name: SCRIPT.slice(0, 100), email: "xss@example.cl" }, replyChannel: "EMAIL" }),
      }),
    );
    expect(res.status).toBe(201);
    const { folio, accessCode } = (await res.json()) as { folio: string; accessCode: string };
    const kase = await db.case.findUniqueOrThrow({ where: { folio } });
    expect(kase.subject).toBe(SCRIPT); // stored as typed

    const handler = createRequestHandler(pagesBuild(), "production");
    const pages = [
      new Request(`${BASE}/seguimiento?${new URLSearchParams({ folio, codigo: accessCode })}`, { headers: { "x-oirs-remote-address": nextIp(), "User-Agent": "Googlebot" } }),
      new Request(`${BASE}/gestion/casos/${kase.id}`, { headers: { Cookie: officerCookie, "x-oirs-remote-address": nextIp(), "User-Agent": "Googlebot" } }),
    ];
    for (const page of pages) {
      const html = await (await handler(page, {})).text();
      const label = new URL(page.url).pathname;
      expect(html, label).toContain(folio); // the page itself, not an error page
      expect(html, label).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
      expect(html, label).not.toContain("<script>alert(1)");
      expect(html, label).not.toContain("<img src=x onerror");
      expect(html, label).not.toContain("<svg onload");
    }
  });
});
