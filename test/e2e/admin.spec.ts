import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// axe runs inside the page, so it is skipped when JavaScript is off (the same pages are checked with it on).
async function createOfficeWithErrorsThenFix(page: Page, code: string, name: string, checkAxe = true) {
  await page.goto("/admin/oficinas/nueva");
  if (checkAxe) await expectAccessible(page);
  await page.getByLabel("Código").fill("mal código!");
  await page.getByLabel("Nombre").fill(name);
  await page.getByRole("button", { name: "Guardar" }).click();
  // Errors beside each field and in a summary at the top; what was typed is kept.
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Revise los siguientes campos");
  await expect(summary).toContainText("Dirección: Este campo es obligatorio.");
  await expect(page.getByLabel("Nombre")).toHaveValue(name);
  await expect(page.locator(".field.has-error").first()).toBeVisible();
  if (checkAxe) await expectAccessible(page);
  await page.getByLabel("Código").fill(code);
  await page.getByLabel("Dirección").fill("Av. Costanera 123");
  await page.getByLabel("Comuna").fill("La Serena");
  await page.getByLabel("Región").selectOption({ label: "Coquimbo" });
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page).toHaveURL(/\/admin\/oficinas\?saved=1$/);
  await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
  await expect(page.getByRole("link", { name })).toBeVisible();
}

test.describe("administration", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.admin);
    await expect(page).toHaveURL(/\/admin$/);
  });

  test("every admin page is accessible", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    for (const path of ["/admin", "/admin/oficinas", "/admin/areas", "/admin/usuarios", "/admin/tramites", "/admin/institucion", "/admin/areas/nueva", "/admin/usuarios/nuevo", "/admin/tramites/nuevo"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    noErrors();
  });

  test("creates, edits and deactivates an office (with JavaScript)", async ({ page }) => {
    await createOfficeWithErrorsThenFix(page, "SERENA", "Oficina La Serena");
    await page.getByRole("link", { name: "Oficina La Serena" }).click();
    await page.getByLabel("Nombre").fill("Oficina La Serena Centro");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page.getByRole("link", { name: "Oficina La Serena Centro" })).toBeVisible();
    const row = page.getByRole("row", { name: /Oficina La Serena Centro/ });
    await row.getByRole("button", { name: /Desactivar/ }).click();
    await expect(row.getByText("Inactivo")).toBeVisible();
  });

  test("a duplicate code is refused beside the field", async ({ page }) => {
    await page.goto("/admin/oficinas/nueva");
    await page.getByLabel("Código").fill("CENTRAL");
    await page.getByLabel("Nombre").fill("Otra");
    await page.getByLabel("Dirección").fill("Calle 1");
    await page.getByLabel("Comuna").fill("Coquimbo");
    await page.getByLabel("Región").selectOption({ label: "Coquimbo" });
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page.getByText("Ya existe un registro con este valor.").first()).toBeVisible();
    await expect(page.getByLabel("Nombre")).toHaveValue("Otra");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the office form works as a plain POST", async ({ page }) => {
      await createOfficeWithErrorsThenFix(page, "OVALLE", "Oficina Ovalle", false);
    });
  });
});

test.describe("administration in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en" } });
  test("validation messages are localised", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.goto("/admin/oficinas/nueva");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert")).toContainText("Please check these fields");
    await expect(page.getByText("This field is required.").first()).toBeVisible();
  });
});
