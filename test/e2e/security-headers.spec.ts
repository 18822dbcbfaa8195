// Every HTML page answers with a Content-Security-Policy that runs no inline script without this
// request's nonce (app/server/security-headers.ts): the nonce is new on every load, Remix's inline
// scripts carry it, the page still hydrates, and Chromium reports no violation — on public pages, a
// reclamo filed with JavaScript, the staff pages and the kiosk with its service worker.
import { expect, test, type Page, type Response } from "@playwright/test";
import { signIn, USERS } from "./fixtures";

declare global {
  interface Window {
    __cspViolations?: string[];
    __sameDocument?: boolean;
  }
}

// Each test files from its own address, so the per-IP limits never couple it with other specs.
let ipCounter = 40;
function freshIp() {
  ipCounter += 1;
  return `198.18.7.${ipCounter}`;
}

/**
 * Records what would break under the policy: console messages about it (Chromium logs every
 * refused script, style, image or connection), `securitypolicyviolation` events, uncaught errors
 * and hydration errors. The init script is injected by the browser tooling, so the CSP does not apply to it.
 */
async function watchPolicy(page: Page) {
  const problems: string[] = [];
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) problems.push(`console: ${text}`);
    else if (msg.type() === "error" && /hydrat|did not match/i.test(text)) problems.push(`hydration: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const seen = async () => {
    const reported = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    return [...problems, ...reported.map((v) => `event: ${v}`)];
  };
  const expectNone = async () => expect(await seen(), `CSP problems on ${page.url()}`).toEqual([]);
  return Object.assign(expectNone, { seen });
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!.toLowerCase(), values]));
}

/**
 * Checks a full page load: the headers, the nonce on every executable inline script, hydration.
 * Returns the load's nonce.
 */
async function expectStrictPage(page: Page, response: Response | null, referrer = "strict-origin-when-cross-origin"): Promise<string> {
  expect(response, "a document response").not.toBeNull();
  const headers = response!.headers();
  expect(headers["content-type"]).toMatch(/^text\/html/);
  const csp = headers["content-security-policy"];
  expect(csp, `CSP header on ${page.url()}`).toBeTruthy();
  expect(csp!.split(",")).toHaveLength(1); // one policy, not two joined
  const policy = directives(csp!);
  const scriptSrc = policy.get("script-src") ?? [];
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(scriptSrc.filter((s) => s !== "'self'")).toHaveLength(1);
  const nonce = /^'nonce-([A-Za-z0-9+/]{22}==)'$/.exec(scriptSrc.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, `a 16-byte nonce in ${csp}`).toBeTruthy();
  expect(policy.get("default-src")).toEqual(["'self'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe(referrer);

  // Inline scripts: every executable one carries the nonce (the DOM property keeps it; the
  // attribute is hidden once loaded); the translations are an inert JSON block.
  const inline = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src])")].map((s) => ({ type: (s as HTMLScriptElement).type, id: s.id, nonce: (s as HTMLScriptElement).nonce, attribute: s.getAttribute("nonce") })),
  );
  const executable = inline.filter((s) => s.type !== "application/json");
  expect(executable.length, "Remix's inline scripts").toBeGreaterThanOrEqual(2);
  for (const script of executable) {
    expect(script.nonce, `nonce of an inline ${script.type || "classic"} script`).toBe(nonce);
    // Hidden from the attribute once loaded: why the browser's render passes "" (app/components/Nonce.tsx).
    expect(script.attribute).toBe("");
  }
  expect(inline.filter((s) => s.type === "application/json").map((s) => s.id)).toEqual(["i18n-payload"]);

  // Hydrated: the module script ran, loaded the entry and React took over the document.
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window && Object.keys(document).some((k) => k.startsWith("__reactContainer$")))).toBe(true);
  return nonce!;
}

test.describe("Content-Security-Policy", () => {
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": freshIp() } });

  test("public pages: a new nonce on every load, nonce'd inline scripts, hydrated, no violation", async ({ page }) => {
    const noProblems = await watchPolicy(page);
    const nonces: string[] = [];

    nonces.push(await expectStrictPage(page, await page.goto("/")));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("OIRS");
    nonces.push(await expectStrictPage(page, await page.reload()));

    // A year no other spec reads: the transparency page keeps each year's figures for 5 minutes, and
    // transparency.spec.ts files cases into a month of last year or this one and then reads them.
    for (const path of ["/ingresar/reclamo", "/login", "/transparencia?anio=2020", "/encuesta/gracias", "/seguimiento", "/kiosco/activar"]) {
      const referrer = ["/seguimiento", "/kiosco/activar", "/encuesta/gracias"].includes(path) ? "same-origin" : "strict-origin-when-cross-origin";
      nonces.push(await expectStrictPage(page, await page.goto(path), referrer));
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    expect(new Set(nonces).size, "every load has its own nonce").toBe(nonces.length);

    // Interactive after hydration: a client-side navigation (no new document).
    await page.goto("/");
    await page.evaluate(() => (window.__sameDocument = true));
    await page.getByRole("link", { name: "Hacer un reclamo" }).click();
    await expect(page).toHaveURL(/\/ingresar\/reclamo$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hacer un reclamo");
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await noProblems();
  });

  test("a reclamo filed with JavaScript, its receipt (inline SVG QR) and the tracking page", async ({ page }) => {
    const noProblems = await watchPolicy(page);
    await expectStrictPage(page, await page.goto("/ingresar/reclamo"));
    await page.evaluate(() => (window.__sameDocument = true));
    await page.getByLabel("Asunto", { exact: true }).fill("Prueba de CSP");
    await page.getByLabel("Descripción", { exact: true }).fill("Un reclamo enviado con JavaScript bajo la política de seguridad.");
    await page.getByLabel("Nombre completo").fill("Camila Rojas");
    await page.getByLabel(/^Correo electrónico/).fill("camila@example.cl");
    await page.getByLabel("Por correo electrónico").check();
    await page.getByRole("button", { name: /^Enviar/ }).click();
    await expect(page).toHaveURL(/\/comprobante$/);
    // Filed by Remix in the page (fetch), not by a plain form post.
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect(page.getByRole("img", { name: /QR/ })).toBeVisible();
    const folio = (await page.getByTestId("folio").textContent())!.trim();
    const accessCode = (await page.getByTestId("access-code").textContent())!.trim();

    await page.getByRole("link", { name: "Ver el estado de la solicitud" }).click();
    await expect(page.getByTestId("status")).toHaveText("Recibida: pronto será revisada");

    // The tracking link as opened from the QR or an email: a full load, no Referer anywhere.
    const url = `/seguimiento?folio=${encodeURIComponent(folio)}&codigo=${encodeURIComponent(accessCode)}`;
    await expectStrictPage(page, await page.goto(url), "same-origin");
    await expect(page.getByTestId("status")).toHaveText("Recibida: pronto será revisada");
    await noProblems();
  });

  test("staff pages: an admin signs in, opens the inbox and the committee dashboard", async ({ page }) => {
    const noProblems = await watchPolicy(page);
    await signIn(page, USERS.admin);
    await expect(page).toHaveURL(/\/admin$/);
    const nonces = [await expectStrictPage(page, await page.reload())];
    nonces.push(await expectStrictPage(page, await page.goto("/gestion")));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bandeja de casos");
    nonces.push(await expectStrictPage(page, await page.goto("/comite")));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Panel del Comité de Calidad \d{4}$/);
    expect(new Set(nonces).size).toBe(nonces.length);
    await noProblems();
  });

  test("the kiosk: enrolment, the page and its service worker work under the policy", async ({ page, browser, baseURL }) => {
    const noProblems = await watchPolicy(page);
    await signIn(page, USERS.admin);
    await expectStrictPage(page, await page.goto("/admin/kioscos/nuevo"));
    await page.getByLabel(/^Nombre/).fill("Tótem e2e CSP");
    await page.getByLabel(/Tiempo sin uso/).fill("45");
    await page.getByRole("button", { name: "Registrar y obtener código" }).click();
    const code = (await page.getByTestId("enrolment-code").textContent())!.trim();
    await expect(page.getByRole("img", { name: /QR/ })).toBeVisible();
    await noProblems();

    const context = await browser.newContext({ baseURL, locale: "es-CL", serviceWorkers: "allow", viewport: { width: 1180, height: 820 }, hasTouch: true });
    try {
      const tablet = await context.newPage();
      const tabletProblems = await watchPolicy(tablet);
      await expectStrictPage(tablet, await tablet.goto(`/kiosco/activar?codigo=${encodeURIComponent(code)}`), "same-origin");
      await tablet.getByRole("button", { name: "Activar" }).click();
      await tablet.waitForURL(/\/kiosco$/);
      await expect(tablet.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();

      // The worker installs (it fetched and cached the shell under its own policy, default-src 'self').
      const cached = await tablet.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        const name = (await caches.keys()).find((k) => k.startsWith("oirs-kiosk-"));
        const keys = name ? await (await caches.open(name)).keys() : [];
        return { active: Boolean(registration.active), paths: keys.map((r) => new URL(r.url).pathname) };
      });
      expect(cached.active).toBe(true);
      expect(cached.paths).toContain("/kiosco");
      expect(cached.paths.some((p) => p.startsWith("/build/"))).toBe(true);
      // The worker found the translations payload in the page (its markup is unchanged: no nonce).
      expect(cached.paths.some((p) => p.startsWith("/i18n/"))).toBe(true);

      // Reloaded through the worker: the page still carries a policy matching its scripts.
      await expectStrictPage(tablet, await tablet.reload());
      expect(await tablet.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
      await expect(tablet.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
      await tabletProblems();
    } finally {
      await context.close();
    }
  });

  test("an inline script without the nonce is refused, and the watcher reports it", async ({ page }) => {
    const watcher = await watchPolicy(page);
    await expectStrictPage(page, await page.goto("/"));
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__sameDocument = false;";
      document.body.append(script);
    });
    await expect.poll(() => watcher.seen()).toEqual(expect.arrayContaining([expect.stringMatching(/^event: script-src(-elem)? blocked inline/)]));
    expect(await page.evaluate(() => window.__sameDocument)).toBeUndefined();
  });

  test("other responses: JSON, the service worker script, a missing page", async ({ request }) => {
    const api = await request.get("/api/v1/openapi.json");
    expect(api.headers()["content-type"]).toMatch(/json/);
    expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");

    const fastPath = await request.post("/api/v1/survey-responses", { data: {} });
    expect(fastPath.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(fastPath.headers()["x-frame-options"]).toBe("DENY");

    const worker = await request.get("/kiosco/sw.js");
    expect(worker.headers()["content-security-policy"]).toBe("default-src 'self'");

    const missing = await request.get("/no-existe");
    expect(missing.status()).toBe(404);
    expect(missing.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='/);
  });
});
