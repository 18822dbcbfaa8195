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
