// The office totem in Chromium with a tablet viewport: an admin registers kiosks through the admin
// pages (the seed's KIOSCO-DEMO code is left alone: it is single use for the whole run), a tablet
// enrols with the code, a rating takes at most 3 taps, the idle reset clears typed text, the kiosk
// works offline (service worker + encrypted queue) and syncs with no duplicates even when a sync is
// cut half-way, and a revoked kiosk shows its "disabled" screen. axe on every kiosk screen.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

const TABLET = { viewport: { width: 1180, height: 820 }, hasTouch: true };
const API_TOKEN = "oirs_e2e_token_0123456789abcdef";

test.describe.configure({ mode: "serial" });
test.use(TABLET);

function baseURL(): string {
  return test.info().project.use.baseURL!;
}

/** Registers a kiosk through the admin page; returns its one-time code. */
async function registerKiosk(page: Page, name: string, options: { idle?: number; check?: boolean } = {}) {
  await page.goto("/admin/kioscos/nuevo");
  await page.getByLabel(/^Nombre/).fill(name);
  await page.getByLabel(/Tiempo sin uso/).fill(String(options.idle ?? 45));
  if (options.check) await expectAccessible(page);
  await page.getByRole("button", { name: "Registrar y obtener código" }).click();
  const code = (await page.getByTestId("enrolment-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  return code;
}

async function kioskRow(page: Page, name: string) {
  await page.goto("/admin/kioscos");
  return page.locator(`tr[data-kiosk="${name}"]`);
}

async function ratingsOf(page: Page, name: string): Promise<number> {
  return Number(await (await kioskRow(page, name)).getByTestId("ratings").textContent());
}

/** A tablet of its own (storage, service worker) enrolled with `code`. */
async function enrolTablet(browser: Browser, code: string, options: { serviceWorkers?: "allow" | "block" } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...TABLET, baseURL: baseURL(), locale: "es-CL", serviceWorkers: options.serviceWorkers ?? "allow" });
  const page = await context.newPage();
  await page.goto(`/kiosco/activar?codigo=${encodeURIComponent(code)}`);
  await expect(page.getByLabel("Código de activación")).toHaveValue(code);
  await page.getByRole("button", { name: "Activar" }).click();
  await page.waitForURL(/\/kiosco$/);
  await expect(page.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  return { context, page };
}

async function rateWithTwoTaps(page: Page, score: number) {
  await page.getByRole("group", { name: /satisfecho/ }).getByRole("button", { name: new RegExp(`^${score}\\b`) }).click();
  await page.getByRole("button", { name: "Terminar aquí" }).click();
  await expect(page.getByRole("heading", { name: "¡Gracias!" })).toBeVisible();
  await page.getByRole("button", { name: "Volver al inicio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
}

async function casesMatching(request: import("@playwright/test").APIRequestContext, q: string): Promise<number> {
  const res = await request.get(`/api/v1/cases?${new URLSearchParams({ q })}`, { headers: { Authorization: `Bearer ${API_TOKEN}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

test("an admin registers a kiosk; the tablet enrols with the code; a rating takes three taps; every screen passes axe", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.admin);
  const code = await registerKiosk(page, "Tótem e2e uno", { check: true });
  await expectAccessible(page);

  // A wrong code: a clear message and a 4xx, nothing stored.
  const probe = await browser.newContext({ ...TABLET, baseURL: baseURL(), locale: "es-CL" });
  const probePage = await probe.newPage();
  await probePage.goto("/kiosco/activar");
  await expectAccessible(probePage);
  await probePage.getByLabel("Código de activación").fill("ZZZZ-9999");
  const [answer] = await Promise.all([probePage.waitForResponse((r) => r.request().method() === "POST"), probePage.getByRole("button", { name: "Activar" }).click()]);
  expect(answer.status()).toBe(400);
  await expect(probePage.getByRole("alert")).toContainText("no es válido");
  await probe.close();

  const { context, page: kiosk } = await enrolTablet(browser, code);
  const assertNoErrors = failOnConsoleErrors(kiosk);
  await expectAccessible(kiosk);
  // Language, larger text and high contrast on the first screen.
  await expect(kiosk.getByRole("button", { name: "English" })).toBeVisible();
  const large = kiosk.getByRole("button", { name: "Letra grande" });
  await large.click();
  await expect(large).toHaveAttribute("aria-pressed", "true");
  await kiosk.getByRole("button", { name: "Alto contraste" }).click();
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Alto contraste" }).click();
  await kiosk.getByRole("button", { name: "English" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfied/ })).toBeVisible();
  await expect(kiosk.locator("html")).toHaveAttribute("lang", "en");
  await kiosk.getByRole("button", { name: "Español" }).click();

  // Every touch target is at least 48 × 48 px.
  for (const box of await kiosk.locator(".kiosk button, .kiosk a").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]))) {
    expect(box[0]).toBeGreaterThanOrEqual(48);
    expect(box[1]).toBeGreaterThanOrEqual(48);
  }

  // Three taps: the main question, "resolved", "treatment" → thanks.
  let taps = 0;
  await kiosk.getByRole("group", { name: /satisfecho/ }).getByRole("button", { name: /^6\b/ }).click();
  taps++;
  await expect(kiosk.getByRole("heading", { name: /resolvió/ })).toBeVisible();
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Sí" }).click();
  taps++;
  await expect(kiosk.getByRole("heading", { name: /trato/ })).toBeVisible();
  await kiosk.getByRole("group", { name: /trato/ }).getByRole("button", { name: /^7\b/ }).click();
  taps++;
  await expect(kiosk.getByRole("heading", { name: "¡Gracias!" })).toBeVisible();
  expect(taps).toBeLessThanOrEqual(3);
  await expectAccessible(kiosk);

  // Filing a request online: receipt with folio and QR.
  await kiosk.getByRole("button", { name: "Volver al inicio" }).click();
  await kiosk.getByRole("button", { name: "Ingresar una solicitud" }).click();
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Enviar solicitud" }).click();
  await expect(kiosk.getByRole("alert")).toContainText("Elija qué quiere hacer");
  await expectAccessible(kiosk);
  await kiosk.getByLabel(/Consulta/).check();
  await kiosk.getByLabel("Descripción").fill("¿Qué documentos necesito para la matrícula? e2e-online");
  await kiosk.getByLabel("Nombre").fill("Pedro Soto");
  await kiosk.getByLabel("Correo electrónico").fill("pedro@example.cl");
  await kiosk.getByRole("button", { name: "Enviar solicitud" }).click();
  await expect(kiosk.getByRole("heading", { name: "Solicitud recibida" })).toBeVisible();
  await expect(kiosk.getByRole("img", { name: /Código QR para seguir/ })).toBeVisible();
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Terminar" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  expect(await casesMatching(kiosk.request, "e2e-online")).toBe(1);

  await expect.poll(() => ratingsOf(page, "Tótem e2e uno")).toBe(1);
  assertNoErrors();
  await context.close();
});

test("the idle timeout goes back to the first screen and forgets what was typed", async ({ page, browser }) => {
  await signIn(page, USERS.admin);
  const code = await registerKiosk(page, "Tótem e2e inactivo", { idle: 5 });
  const { context, page: kiosk } = await enrolTablet(browser, code);
  await kiosk.getByRole("button", { name: "Letra grande" }).click();
  await kiosk.getByRole("button", { name: "Ingresar una solicitud" }).click();
  await kiosk.getByLabel("Descripción").fill("Texto privado que no debe quedar");
  await kiosk.getByLabel("Nombre").fill("Persona Privada");
  await kiosk.evaluate(() => sessionStorage.setItem("scratch", "x"));
  // No touch for 5 s: back to the start.
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible({ timeout: 9000 });
  await expect(kiosk.getByRole("button", { name: "Letra grande" })).toHaveAttribute("aria-pressed", "false");
  expect(await kiosk.content()).not.toContain("Texto privado");
  await kiosk.getByRole("button", { name: "Ingresar una solicitud" }).click();
  await expect(kiosk.getByLabel("Descripción")).toHaveValue("");
  await expect(kiosk.getByLabel("Nombre")).toHaveValue("");
  const stored = await kiosk.evaluate(() => ({ local: Object.keys(localStorage).sort(), session: sessionStorage.length }));
  expect(stored).toEqual({ local: ["oirs.kiosk.config", "oirs.kiosk.credential"], session: 0 });
  await context.close();
});

test("offline: 3 ratings and 1 request are queued, survive a reload, and sync once online — exactly 3 ratings and 1 case", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.admin);
  const code = await registerKiosk(page, "Tótem e2e offline");
  const { context, page: kiosk } = await enrolTablet(browser, code);
  // The shell is cached by the service worker before the network goes away.
  await kiosk.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 50; i++) {
      const keys = await caches.keys();
      for (const k of keys) {
        const cache = await caches.open(k);
        // The page, then its scripts and its strings in both languages (the latter are stored last).
        const english = (await cache.keys()).some((r) => new URL(r.url).pathname === "/i18n/en/kiosk");
        if ((await cache.match("/kiosco")) && english) return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("shell not cached");
  });

  await context.setOffline(true);
  await expect(kiosk.getByText(/Sin conexión/)).toBeVisible();
  await expectAccessible(kiosk);
  for (const score of [7, 4, 1]) await rateWithTwoTaps(kiosk, score);
  await kiosk.getByRole("button", { name: "Ingresar una solicitud" }).click();
  await kiosk.getByLabel(/Sugerencia/).check();
  await kiosk.getByLabel("Descripción").fill("Más sillas en la sala de espera e2e-offline");
  await kiosk.getByRole("button", { name: "Enviar solicitud" }).click();
  await expect(kiosk.getByRole("heading", { name: /Recibimos su solicitud/ })).toBeVisible();
  await expect(kiosk.getByText(/^K-[A-Z0-9]{5}$/)).toBeVisible();
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Terminar" }).click();
  await expect(kiosk.getByText("4 envíos pendientes")).toBeVisible();

  // Reload with the network off: the shell comes from the service worker, the queue from IndexedDB.
  await kiosk.reload();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  await expect(kiosk.getByText("4 envíos pendientes")).toBeVisible();
  // The page carries its own strings; the other language's were cached with the shell.
  await kiosk.getByRole("button", { name: "English" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfied/ })).toBeVisible();
  await kiosk.getByRole("button", { name: "Español" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  // Queued items are encrypted at rest: no answer or text in clear in IndexedDB.
  const raw = await kiosk.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open("oirs-kiosk");
        open.onsuccess = () => {
          const req = open.result.transaction("queue").objectStore("queue").getAll();
          req.onsuccess = () => resolve(JSON.stringify(req.result.map((r: { data: ArrayBuffer }) => Array.from(new Uint8Array(r.data)))));
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(Buffer.from(JSON.parse(raw).flat()).toString("latin1")).not.toContain("sillas");

  await context.setOffline(false);
  // One rating every 5 s per kiosk: the sync waits out Retry-After.
  await expect(kiosk.getByText(/envíos? pendientes?/)).toHaveCount(0, { timeout: 60_000 });
  expect(await ratingsOf(page, "Tótem e2e offline")).toBe(3);
  expect(await casesMatching(page.request, "e2e-offline")).toBe(1);
  await context.close();
});

test("a sync cut off by server errors half-way leaves no duplicates", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.admin);
  const code = await registerKiosk(page, "Tótem e2e cortes");
  // Route interception needs requests that a service worker does not see.
  const { context, page: kiosk } = await enrolTablet(browser, code, { serviceWorkers: "block" });
  let phase: "down" | "flaky" = "down";
  const keysInOrder: string[] = [];
  const attempts = new Map<string, number>();
  let cutOff = false;
  await kiosk.route("**/api/v1/survey-responses", async (route) => {
    const key = route.request().headers()["idempotency-key"]!;
    if (!keysInOrder.includes(key)) keysInOrder.push(key);
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    if (phase === "down") return route.fulfill({ status: 503, contentType: "application/json", body: '{"code":"unavailable"}' });
    // The second item reaches the server and is stored, but the answer is lost on the way back.
    if (!cutOff && key === keysInOrder[1]) {
      const res = await route.fetch();
      if (res.status() === 201) {
        cutOff = true;
        return route.fulfill({ status: 503, contentType: "application/json", body: '{"code":"unavailable"}' });
      }
      return route.fulfill({ response: res });
    }
    return route.continue();
  });
  for (const score of [5, 6, 7]) await rateWithTwoTaps(kiosk, score);
  await expect(kiosk.getByText("3 envíos pendientes")).toBeVisible();
  phase = "flaky";
  await kiosk.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(kiosk.getByText(/envíos? pendientes?/)).toHaveCount(0, { timeout: 60_000 });
  expect(cutOff).toBe(true);
  expect(keysInOrder).toHaveLength(3);
  expect(attempts.get(keysInOrder[1]!)).toBeGreaterThanOrEqual(2);
  expect(await ratingsOf(page, "Tótem e2e cortes")).toBe(3);
  await context.close();
});

test("a revoked kiosk is refused and shows that it is disabled", async ({ page, browser }) => {
  await signIn(page, USERS.admin);
  const code = await registerKiosk(page, "Tótem e2e revocado");
  const { context, page: kiosk } = await enrolTablet(browser, code);
  const row = await kioskRow(page, "Tótem e2e revocado");
  await row.getByRole("link", { name: /Revocar/ }).click();
  await page.getByRole("button", { name: "Sí, revocar" }).click();
  await expect(page.getByText("El tótem fue revocado.")).toBeVisible();
  await kiosk.getByRole("group", { name: /satisfecho/ }).getByRole("button", { name: /^5\b/ }).click();
  await kiosk.getByRole("button", { name: "Terminar aquí" }).click();
  await expect(kiosk.getByRole("heading", { name: "Este tótem está deshabilitado" })).toBeVisible();
  await expectAccessible(kiosk);
  await kiosk.reload();
  await expect(kiosk.getByRole("heading", { name: "Este tótem está deshabilitado" })).toBeVisible();
  await context.close();
});
