// Every answer of the JSON APIs goes through here: the error types routes throw, how each becomes
// an HTTP response (v1 JSON or Open311's [{code, description}]), validation errors with API field
// paths and localised sentences, and the last line of defence (database outage → 503, never a
// stack trace). All answers carry Cache-Control: no-store.
import type { ZodError, ZodIssue } from "zod";
import { checkDatabase } from "~/db/health.server";
import { CaseInputError } from "~/domain/cases/errors";
import type { Language } from "~/i18n/config";
import { apiLocale, apiT, translateMessage } from "./i18n.server";

export type ApiStyle = "v1" | "open311";

/** A refusal with an HTTP status; `messageKey` is in the api namespace. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly messageKey: string,
    public readonly params: Record<string, unknown> = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code}`);
    this.name = "ApiError";
  }
}

/** Field errors already keyed by API path, with i18n message keys (see utils/validation). */
export class ApiValidationError extends Error {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super(`invalid input: ${Object.keys(fieldErrors).join(", ")}`);
    this.name = "ApiValidationError";
  }
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE, ...headers },
  });
}

/** The context a handler fills in as it learns more (the body's locale). */
export type ApiContext = { locale: Language; style: ApiStyle };

/**
 * An answer as plain data, for handlers that also run outside Remix (the Express fast path for
 * survey submissions); payloadResponse turns it into a Response.
 */
export type ApiPayload = { status: number; headers: Record<string, string>; body: string };

export function jsonPayload(body: unknown, status = 200, headers: Record<string, string> = {}): ApiPayload {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE, ...headers }, body: JSON.stringify(body) };
}

export function payloadResponse(payload: ApiPayload): Response {
  return new Response(payload.body, { status: payload.status, headers: payload.headers });
}

export function errorPayload(error: ApiError, ctx: ApiContext): ApiPayload {
  const message = apiT(ctx.locale)(error.messageKey, error.params) as string;
  const body = ctx.style === "open311" ? [{ code: error.status, description: message }] : { error: error.code, message };
  return jsonPayload(body, error.status, error.headers);
}

export function errorResponse(error: ApiError, ctx: ApiContext): Response {
  return payloadResponse(errorPayload(error, ctx));
}

export function validationPayload(fieldErrors: Record<string, string[]>, ctx: ApiContext): ApiPayload {
  const errors = fieldErrorMap();
  for (const [path, messages] of Object.entries(fieldErrors)) {
    errors[path] = [...new Set(messages.map((m) => translateMessage(ctx.locale, m)))];
  }
  if (ctx.style === "open311") {
    const list = Object.entries(errors).flatMap(([path, messages]) => messages.map((m) => ({ code: 400, description: path ? `${path}: ${m}` : m })));
    return jsonPayload(list, 400);
  }
  return jsonPayload({ errors }, 422);
}

export function validationResponse(fieldErrors: Record<string, string[]>, ctx: ApiContext): Response {
  return payloadResponse(validationPayload(fieldErrors, ctx));
}

/**
 * An empty field-error map. It has no prototype: paths come from the client (an unknown field
 * may be called "__proto__"), and must stay plain data.
 */
export function fieldErrorMap(): Record<string, string[]> {
  return Object.create(null) as Record<string, string[]>;
}

/** Adds messages under a path, keeping the first occurrence order. */
export function addFieldError(target: Record<string, string[]>, path: string, ...messages: string[]) {
  (target[path] ??= []).push(...messages);
}

/**
 * Zod issues as field errors. `mapPath` turns the schema's path into the API's (e.g. the flat
 * `email` into `citizen.email`); unknown keys become one error per unknown field.
 */
export function zodFieldErrors(error: ZodError, mapPath: (path: Array<string | number>) => string): Record<string, string[]> {
  const out = fieldErrorMap();
  for (const issue of error.issues) addIssue(out, issue, mapPath);
  return out;
}

function addIssue(out: Record<string, string[]>, issue: ZodIssue, mapPath: (path: Array<string | number>) => string) {
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) addFieldError(out, mapPath([...issue.path, key]), "api:validation.unknownField");
    return;
  }
  if (issue.code === "invalid_union") {
    const first = issue.unionErrors[0]?.issues[0];
    if (first) return addIssue(out, first, mapPath);
  }
  // Schema messages are i18n keys; Zod's own English defaults become "not valid" in translation.
  addFieldError(out, mapPath(issue.path), issue.message);
}

// ---------------------------------------------------------------------------------------------
// Database outages
// ---------------------------------------------------------------------------------------------

const OUTAGE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError", "TransactionAlreadyClosed"]);
const OUTAGE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const OUTAGE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
const OUTAGE_MESSAGE =
  /can't reach database server|connection terminated|connection refused|ECONNREFUSED|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection|PGlite is closed|Unable to start a transaction in the given time|Transaction already closed/i;

/**
 * Whether a failure is a database outage: the error says so, or the database does not answer a
 * trivial query right now. Shared by the JSON APIs (handleApi) and the pages (utils/outage.server).
 */
export async function isOutage(error: unknown): Promise<boolean> {
  if (error instanceof Response) return false;
  return isDatabaseUnavailable(error) || !(await checkDatabase(1500));
}

/** Whether an error means the database is unreachable or overloaded (worth a retry later). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as { name?: string; code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errorCode?: unknown };
  if (e.name === "PrismaClientInitializationError" || e.name === "PrismaClientRustPanicError") return true;
  if (typeof e.code === "string" && (OUTAGE_PRISMA_CODES.has(e.code) || OUTAGE_NODE_CODES.has(e.code))) return true;
  if (typeof e.code === "string" && /^(08|57P0|53)/.test(e.code)) return true;
  if (typeof e.kind === "string" && OUTAGE_KINDS.has(e.kind)) return true;
  if (e.kind === "postgres" && typeof e.code === "string" && /^(08|57P0|53)/.test(e.code)) return true;
  if (typeof e.message === "string" && OUTAGE_MESSAGE.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export const OUTAGE_RETRY_AFTER_SECONDS = 10;

export function unavailable(): ApiError {
  const seconds = OUTAGE_RETRY_AFTER_SECONDS;
  return new ApiError(503, "unavailable", "api:errors.unavailable", { seconds }, { "Retry-After": String(seconds) });
}

// ---------------------------------------------------------------------------------------------
// The wrapper every API loader and action runs in
// ---------------------------------------------------------------------------------------------

/**
 * Runs a handler and turns whatever it throws into a JSON answer: ApiError → its status,
 * validation errors → 422 (400 for Open311), a database outage → 503 with Retry-After, anything
 * else → 500 with a generic sentence (logged). The handler may set ctx.locale once it knows it.
 */
export async function handleApi(request: Request, style: ApiStyle, handler: (ctx: ApiContext) => Promise<Response>): Promise<Response> {
  const ctx: ApiContext = { locale: apiLocale(request, new URL(request.url).searchParams.get("locale")), style };
  try {
    return await handler(ctx);
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ApiError) return errorResponse(error, ctx);
    if (error instanceof ApiValidationError) return validationResponse(error.fieldErrors, ctx);
    if (error instanceof CaseInputError) return validationResponse(error.fieldErrors, ctx);
    if (await isOutage(error)) {
      console.error(`[api] database unavailable on ${request.method} ${new URL(request.url).pathname}:`, describe(error));
      return errorResponse(unavailable(), ctx);
    }
    console.error(`[api] unexpected error on ${request.method} ${new URL(request.url).pathname}:`, error);
    return errorResponse(new ApiError(500, "internal", "api:errors.internal"), ctx);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function methodNotAllowed(allow: string): ApiError {
  return new ApiError(405, "method_not_allowed", "api:errors.methodNotAllowed", { allow }, { Allow: allow });
}

export function rateLimited(retryAfterSeconds: number, messageKey = "api:errors.rateLimited"): ApiError {
  return new ApiError(429, "rate_limited", messageKey, { seconds: retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
}
