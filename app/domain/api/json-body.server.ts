// Reading a request body with a size limit: Content-Length is checked first, then the bytes
// actually read (a client may lie or stream without a length). Bad bodies are 4xx, never 500.
import { ApiError } from "./errors.server";

export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", "api:errors.tooLarge", { max: Math.floor(maxBytes / 1024) });
}

/** The media type without parameters, lower case ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isJsonMediaType(type: string): boolean {
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** The raw body as text, refusing more than maxBytes (413). */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, "bad_request", "api:errors.malformedJson");
  } finally {
    reader.releaseLock();
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks, total));
}

/** A JSON body: 415 for another content type, 413 when too large, 400 when it does not parse. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  if (!isJsonMediaType(mediaType(request))) throw new ApiError(415, "unsupported_media_type", "api:errors.mediaType");
  const text = await readBodyText(request, maxBytes);
  return parseJson(text);
}

/**
 * Nothing the APIs take nests more than a few levels. A deeper body is refused before anything
 * walks it: hashing it for Idempotency-Key, JSON.stringify and Zod recurse, and a few thousand
 * levels (a few KB of brackets) exhaust the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in a valid JSON text (brackets inside strings ignored). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "api:errors.malformedJson");
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new ApiError(400, "too_deep", "api:errors.tooDeep", { max: MAX_JSON_DEPTH });
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
