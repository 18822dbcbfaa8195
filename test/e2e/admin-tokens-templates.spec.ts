import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// axe runs inside the page, so it is skipped when JavaScript is off (the same pages are checked
// with it on). The seeded demo token is left alone: other suites use it.

const TOKEN_PATTERN = /^oirs_[0-9a-f]{64}$/;

/** Fills and submits the new-token form; returns the token shown once on the result page. */
async function createToken(page: Page, token: { name: string; scopes: RegExp[]; expiry: string }, checkAxe = true) {
  await page.goto("/admin/tokens/nuevo");
  await page.getByLabel("Nombre", { exact: true }).fill(token.name);
  for (const scope of token.scopes) await page.getByLabel(scope).check();
  await page.getByLabel("Vigencia").selectOption({ label: token.expiry });
  await page.getByRole("button", { name: "Crear token" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Token creado");
  await expect(page.getByText("Copie el token ahora: no se volverá a mostrar.")).toBeVisible();
  const value = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(value).toMatch(TOKEN_PATTERN);
  // Not in the URL, not in a cookie.
  expect(page.url()).toMatch(/\/admin\/tokens\/nuevo$/);
  expect(JSON.stringify(await page.context().cookies())).not.toContain(value.slice(12));
  if (checkAxe) await expectAccessible(page);
  return value;
}

async function revokeFromList(page: Page, name: string, checkAxe = true) {
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("link", { name: /Revocar/ }).click();
  // A confirmation step of its own: nothing is revoked until it is confirmed.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`¿Revocar el token «${name}»?`);
  if (checkAxe) await expectAccessible(page);
  await page.getByRole("button", { name: "Sí, revocar" }).click();
  await expect(page).toHaveURL(/\/admin\/tokens\?revoked=1$/);
  await expect(page.getByRole("status")).toHaveText("Token revocado.");
  await expect(row).toContainText("Revocado");
  await expect(row.getByRole("link", { name: /Revocar/ })).toHaveCount(0);
}

async function createTemplateWithTypoThenFix(page: Page, template: { name: string; kind: string; body: string }, checkAxe = true) {
  await page.goto("/admin/plantillas/nueva");
  await page.getByLabel("Nombre", { exact: true }).fill(template.name);
  await page.getByLabel("Tipo de caso").selectOption({ label: template.kind });
  await page.getByLabel("Idioma", { exact: true }).selectOption({ label: "Español" });
  await page.getByLabel("Texto", { exact: true }).fill(template.body.replace("{{nombre}}", "{{nombr}}"));
  await page.getByRole("button", { name: "Guardar" }).click();
  // The typo is named in the summary and beside the field; what was typed is kept.
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Revise los siguientes campos");
  await expect(summary).toContainText("No se reconocen estas marcas: {{nombr}}");
  await expect(page.getByLabel("Texto", { exact: true })).toHaveValue(template.body.replace("{{nombre}}", "{{nombr}}"));
  if (checkAxe) await expectAccessible(page);
  await page.getByLabel("Texto", { exact: true }).fill(template.body);
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page).toHaveURL(/\/admin\/plantillas\?saved=1$/);
  await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
}

test.describe("API tokens and reply templates", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.admin);
    await expect(page).toHaveURL(/\/admin$/);
  });

  test("the new pages are accessible and linked from the admin navigation", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    const sections = page.getByRole("navigation", { name: "Secciones de administración" });
    await sections.getByRole("link", { name: "Plantillas de respuesta" }).click();
    await expect(page).toHaveURL(/\/admin\/plantillas$/);
    await sections.getByRole("link", { name: "Tokens de API" }).click();
    await expect(page).toHaveURL(/\/admin\/tokens$/);
    for (const path of ["/admin", "/admin/tokens", "/admin/tokens/nuevo", "/admin/plantillas", "/admin/plantillas/nueva"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    noErrors();
  });

  test.describe("with the clipboard", () => {
    test.use({ permissions: ["clipboard-read", "clipboard-write"] });

    test("creates a token, shows it once, authorises API calls until it is revoked", async ({ page }) => {
      await page.goto("/admin/tokens/nuevo");
      await page.getByRole("button", { name: "Crear token" }).click();
      const summary = page.getByRole("alert");
      await expect(summary).toContainText("Nombre: Este campo es obligatorio.");
      await expect(summary).toContainText("Permisos: Elija al menos un permiso.");
      await expectAccessible(page);

      const token = await createToken(page, { name: "Integración e2e", scopes: [/cases:read/], expiry: "30 días" });
      await page.getByRole("button", { name: "Copiar token" }).click();
      await expect(page.getByRole("status")).toHaveText("Token copiado.");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

      // A token with cases:read only: known to the API (403, not 401) but not allowed to file cases.
      const fileCase = () => page.request.post("/api/v1/cases", { headers: { Authorization: `Bearer ${token}` }, data: {} });
      expect((await fileCase()).status()).toBe(403);

      await page.getByRole("link", { name: "Volver a los tokens" }).click();
      await expect(page).toHaveURL(/\/admin\/tokens$/);
      const row = page.getByRole("row", { name: /Integración e2e/ });
      await expect(row).toContainText(`${token.slice(0, 12)}…`);
      await expect(row).toContainText("cases:read");
      await expect(row).toContainText("Activo");
      // The list shows the prefix only; going back to the form does not show the token again.
      expect(await page.content()).not.toContain(token);
      await page.goto("/admin/tokens/nuevo");
      expect(await page.content()).not.toContain(token);
      await page.goto("/admin/tokens");

      await revokeFromList(page, "Integración e2e");
      expect((await fileCase()).status()).toBe(401);
    });
  });

  test("creates a reply template, edits it and deactivates it (with JavaScript)", async ({ page }) => {
    await createTemplateWithTypoThenFix(page, {
      name: "Reclamo recibido e2e",
      kind: "Reclamo",
      body: "Estimado/a {{nombre}}:\n\nHemos recibido su reclamo folio {{folio}} el {{fecha_recepcion}}. Responderemos a más tardar el {{fecha_plazo}}.\n\n{{institucion}}",
    });
    const row = page.getByRole("row", { name: /Reclamo recibido e2e/ });
    await expect(row).toContainText("Reclamo");
    await expect(row).toContainText("Cualquiera");
    await expect(row).toContainText("Español");
    await expectAccessible(page);

    await row.getByRole("link", { name: "Reclamo recibido e2e" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editar plantilla: Reclamo recibido e2e");
    await expect(page.getByLabel("Texto", { exact: true })).toHaveValue(/Hemos recibido su reclamo folio \{\{folio\}\}/);
    await expectAccessible(page);
    await page.getByLabel("Trámite").selectOption({ label: "Matrícula y admisión escolar" });
    await page.getByLabel("Nombre", { exact: true }).fill("Reclamo de matrícula recibido e2e");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\/admin\/plantillas\?saved=1$/);
    const edited = page.getByRole("row", { name: /Reclamo de matrícula recibido e2e/ });
    await expect(edited).toContainText("Matrícula y admisión escolar");

    await edited.getByRole("button", { name: /Desactivar/ }).click();
    await expect(edited.getByText("Inactivo")).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the token form shows the token once and the revocation works as plain POSTs", async ({ page }) => {
      const token = await createToken(page, { name: "Token sin JavaScript", scopes: [/indicators:read/, /surveys:write/], expiry: "Sin vencimiento" }, false);
      // Copying needs JavaScript; the token can still be selected by hand.
      await expect(page.getByRole("button", { name: "Copiar token" })).toHaveCount(0);
      await page.goto("/admin/tokens");
      const row = page.getByRole("row", { name: /Token sin JavaScript/ });
      await expect(row).toContainText("indicators:read, surveys:write");
      await expect(row).toContainText("Sin vencimiento");
      expect(await page.content()).not.toContain(token);
      await revokeFromList(page, "Token sin JavaScript", false);
    });

    test("the template form works as a plain POST", async ({ page }) => {
      await createTemplateWithTypoThenFix(page, { name: "Plantilla sin JavaScript", kind: "Consulta", body: "Hola {{nombre}}, su consulta {{folio}}." }, false);
      await expect(page.getByRole("link", { name: "Plantilla sin JavaScript" })).toBeVisible();
    });
  });
});

test.describe("API tokens and reply templates in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en" } });
  test("the pages and their messages are localised", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.goto("/admin/tokens/nuevo");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New token");
    await page.getByLabel("Name", { exact: true }).fill("English token");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByRole("alert")).toContainText("Choose at least one permission.");
    await page.goto("/admin/plantillas/nueva");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New template");
    await page.getByLabel("Name", { exact: true }).fill("English template");
    await page.getByLabel("Text", { exact: true }).fill("Dear {{name}}");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert")).toContainText("These placeholders are not recognised: {{name}}");
  });
});
