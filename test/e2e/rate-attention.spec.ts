// "Rate this attention" end to end: an officer opens a case (without JavaScript: plain POST and
// redirect), clicks "Valorar esta atención" and reads the counter code and its QR code; a tablet
// enrolled as a kiosk takes "Tengo un código de atención", refuses a wrong code with a clear
// message, accepts the real one and rates; the response is linked to the case (the case page says
// it was answered) and to the official (the satisfaction results by official count it). Offline,
// the kiosk says plainly that the code cannot be checked and offers to rate without it; the idle
// reset forgets a typed code. axe on every new state.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, expectAccessibleWithoutScripts, signIn, USERS } from "./fixtures";

const TABLET = { viewport: { width: 1180, height: 820 }, hasTouch: true };
const API_TOKEN = "oirs_e2e_token_0123456789abcdef";
const OFFICER_NAME = "Javiera Cortés Pizarro";

test.describe.configure({ mode: "serial" });

function baseURL(): string {
  return test.info().project.use.baseURL!;
}

/** Registers a kiosk through the admin pages (as the admin) and enrols a tablet of its own with the code. */
async function kioskTablet(browser: Browser, name: string, idleSeconds: number) {
  const adminContext = await browser.newContext({ baseURL: baseURL(), locale: "es-CL" });
  const admin = await adminContext.newPage();
  await signIn(admin, USERS.admin);
  await admin.goto("/admin/kioscos/nuevo");
  await admin.getByLabel(/^Nombre/).fill(name);
  await admin.getByLabel(/Tiempo sin uso/).fill(String(idleSeconds));
  await admin.getByRole("button", { name: "Registrar y obtener código" }).click();
  const code = (await admin.getByTestId("enrolment-code").textContent())!.trim();
  await adminContext.close();

  const context = await browser.newContext({ ...TABLET, baseURL: baseURL(), locale: "es-CL" });
  const page = await context.newPage();
  await page.goto(`/kiosco/activar?codigo=${encodeURIComponent(code)}`);
  await page.getByRole("button", { name: "Activar" }).click();
  await page.waitForURL(/\/kiosco$/);
  await expect(page.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  return { context, page };
}

/** A walk-in case registered through the staff API; its folio. */
async function newCase(page: Page, stamp: string): Promise<string> {
  const res = await page.request.post("/api/v1/cases", {
    headers: { Authorization: `Bearer ${API_TOKEN}`, "X-Forwarded-For": "198.18.7.31" },
    data: {
      kind: "CONSULTA",
      subject: `Consulta en el mesón ${stamp}`,
      description: "Pregunta por los requisitos del certificado de antigüedad.",
      citizen: { name: "Pedro Soto", email: `pedro.${stamp}@example.cl` },
      replyChannel: "EMAIL",
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { folio: string }).folio;
}

/** How many responses the satisfaction results credit to the officer for counter (PRESENCIAL) attention. */
async function officerCount(page: Page): Promise<number> {
  await page.goto("/satisfaccion?channel=PRESENCIAL");
  const table = page.getByRole("table", { name: "Resultados por funcionario/a" });
  const row = table.getByRole("row", { name: new RegExp(OFFICER_NAME) });
  if ((await row.count()) === 0) return 0;
  return Number((await row.getByRole("cell").first().textContent())!.trim());
}

test("an officer offers the rating on the case page; the kiosk takes the code; the response is linked to the case and the officer", async ({ browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);

  // The officer works without JavaScript: the action is a plain form POST and a redirect.
  const officerContext = await browser.newContext({ baseURL: baseURL(), locale: "es-CL", javaScriptEnabled: false });
  const officer = await officerContext.newPage();
  await signIn(officer, USERS.oirs);
  const folio = await newCase(officer, stamp);
  const before = await officerCount(officer);

  await officer.goto(`/gestion/casos/${folio}`);
  const section = officer.getByRole("region", { name: "Valorar esta atención" });
  await expect(section).toBeVisible();
  const [post] = await Promise.all([
    officer.waitForResponse((r) => r.request().method() === "POST"),
    section.getByRole("button", { name: "Valorar esta atención" }).click(),
  ]);
  expect(post.status()).toBe(303);
  await expect(officer.locator("#aviso")).toContainText("Se creó un código para valorar la atención.");
  const code = (await officer.getByTestId("counter-code").textContent())!.trim();
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$/);
  await expect(section.getByText(/Tengo un código de atención/)).toBeVisible();
  await expect(section.getByRole("img", { name: /Código QR con el enlace a la encuesta/ })).toBeVisible();
  await expect(section.getByText(/Válido hasta las \d{2}:\d{2}/)).toBeVisible();
  await expectAccessibleWithoutScripts(browser, officer);
  // The timeline records the offer (internal), never the code.
  await expect(officer.locator(".case-timeline")).toContainText("Se ofreció valorar la atención (código de mesón)");
  await expect(officer.locator(".case-timeline")).not.toContainText(code);

  // The kiosk.
  const { context: tabletContext, page: kiosk } = await kioskTablet(browser, `Tótem mesón ${stamp}`, 45);
  // Uncaught errors fail the test; the console's "failed to load resource" lines for the codes this
  // test gets refused on purpose (404, 409) are expected.
  const pageErrors: string[] = [];
  kiosk.on("pageerror", (error) => pageErrors.push(error.message));
  kiosk.on("console", (msg) => {
    if (msg.type() === "error" && !/status of (404|409)/.test(msg.text())) pageErrors.push(msg.text());
  });
  const open = kiosk.getByRole("button", { name: "Tengo un código de atención" });
  await expect(open).toBeVisible();
  await open.click();
  await expect(kiosk.getByRole("heading", { level: 1, name: "Ingrese su código de atención" })).toBeVisible();
  const field = kiosk.getByLabel("Código de atención");
  await expect(field).toHaveAttribute("autocomplete", "off");
  await expect(field).toHaveAttribute("inputmode", "text");
  await expectAccessible(kiosk);

  // A wrong code: a clear message, a 404, and the field stays for another try.
  await field.fill("zzz-zzz");
  await expect(field).toHaveValue("ZZZ-ZZZ");
  const [wrong] = await Promise.all([kiosk.waitForResponse((r) => r.url().endsWith("/kiosco/codigo")), kiosk.getByRole("button", { name: "Continuar" }).click()]);
  expect(wrong.status()).toBe(404);
  await expect(kiosk.getByRole("alert")).toHaveText("No encontramos ese código. Revíselo o pida ayuda al funcionario.");
  await expectAccessible(kiosk);

  // The real code, typed without the dash and in lower case.
  await field.fill(code.replace("-", "").toLowerCase());
  const [ok] = await Promise.all([kiosk.waitForResponse((r) => r.url().endsWith("/kiosco/codigo")), kiosk.getByRole("button", { name: "Continuar" }).click()]);
  expect(ok.status()).toBe(200);
  await expect(kiosk.getByTestId("kiosk-code-accepted")).toHaveText(`Código ${code} aceptado: su valoración quedará asociada a la atención que recibió.`);
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  await expectAccessible(kiosk);

  // Rate: the main question and "Terminar aquí"; the rating goes out with the code.
  const [rating] = await Promise.all([
    kiosk.waitForResponse((r) => r.url().endsWith("/api/v1/survey-responses")),
    (async () => {
      await kiosk.getByRole("group", { name: /satisfecho/ }).getByRole("button", { name: /^6\b/ }).click();
      await kiosk.getByRole("button", { name: "Terminar aquí" }).click();
    })(),
  ]);
  expect(rating.status()).toBe(201);
  expect(rating.request().postDataJSON()).toMatchObject({ counterCode: code, answers: { overall: 6 } });
  await expect(kiosk.getByRole("heading", { name: "¡Gracias!" })).toBeVisible();
  await kiosk.getByRole("button", { name: "Volver al inicio" }).click();
  // Finished: the code is forgotten with everything else.
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  await expect(kiosk.getByTestId("kiosk-code-accepted")).toHaveCount(0);
  await expect(kiosk.getByRole("button", { name: "Tengo un código de atención" })).toBeVisible();

  // The same code a second time: already used.
  await kiosk.getByRole("button", { name: "Tengo un código de atención" }).click();
  await kiosk.getByLabel("Código de atención").fill(code);
  const [again] = await Promise.all([kiosk.waitForResponse((r) => r.url().endsWith("/kiosco/codigo")), kiosk.getByRole("button", { name: "Continuar" }).click()]);
  expect(again.status()).toBe(409);
  await expect(kiosk.getByRole("alert")).toHaveText("Ese código ya se usó: cada atención se valora una sola vez.");
  await kiosk.getByRole("button", { name: "Volver" }).click();
  expect(pageErrors, "kiosk page errors").toEqual([]);

  // Linked to the case: the officer's page says it was answered; and to the officer: one more in the results.
  await officer.goto(`/gestion/casos/${folio}`);
  await expect(officer.getByTestId("counter-offer-used")).toHaveText("La persona ya valoró esta atención. Gracias.");
  await expect(officer.getByTestId("counter-code")).toHaveCount(0);
  await expectAccessibleWithoutScripts(browser, officer);
  expect(await officerCount(officer)).toBe(before + 1);

  await tabletContext.close();
  await officerContext.close();
});

test("offline, the kiosk says the code cannot be checked and offers to rate without it; the idle reset forgets a typed code", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const { context, page: kiosk } = await kioskTablet(browser, `Tótem sin red ${stamp}`, 12);

  await context.setOffline(true);
  await kiosk.getByRole("button", { name: "Tengo un código de atención" }).click();
  await kiosk.getByLabel("Código de atención").fill("K7M-29Q");
  await kiosk.getByRole("button", { name: "Continuar" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: "Sin conexión" })).toBeVisible();
  await expect(kiosk.getByRole("alert")).toHaveText(/Sin conexión no podemos revisar el código.*anónima/);
  await expectAccessible(kiosk);
  await kiosk.getByRole("button", { name: "Valorar sin código" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible();
  await expect(kiosk.getByTestId("kiosk-code-accepted")).toHaveCount(0);
  await context.setOffline(false);

  // A code typed and left there: after the idle timeout the kiosk is back at the start, the field empty.
  await kiosk.getByRole("button", { name: "Tengo un código de atención" }).click();
  await kiosk.getByLabel("Código de atención").fill("ABC-DEF");
  await expect(kiosk.getByRole("heading", { level: 1, name: /satisfecho/ })).toBeVisible({ timeout: 30_000 });
  await kiosk.getByRole("button", { name: "Tengo un código de atención" }).click();
  await expect(kiosk.getByLabel("Código de atención")).toHaveValue("");

  // In English too.
  await kiosk.getByRole("button", { name: "Volver" }).click();
  await kiosk.getByRole("button", { name: "English" }).click();
  await kiosk.getByRole("button", { name: "I have a service code" }).click();
  await expect(kiosk.getByRole("heading", { level: 1, name: "Enter your service code" })).toBeVisible();
  await kiosk.getByLabel("Service code").fill("K0-1");
  await kiosk.getByRole("button", { name: "Continue" }).click();
  await expect(kiosk.getByRole("alert")).toHaveText(/The code has 6 letters and digits/);
  await expectAccessible(kiosk);
  await context.close();
});
