// Personal data in the browser: the privacy notice (/privacidad) is reachable from the intake form
// and the footer and passes axe; an OIRS officer finds a person by RUT, downloads their data,
// corrects an email and anonymises a closed case on /gestion/datos-personales (axe on every
// screen); the search works without JavaScript too; area officials are refused.
import fs from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { USERS, expectAccessible, expectAccessibleWithoutScripts, failOnConsoleErrors, signIn } from "./fixtures";

const TOKEN = "oirs_e2e_token_0123456789abcdef"; // SEED_API_TOKEN in playwright.config.ts
const AUTH = { Authorization: `Bearer ${TOKEN}` };

/** Files a reclamo through the API for the person with this RUT; optionally answers and closes it. */
async function fileCase(request: APIRequestContext, options: { rut: string; email: string; name: string; subject: string; close?: boolean }) {
  const res = await request.post("/api/v1/cases", {
    headers: AUTH,
    data: {
      kind: "RECLAMO",
      subject: options.subject,
      description: "Pedí un certificado de antigüedad y no me ha llegado.",
      citizen: { name: options.name, rut: options.rut, email: options.email, phone: "+56 9 8765 4321" },
      replyChannel: "EMAIL",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { folio } = (await res.json()) as { folio: string };
  if (options.close) {
    const path = `/api/v1/cases/${encodeURIComponent(folio)}`;
    const reply = await request.post(`${path}/reply`, { headers: AUTH, data: { text: "Su certificado fue enviado por correo." } });
    expect(reply.status(), await reply.text()).toBe(200);
    const close = await request.post(`${path}/close`, { headers: AUTH, data: { outcome: "RESOLVED" } });
    expect(close.status(), await close.text()).toBe(200);
  }
  return folio;
}

async function search(page: Page, q: string, reason = "Solicitud de acceso del titular, recibida por correo") {
  await page.getByLabel("RUT o correo electrónico").fill(q);
  await page.getByLabel("Motivo de la búsqueda").fill(reason);
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
}

test.describe("personal data", () => {
  test.use({ locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });
  test.describe.configure({ timeout: 120_000 });

  test("the privacy notice is reachable from the intake form and the footer, and passes axe", async ({ page, context }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/ingresar/reclamo");
    const link = page.getByRole("link", { name: "Lea el aviso de privacidad completo (se abre en una pestaña nueva)" });
    const [notice] = await Promise.all([context.waitForEvent("page"), link.click()]);
    await notice.waitForLoadState();
    await expect(notice).toHaveURL(/\/privacidad$/);
    await expect(notice.getByRole("heading", { level: 1 })).toHaveText("Aviso de privacidad");
    await expect(notice).toHaveTitle("Aviso de privacidad · OIRS");
    // The retention period comes from the institution's settings (60 months by default).
    await expect(notice.getByText(/durante 60 meses \(5 años\) después de cerrado/)).toBeVisible();
    await expect(notice.getByRole("heading", { name: "Sus derechos", exact: true })).toBeVisible();
    await expect(notice.getByRole("link", { name: "oirs@slepbahiaserena.example.cl" }).first()).toBeVisible();
    await expectAccessible(notice);
    // The form the person was filling in is still there.
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/ingresar\/reclamo$/);

    // Every page's footer links to it.
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Aviso de privacidad" }).click();
    await expect(page).toHaveURL(/\/privacidad$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aviso de privacidad");
    noErrors();
  });

  test("an OIRS officer finds a person by RUT, downloads their data, corrects an email and anonymises a closed case", async ({ page, request }) => {
    const noErrors = failOnConsoleErrors(page);
    const person = { rut: "16.161.616-8", email: "rosa.diaz@example.cl", name: "Rosa Díaz" };
    const closedFolio = await fileCase(request, { ...person, subject: "Certificado de antigüedad", close: true });
    const openFolio = await fileCase(request, { ...person, subject: "Certificado pendiente" });

    await signIn(page, USERS.oirs);
    await page.goto("/gestion");
    await page.getByRole("link", { name: "Datos personales" }).click();
    await expect(page).toHaveURL(/\/gestion\/datos-personales$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Datos personales");
    await expectAccessible(page);

    // A bad RUT is explained beside the field and in the summary.
    await search(page, "16.161.616-0");
    await expect(page.getByRole("alert")).toContainText("Escriba un RUT válido");
    await expectAccessible(page);

    await search(page, person.rut);
    const results = page.getByRole("table", { name: /^Casos de RUT 16161616-8/ });
    await expect(results).toBeVisible();
    await expect(results.getByRole("row", { name: new RegExp(closedFolio) })).toContainText("Cerrada");
    await expect(results.getByRole("row", { name: new RegExp(openFolio) })).toContainText("Abierto");
    await expectAccessible(page);

    // Access: the JSON download has both cases with the person's data.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar los datos (JSON)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^datos-personales-16161616-8-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await fs.readFile(await download.path(), "utf8")) as { caseCount: number; cases: Array<{ folio: string; personalData: { email: string } }> };
    expect(exported.caseCount).toBe(2);
    expect(exported.cases.map((c) => c.personalData.email)).toEqual([person.email, person.email]);

    // Rectification: the open case's email.
    const details = page.locator("details", { hasText: `Corregir los datos de contacto del caso ${openFolio}` });
    await details.locator("summary").click();
    await details.getByLabel("Correo electrónico").fill("rosa.nueva@example.cl");
    await details.getByRole("button", { name: `Guardar la corrección del caso ${openFolio}` }).click();
    await expect(page.getByRole("status")).toHaveText(`Se corrigieron los datos de contacto del caso ${openFolio}.`);
    await expect(results.getByRole("row", { name: new RegExp(openFolio) })).toContainText("rosa.nueva@example.cl");
    await expectAccessible(page);

    // Deletion: the closed case, after the confirmation step and with a reason.
    await page.getByRole("checkbox", { name: `Marcar el caso ${closedFolio} para anonimizar` }).check();
    await page.getByRole("button", { name: "Revisar los casos marcados" }).click();
    const confirm = page.getByRole("heading", { name: "Confirme la anonimización de 1 caso" });
    await expect(confirm).toBeVisible();
    await expect(confirm).toBeFocused();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Anonimizar definitivamente 1 caso" }).click();
    await expect(page.getByRole("alert")).toContainText("Motivo de la supresión");
    await page.getByLabel("Motivo de la supresión").fill("Supresión pedida por la titular en la oficina central");
    await page.getByRole("button", { name: "Anonimizar definitivamente 1 caso" }).click();
    await expect(page.getByRole("status")).toHaveText(`Se anonimizó el caso ${closedFolio}.`);
    await expect(results.getByRole("row", { name: new RegExp(closedFolio) })).toHaveCount(0);
    await expect(results.getByRole("row", { name: new RegExp(openFolio) })).toBeVisible();
    await expectAccessible(page);
    noErrors();
  });

  test("area officials are refused", async ({ page }) => {
    await signIn(page, USERS.area);
    const response = await page.goto("/gestion/datos-personales");
    expect(response?.status()).toBe(403);
  });
});

test.describe("personal data without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });

  test("the search works as a plain POST, with its errors", async ({ browser, page, request }) => {
    const folio = await fileCase(request, { rut: "17.171.717-5", email: "pedro.soto@example.cl", name: "Pedro Soto", subject: "Sin JavaScript" });
    await signIn(page, USERS.oirs);
    await page.goto("/gestion/datos-personales");
    await search(page, "pedro.soto@", "");
    await expect(page.locator(".error-summary")).toContainText("Motivo de la búsqueda");
    await expect(page.getByLabel("RUT o correo electrónico")).toHaveAttribute("aria-invalid", "true");
    await search(page, "17171717-5", "Solicitud de acceso sin JavaScript");
    const results = page.getByRole("table", { name: /^Casos de RUT 17171717-5/ });
    await expect(results.getByRole("row", { name: new RegExp(folio) })).toContainText("pedro.soto@example.cl");
    await expectAccessibleWithoutScripts(browser, page);
  });
});
