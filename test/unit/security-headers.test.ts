import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import {
  completeHeadersBeforeWrite,
  contentSecurityPolicy,
  documentPolicy,
  imageOrigin,
  newNonce,
  referrerPolicy,
  RESOURCE_POLICY,
  responseKind,
  SCRIPT_POLICY,
} from "~/server/security-headers";

const NONCE = "q1w2e3r4t5y6u7i8o9p0aA==";

const PAGE_POLICY =
  "default-src 'self'; script-src 'self' 'nonce-q1w2e3r4t5y6u7i8o9p0aA=='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'; frame-ancestors 'none'";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe("newNonce", () => {
  it("is 16 random bytes in base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      expect(() => documentPolicy({ nonce })).not.toThrow();
    }
  });
});

describe("documentPolicy", () => {
  it("is the page policy, with the nonce in script-src only", () => {
    expect(documentPolicy({ nonce: NONCE })).toBe(PAGE_POLICY);
  });

  it("never allows inline scripts or eval without the nonce", () => {
    const policy = directives(documentPolicy({ nonce: newNonce() }));
    expect(policy.get("script-src")).toHaveLength(2);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it.each([
    [[], "img-src 'self' data:"],
    [["https://www.minsal.cl"], "img-src 'self' data: https://www.minsal.cl"],
    [["https://cdn.example.cl:8443", "https://cdn.example.cl:8443"], "img-src 'self' data: https://cdn.example.cl:8443"],
  ])("image sources %j → %s", (imageSources, expected) => {
    expect(documentPolicy({ nonce: NONCE, imageSources }).split("; ")).toContain(expected);
  });

  it.each([
    ["", "empty"],
    ["abc", "too short"],
    ["q1w2e3r4t5y6u7i8o9p0aA==' 'unsafe-inline", "quote injection"],
    ["q1w2e3r4t5y6u7i8o9p0aA==; script-src *", "directive injection"],
    ["q1w2e3r4t5y6u7i8o9p0aA==\r\nX: y", "header injection"],
  ])("refuses the nonce %j (%s)", (nonce) => {
    expect(() => documentPolicy({ nonce })).toThrow(/nonce/);
  });

  it.each([["https://x.cl/logo.png"], ["*"], ["https:"], ["'unsafe-inline'"], ["https://x.cl; script-src *"], ["javascript:alert(1)"]])(
    "refuses the image source %j (not a bare origin)",
    (source) => {
      expect(() => documentPolicy({ nonce: NONCE, imageSources: [source] })).toThrow(/origin/);
    },
  );
});

describe("responseKind and contentSecurityPolicy", () => {
  it.each([
    ["text/html; charset=utf-8", "document", PAGE_POLICY],
    ["TEXT/HTML", "document", PAGE_POLICY],
    ["application/xhtml+xml", "document", PAGE_POLICY],
    ["text/javascript; charset=utf-8", "script", SCRIPT_POLICY],
    ["application/javascript", "script", SCRIPT_POLICY],
    ["application/json; charset=utf-8", "resource", RESOURCE_POLICY],
    ["application/problem+json", "resource", RESOURCE_POLICY],
    ["text/csv; charset=utf-8", "resource", RESOURCE_POLICY],
    ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "resource", RESOURCE_POLICY],
    ["image/svg+xml", "resource", RESOURCE_POLICY],
    ["text/css", "resource", RESOURCE_POLICY],
    ["application/manifest+json", "resource", RESOURCE_POLICY],
    ["text/plain", "resource", RESOURCE_POLICY],
    ["", "resource", RESOURCE_POLICY],
    [null, "resource", RESOURCE_POLICY],
  ])("%j → %s", (contentType, kind, policy) => {
    expect(responseKind(contentType)).toBe(kind);
    expect(contentSecurityPolicy({ contentType, nonce: NONCE })).toBe(policy);
  });

  it("the service worker may fetch this origin", () => {
    expect(SCRIPT_POLICY).toBe("default-src 'self'");
  });

  it("other responses load nothing and cannot be framed", () => {
    expect(RESOURCE_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe("referrerPolicy", () => {
  it.each([
    ["/seguimiento", "same-origin"],
    ["/seguimiento/", "same-origin"],
    ["/Seguimiento", "same-origin"],
    ["/encuesta/abc123", "same-origin"],
    ["/encuesta/gracias", "same-origin"],
    ["/e/AB12CD", "same-origin"],
    ["/kiosco/activar", "same-origin"],
    ["/", "strict-origin-when-cross-origin"],
    ["/ingresar/reclamo", "strict-origin-when-cross-origin"],
    ["/comprobante", "strict-origin-when-cross-origin"],
    ["/kiosco", "strict-origin-when-cross-origin"],
    ["/encuestas", "strict-origin-when-cross-origin"],
    ["/entrar", "strict-origin-when-cross-origin"],
    ["/seguimientos", "strict-origin-when-cross-origin"],
    ["/api/v1/cases", "strict-origin-when-cross-origin"],
  ])("%s → %s", (path, expected) => {
    expect(referrerPolicy(path)).toBe(expected);
  });
});

describe("imageOrigin", () => {
  it.each([
    ["https://www.minsal.cl/logo.png", "https://www.minsal.cl"],
    ["HTTPS://WWW.Minsal.CL:443/img/logo.svg?x=1", "https://www.minsal.cl"],
    ["http://intranet.example:8080/logo.png", "http://intranet.example:8080"],
    ["/logo.png", null],
    ["//evil.example/x.png", null],
    ["data:image/png;base64,AAAA", null],
    ["javascript:alert(1)", null],
    ["ftp://x.cl/logo.png", null],
    ["https://", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (url, expected) => {
    expect(imageOrigin(url)).toBe(expected);
  });
});

describe("completeHeadersBeforeWrite", () => {
  function response(path: string) {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    completeHeadersBeforeWrite(res, path, () => NONCE);
    return res;
  }

  it.each([
    ["an HTML page (setHeader, then end)", "/", (res: ServerResponse) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end("<!DOCTYPE html>");
    }, { csp: PAGE_POLICY, referrer: "strict-origin-when-cross-origin" }],
    ["JSON given to writeHead as an object", "/api/v1/survey-responses", (res: ServerResponse) => {
      res.writeHead(201, { "content-type": "application/json" }).end("{}");
    }, { csp: RESOURCE_POLICY, referrer: "strict-origin-when-cross-origin" }],
    ["a status message and a flat header array", "/kiosco/sw.js", (res: ServerResponse) => {
      res.writeHead(200, "OK", ["Content-Type", "text/javascript"]).end("");
    }, { csp: SCRIPT_POLICY, referrer: "strict-origin-when-cross-origin" }],
    ["a redirect without a body type", "/seguimiento", (res: ServerResponse) => {
      res.statusCode = 302;
      res.setHeader("Location", "/");
      res.end();
    }, { csp: RESOURCE_POLICY, referrer: "same-origin" }],
    ["a download's own sandbox policy", "/gestion/casos/1/adjuntos/2", (res: ServerResponse) => {
      res.setHeader("Content-Type", "text/html");
      res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
      res.end("");
    }, { csp: "default-src 'none'; sandbox", referrer: "strict-origin-when-cross-origin" }],
    ["a route's own Referrer-Policy", "/gestion/casos/1", (res: ServerResponse) => {
      res.setHeader("Content-Type", "text/html");
      res.setHeader("Referrer-Policy", "same-origin");
      res.end("");
    }, { csp: PAGE_POLICY, referrer: "same-origin" }],
  ] as const)("%s", (_name, path, write, expected) => {
    const res = response(path);
    write(res);
    expect(res.getHeader("Content-Security-Policy")).toBe(expected.csp);
    expect(res.getHeader("Referrer-Policy")).toBe(expected.referrer);
    expect(res.getHeader("X-Content-Type-Options")).toBe("nosniff");
    expect(res.getHeader("X-Frame-Options")).toBe("DENY");
    expect(res.getHeader("Permissions-Policy")).toBe("camera=(), microphone=(), geolocation=()");
    // One value each: nothing was appended twice.
    const raw = (res as unknown as { _header: string })._header;
    expect(raw.match(/^content-security-policy:/gim)).toHaveLength(1);
    expect(raw.match(/^referrer-policy:/gim)).toHaveLength(1);
  });
});
