// Response headers for every answer of the server: the Content-Security-Policy (a fresh script nonce
// per request on HTML pages), X-Content-Type-Options, Referrer-Policy, X-Frame-Options and
// Permissions-Policy. The builders are pure (test/unit/security-headers.test.ts); the Express
// middleware at the end applies them. See DECISIONS.md, "Content-Security-Policy with per-request nonces".
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import onHeaders from "on-headers";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's script nonce (set by the Express server in app/server/main.ts). */
    cspNonce?: string;
  }
}

/** 16 random bytes in base64: a new one for every request. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * The policy of an HTML page. Only scripts from this origin and inline scripts carrying this
 * request's nonce run (Remix's hydration and scroll-restoration scripts; the page's translations
 * are an inert `application/json` block, which is not a script). Inline styles stay allowed: React
 * `style` props and the QR codes' inline SVG use them, and they cannot run code.
 * `imageSources`: origins of images configured by the institution (its logo may be on its own
 * website); each must be a bare http(s) origin, see `imageOrigin`.
 */
export function documentPolicy(options: { nonce: string; imageSources?: readonly string[] }): string {
  if (!NONCE.test(options.nonce)) throw new Error("CSP nonce must be base64 of at least 12 bytes");
  const images = ["'self'", "data:"];
  for (const source of options.imageSources ?? []) {
    if (imageOrigin(source) !== source) throw new Error(`not an http(s) origin: ${JSON.stringify(source)}`);
    if (!images.includes(source)) images.push(source);
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${images.join(" ")}`,
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * JavaScript served by the app. A `<script src>` ignores its response's policy, but a worker runs
 * under it: the kiosk's service worker (/kiosco/sw.js) fetches and caches this origin's files.
 */
export const SCRIPT_POLICY = "default-src 'self'";

/** Everything else (JSON, CSV, spreadsheets, SVG, CSS, redirects): never a document that runs anything. */
export const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'";

export type ResponseKind = "document" | "script" | "resource";

export function responseKind(contentType: string | null | undefined): ResponseKind {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/html" || type === "application/xhtml+xml") return "document";
  if (type === "text/javascript" || type === "application/javascript" || type === "application/x-javascript") return "script";
  return "resource";
}

/** The Content-Security-Policy for a response of this Content-Type. */
export function contentSecurityPolicy(options: { contentType: string | null | undefined; nonce: string; imageSources?: readonly string[] }): string {
  switch (responseKind(options.contentType)) {
    case "document":
      return documentPolicy(options);
    case "script":
      return SCRIPT_POLICY;
    case "resource":
      return RESOURCE_POLICY;
  }
}

/**
 * Pages whose address carries a secret — the tracking page (`?folio=…&codigo=…`, opened from the
 * receipt's QR and emails), survey invitations (`/encuesta/<token>`), poster short links
 * (`/e/<code>`) and kiosk enrolment (`/kiosco/activar?codigo=…`) — send no Referer to any other
 * site. Not `no-referrer`: that makes browsers send `Origin: null` with the page's own form POSTs,
 * which Remix refuses as cross-site. Elsewhere other sites get the origin only.
 */
export function referrerPolicy(pathname: string): "same-origin" | "strict-origin-when-cross-origin" {
  const path = pathname.toLowerCase().replace(/\/+$/, "");
  if (path === "/seguimiento" || path === "/kiosco/activar") return "same-origin";
  if (path.startsWith("/encuesta/") || path.startsWith("/e/")) return "same-origin";
  return "strict-origin-when-cross-origin";
}

/** The headers every response gets, whatever its type (the CSP is added once the type is known). */
export function baseHeaders(pathname: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": referrerPolicy(pathname),
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

/**
 * The origin to allow for an image at `url` (e.g. the institution's logo), or null when nothing is
 * needed or allowed: a path on this site is covered by 'self'; anything but an absolute http(s)
 * URL is refused.
 */
export function imageOrigin(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Completes the response's headers just before they are written (on-headers: the first
 * `writeHead`, explicit or implicit, after the headers it was given are applied), once its
 * Content-Type is known: each of `baseHeaders` and the CSP matching the type, unless the response
 * already set its own — a route's stricter Referrer-Policy (case pages: `same-origin`), the
 * attachment downloads' sandbox CSP, the pages' CSP from app/entry.server.tsx.
 */
export function completeHeadersBeforeWrite(res: ServerResponse, pathname: string, nonce: () => string) {
  onHeaders(res, function () {
    const contentType = String(this.getHeader("Content-Type") ?? "");
    // Only a document needs the nonce: JSON answers never draw random bytes.
    const policy = contentSecurityPolicy({ contentType, nonce: responseKind(contentType) === "document" ? nonce() : "" });
    const headers = { ...baseHeaders(pathname), "Content-Security-Policy": policy };
    for (const [name, value] of Object.entries(headers)) if (this.getHeader(name) === undefined) this.setHeader(name, value);
  });
}

/** Express middleware: the nonce for this request (res.locals.cspNonce, passed to Remix) and every header. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  // Drawn on first use (a page's render or its CSP), the same value for both.
  let nonce: string | undefined;
  const nonceOnce = () => (nonce ??= newNonce());
  Object.defineProperty(res.locals, "cspNonce", { get: nonceOnce, enumerable: true });
  completeHeadersBeforeWrite(res, req.path, nonceOnce);
  next();
}
