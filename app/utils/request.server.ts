import { getEnv } from "./env.server";

/**
 * The client's IP for rate limits and audit. X-Forwarded-For is trusted only when the app runs
 * behind a proxy that sets it (TRUST_PROXY=true); otherwise the socket address the server put in
 * the x-oirs-remote-address header.
 */
export function clientIp(request: Request): string {
  return clientIpFrom((name) => request.headers.get(name), request.headers.get("x-oirs-remote-address"));
}

/** The same rule for code that sees headers and the socket directly (the Express fast path). */
export function clientIpFrom(header: (name: string) => string | null | undefined, socketAddress: string | null | undefined): string {
  if (getEnv().TRUST_PROXY) {
    const forwarded = header("x-forwarded-for");
    if (forwarded) return forwarded.split(",")[0]!.trim();
  }
  return socketAddress ?? "unknown";
}

/** Longer than any field name of the app's forms ("schedule[2].months", "q_comment"). */
export const MAX_FIELD_NAME_LENGTH = 200;
/** Conform's reserved fields: sent only by its list and validate buttons, which no form here has. */
const CONFORM_RESERVED = new Set(["__intent__", "__state__"]);

/** A list index no form of this site reaches ("a[1000]" and up). */
const HUGE_INDEX = /\[\d{4,}\]/;

/**
 * Whether every field name is one a form of this site could have sent. Conform turns "a[0].b"
 * into nested values and a refused form's answer echoes them: a name of thousands of "[0]" would
 * nest them deeper than JSON.stringify can write, and "a[999999999]" would make a list of a
 * billion entries. And Conform's parser throws on a made-up `__intent__` or `__state__`.
 */
export function fieldNamesAreReasonable(formData: FormData): boolean {
  for (const name of formData.keys()) {
    if (name.length > MAX_FIELD_NAME_LENGTH || CONFORM_RESERVED.has(name) || HUGE_INDEX.test(name)) return false;
  }
  return true;
}

/**
 * The same request with a body that fails once more than `maxBytes` have been read: a body sent
 * without Content-Length (chunked) is held to the limit as it streams, not after it is all in.
 */
export function boundedRequest(request: Request, maxBytes: number): { request: Request; exceeded: () => boolean } {
  if (!request.body) return { request, exceeded: () => false };
  let read = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > maxBytes) controller.error(new Error(`request body over ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
  const init = { method: request.method, headers: request.headers, body: counted, duplex: "half", signal: request.signal };
  return { request: new Request(request.url, init as RequestInit), exceeded: () => read > maxBytes };
}

/** Far above what any plain form of this site sends (the longest text field is 4,000 characters). */
export const MAX_PLAIN_FORM_BYTES = 1024 * 1024;

const plainTextAnswer = (message: string, status: number) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The request's form fields, for forms without attachments. A body that is not a form (another or
 * a lying Content-Type, broken multipart, absurd field names) is the sender's mistake: a 400 that
 * the error page explains, never a 500; a body over MAX_PLAIN_FORM_BYTES (declared, or read so
 * far) is a 413 and is not read further.
 */
export async function readFormData(request: Request, maxBytes = MAX_PLAIN_FORM_BYTES): Promise<FormData> {
  const tooLarge = () => plainTextAnswer("The request body is too large.", 413);
  if (Number(request.headers.get("Content-Length") ?? "0") > maxBytes) throw tooLarge();
  const bounded = boundedRequest(request, maxBytes);
  let formData: FormData | null = null;
  try {
    formData = await bounded.request.formData();
  } catch {
    if (bounded.exceeded()) throw tooLarge();
  }
  if (!formData || !fieldNamesAreReasonable(formData)) throw plainTextAnswer("The request body is not a form of this site.", 400);
  return formData;
}
