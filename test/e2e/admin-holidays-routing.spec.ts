import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// 2027 keeps these holidays away from the seeded 2026 ones. axe runs inside the page, so it is
// skipped when JavaScript is off (the same pages are checked with it on).

async function createHoliday(page: Page, holiday: { date: string; name: string; region?: string }) {
  await page.goto("/admin/feriados/nuevo");
  await page.getByLabel("Fecha").fill(holiday.date);
  await page.getByLabel("Nombre").fill(holiday.name);
  await page.getByLabel("Región").selectOption(holiday.region ? { label: holiday.region } : "");
  await page.getByRole("button", { name: "Guardar" }).click();
}

async function deleteHolidayFromList(page: Page, name: string, checkAxe = true) {
  await page.getByRole("link", { name }).click();
  await page.getByRole("link", { name: "Eliminar feriado" }).click();
  // A confirmation step of its own: nothing is deleted until it is confirmed.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`¿Eliminar el feriado «${name}»?`);
  if (checkAxe) await expectAccessible(page);
  await page.getByRole("button", { name: "Sí, eliminar" }).click();
  await expect(page).toHaveURL(/\/admin\/feriados\?anio=2027&deleted=1$/);
  await expect(page.getByRole("status")).toHaveText("Feriado eliminado.");
  await expect(page.getByRole("link", { name })).toHaveCount(0);
}

async function createRuleWithErrorsThenFix(page: Page, rule: { name: string; priority: string; keywords: string }, checkAxe = true) {
  await page.goto("/admin/reglas/nueva");
  await page.getByLabel("Nombre").fill(rule.name);
  await page.getByLabel("Prioridad").fill(rule.priority);
  await page.getByRole("button", { name: "Guardar" }).click();
  // No condition and no area: both reported in the summary and beside the fields; what was typed is kept.
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Revise los siguientes campos");
  await expect(summary).toContainText("Indique al menos una condición");
  await expect(summary).toContainText("Área de destino: Este campo es obligatorio.");
  await expect(page.getByLabel("Nombre")).toHaveValue(rule.name);
  if (checkAxe) await expectAccessible(page);
  await page.getByLabel("Tipo de caso").selectOption({ label: "Reclamo" });
  await page.getByLabel("Palabras clave").fill(rule.keywords);
  await page.getByLabel("Área de destino").selectOption({ label: "Dirección Ejecutiva" });
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page).toHaveURL(/\/admin\/reglas\?saved=1$/);
  await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
}

test.describe("holidays and routing rules", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.admin);
    await expect(page).toHaveURL(/\/admin$/);
  });

  test("the new pages are accessible and linked from the admin navigation", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    const sections = page.getByRole("navigation", { name: "Secciones de administración" });
    await sections.getByRole("link", { name: "Feriados" }).click();
    await expect(page).toHaveURL(/\/admin\/feriados$/);
    await sections.getByRole("link", { name: "Reglas de derivación" }).click();
    await expect(page).toHaveURL(/\/admin\/reglas$/);
    for (const path of ["/admin", "/admin/feriados", "/admin/feriados?anio=2027", "/admin/feriados/nuevo", "/admin/reglas", "/admin/reglas/nueva"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    noErrors();
  });

  test("lists national holidays read-only and the institution's own for the chosen year", async ({ page }) => {
    await page.goto("/admin/feriados");
    await page.getByLabel("Año", { exact: true }).fill("2027");
    await page.getByRole("button", { name: "Ver", exact: true }).click();
    await expect(page).toHaveURL(/anio=2027/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Feriados de 2027");
    const national = page.getByRole("table", { name: "Feriados nacionales" });
    await expect(national).toContainText("Fiestas Patrias");
    await expect(national.getByRole("link")).toHaveCount(0);
  });

  test("creates a regional holiday, refuses a duplicate, edits and deletes it (with JavaScript)", async ({ page }) => {
    await createHoliday(page, { date: "2027-08-20", name: "Aniversario regional e2e", region: "Coquimbo" });
    await expect(page).toHaveURL(/\/admin\/feriados\?anio=2027&saved=1$/);
    await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
    const row = page.getByRole("table", { name: "Feriados agregados por la institución" }).getByRole("row", { name: /Aniversario regional e2e/ });
    await expect(row).toContainText("20 de agosto de 2027");
    await expect(row).toContainText("Coquimbo");
    await expectAccessible(page);

    // Same date and region: refused beside the date, not a server error.
    await createHoliday(page, { date: "2027-08-20", name: "Otro nombre", region: "Coquimbo" });
    await expect(page.getByText("La institución ya tiene un feriado en esa fecha").first()).toBeVisible();
    await expect(page.getByLabel("Nombre")).toHaveValue("Otro nombre");
    await expectAccessible(page);

    await page.goto("/admin/feriados?anio=2027");
    await page.getByRole("link", { name: "Aniversario regional e2e" }).click();
    await page.getByLabel("Nombre").fill("Aniversario regional e2e (editado)");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\/admin\/feriados\?anio=2027&saved=1$/);
    await deleteHolidayFromList(page, "Aniversario regional e2e (editado)");
  });

  test("creates a routing rule, lists it by priority and deactivates it (with JavaScript)", async ({ page }) => {
    await createRuleWithErrorsThenFix(page, { name: "Transporte en reclamos e2e", priority: "15", keywords: "Bus, Furgón, bus" });
    const row = page.getByRole("row", { name: /Transporte en reclamos e2e/ });
    await expect(row).toContainText("Reclamo");
    // Keywords are stored lower case, without repeats.
    await expect(row).toContainText("bus, furgón");
    await expect(row).toContainText("Dirección Ejecutiva");
    // Priority 15 sits between the seeded rules with 10 and 20.
    const names = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(names.indexOf("Transporte escolar")).toBeLessThan(names.indexOf("Transporte en reclamos e2e"));
    expect(names.indexOf("Transporte en reclamos e2e")).toBeLessThan(names.indexOf("Remuneraciones y licencias"));
    await expectAccessible(page);

    await row.getByRole("button", { name: /Desactivar/ }).click();
    await expect(row.getByText("Inactivo")).toBeVisible();
  });

  test("editing a rule shows its keywords and saves new ones", async ({ page }) => {
    await page.goto("/admin/reglas");
    await page.getByRole("link", { name: "Remuneraciones y licencias" }).click();
    await expect(page.getByLabel("Palabras clave")).toHaveValue("sueldo, remuneración, licencia");
    await expectAccessible(page);
    await page.getByLabel("Palabras clave").fill("sueldo, remuneración, licencia, Licencia Médica");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page).toHaveURL(/\/admin\/reglas\?saved=1$/);
    await expect(page.getByRole("row", { name: /Remuneraciones y licencias/ })).toContainText("licencia médica");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the holiday form and its delete confirmation work as plain POSTs", async ({ page }) => {
      await createHoliday(page, { date: "2027-08-21", name: "Feriado sin JavaScript" });
      await expect(page).toHaveURL(/\/admin\/feriados\?anio=2027&saved=1$/);
      await expect(page.getByRole("row", { name: /Feriado sin JavaScript/ })).toContainText("Todo el país");
      await deleteHolidayFromList(page, "Feriado sin JavaScript", false);
    });

    test("the rule form works as a plain POST", async ({ page }) => {
      await createRuleWithErrorsThenFix(page, { name: "Regla sin JavaScript", priority: "9000", keywords: "furgón escolar" }, false);
      await expect(page.getByRole("link", { name: "Regla sin JavaScript" })).toBeVisible();
    });
  });
});

test.describe("holidays and routing rules in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en" } });
  test("the pages and their messages are localised", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.goto("/admin/reglas/nueva");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New rule");
    await page.getByLabel("Name", { exact: true }).fill("English rule");
    await page.getByLabel("Priority", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert")).toContainText("Set at least one condition");
    await page.goto("/admin/feriados?anio=2027");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Holidays in 2027");
    await expect(page.getByRole("heading", { name: "National holidays" })).toBeVisible();
  });
});
