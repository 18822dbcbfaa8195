import { getEnv } from "./env.server";

/**
 * The client's IP for rate limits and audit. X-Forwarded-For is trusted only when the app runs
 * behind a proxy that sets it (TRUST_PROXY=true); otherwise the socket address the server put in
 * the x-oirs-remote-address header.
 */
export function clientIp(request: Request): string {
  if (getEnv().TRUST_PROXY) {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded) return forwarded.split(",")[0]!.trim();
  }
  return request.headers.get("x-oirs-remote-address") ?? "unknown";
}
