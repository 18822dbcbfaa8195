// The quality committee's dashboard (/comite): cases filed through the API show up in the year's
// figures, the charts have their data table one click away, filters live in the URL (and work
// without JavaScript), an indicator's interpretation is recorded from the dashboard's link, and
// axe WCAG 2.1 AA passes on every state, in Spanish and English.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { USERS, expectAccessible, expectAccessibleWithoutScripts, failOnConsoleErrors, signIn } from "./fixtures";

const TOKEN = "oirs_e2e_token_0123456789abcdef"; // SEED_API_TOKEN in playwright.config.ts

function santiagoToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(new Date());
}

async function fileReclamos(request: APIRequestContext, count: number, channel: string) {
  // Noon yesterday (or today's start in January) keeps the filing inside the current year.
  const today = santiagoToday();
  const day = today.endsWith("-01-01") ? today : new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < count; i++) {
    const res = await request.post("/api/v1/cases", {
      headers: { Authorization: `Bearer ${TOKEN}` },
      data: { kind: "RECLAMO", subject: "Reclamo de prueba del panel", description: "Texto de prueba.", channel, receivedAt: `${day}T12:00:00-03:00`, citizen: { name: "Persona de prueba", email: "persona.panel@example.cl" }, replyChannel: "EMAIL" },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}

/** The figure of a summary card, as a number. */
async function summaryFigure(page: Page, label: RegExp): Promise<number> {
  const card = page.getByRole("list", { name: /^Resumen del año/ }).getByRole("listitem").filter({ hasText: label });
  const text = (await card.locator(".figure").textContent()) ?? "";
  return Number(text.replace(/\D/g, ""));
}

test.describe("committee dashboard", () => {
  test.use({ locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });
  // A long page (tables, charts) checked by axe three times: generous on a busy 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("the year's figures follow new cases; charts, data tables and filters", async ({ page, request }) => {
    const noErrors = failOnConsoleErrors(page);
    const year = santiagoToday().slice(0, 4);
    await signIn(page, USERS.comite);
    await page.goto("/comite");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Panel del Comité de Calidad ${year}`);
    await expect(page).toHaveTitle(`Panel del Comité de Calidad ${year} · OIRS`);
    await expectAccessible(page);
    const before = await summaryFigure(page, /requerimientos recibidos/);

    await fileReclamos(request, 2, "CARTA");
    await page.reload();
    expect(await summaryFigure(page, /requerimientos recibidos/)).toBe(before + 2);

    // Each indicator of the seeded plan is listed against its target.
    const indicators = page.getByRole("table", { name: `Indicadores del plan ${year} frente a su meta` });
    await expect(indicators.getByRole("row", { name: /Porcentaje de Cumplimiento del Plan/ })).toContainText("≥ 60 %");
    await expect(indicators.getByRole("row", { name: /Tiempo promedio de respuesta/ })).toContainText("≤ 10");

    // A chart is an image with a name, and its data table is one click away.
    const chart = page.getByRole("img", { name: `Requerimientos recibidos por mes, ${year}` });
    await expect(chart).toBeVisible();
    const figure = page.getByRole("figure", { name: `Requerimientos recibidos por mes, ${year}` });
    await figure.getByText("Ver la tabla de datos").click();
    await expect(figure.getByRole("table", { name: `Cifras por mes, ${year}` })).toBeVisible();
    await expectAccessible(page);

    // Filter by channel: the URL carries it, the figures narrow to it.
    await page.getByLabel("Canal", { exact: true }).selectOption({ label: "Carta o buzón" });
    await page.getByRole("button", { name: "Aplicar" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]canal=CARTA`));
    expect(await summaryFigure(page, /requerimientos recibidos/)).toBeGreaterThanOrEqual(2);
    await expect(page.getByRole("table", { name: "Por tipo de requerimiento" }).getByRole("rowheader", { name: "Reclamo", exact: true })).toBeVisible();
    await expectAccessible(page);
    noErrors();
  });

  test("records an indicator's interpretation from the dashboard", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    const year = santiagoToday().slice(0, 4);
    await signIn(page, USERS.comite);
    await page.goto("/comite");
    await page.getByRole("link", { name: "Índice de satisfacción usuaria" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Índice de satisfacción usuaria");
    await page.getByLabel("Período", { exact: true }).selectOption({ label: `Semestre 2 de ${year}` });
    await page.getByLabel(/Interpretación y conclusiones/).fill("La satisfacción se mantiene estable en el segundo semestre (e2e).");
    await page.getByLabel(/Análisis de brechas/).fill("Pocas respuestas en el canal telefónico.");
    await page.getByLabel(/Recomendaciones/).fill("Ofrecer la encuesta por SMS.");
    await page.getByRole("button", { name: "Guardar registro" }).click();
    await expect(page.getByRole("status")).toContainText(`Registro de Semestre 2 de ${year} guardado`);
    await expectAccessible(page);
    noErrors();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("a bad filter is explained with a 400 and the rest of the view", async ({ browser, page }) => {
      await signIn(page, USERS.comite);
      const res = await page.goto("/comite?anio=20x6&canal=FAX");
      expect(res?.status()).toBe(400);
      const summary = page.getByRole("alert");
      await expect(summary).toContainText("El año debe ser un número entre 2000 y 2100");
      await expect(summary).toContainText("Ese canal no existe");
      await expect(page.getByRole("heading", { level: 2, name: "Indicadores del plan" })).toBeVisible();
      await page.getByLabel("Año", { exact: true }).selectOption(santiagoToday().slice(0, 4));
      await page.getByRole("button", { name: "Aplicar" }).click();
      await expect(page).toHaveURL(/[?&]anio=\d{4}/);
      await expect(page.getByRole("alert")).toHaveCount(0);
      await expectAccessibleWithoutScripts(browser, page, { locale: "es-CL" });
    });
  });
});

test.describe("committee dashboard in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en" } });
  test("the page and its labels", async ({ page }) => {
    const year = santiagoToday().slice(0, 4);
    await signIn(page, USERS.comite);
    await page.goto("/comite");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Quality committee dashboard ${year}`);
    await expect(page.getByRole("heading", { level: 2, name: "Plan indicators" })).toBeVisible();
    await expect(page.getByRole("img", { name: `Requests received by month, ${year}` })).toBeVisible();
    await expectAccessible(page);
  });

  test("an area official may not see it", async ({ page }) => {
    await signIn(page, USERS.area);
    const res = await page.goto("/comite");
    expect(res?.status()).toBe(403);
  });
});
