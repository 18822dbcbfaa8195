// The public transparency page (/transparencia) as an anonymous visitor uses it: known cases are
// filed through the staff API (backdated to a month of last year no other test touches), then the
// page shows them by kind and by channel with small figures withheld, the year changes with a GET
// form (with and without JavaScript), the CSV downloads with its header and the same figures, a bad
// year is explained with a 400; axe WCAG 2.1 AA on every state, on a phone-sized screen too.
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible, expectAccessibleWithoutScripts, failOnConsoleErrors } from "./fixtures";

const TOKEN = "oirs_e2e_token_0123456789abcdef"; // SEED_API_TOKEN in playwright.config.ts: every scope

function santiagoMonth(): { year: number; month: number } {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", year: "numeric", month: "2-digit" }).format(new Date()).split("-").map(Number);
  return { year: y!, month: m! };
}

/** The 12th of the month 11 months ago (within the API's one-year limit for backdated cases). */
function targetMonth() {
  const { year, month } = santiagoMonth();
  const index = year * 12 + (month - 1) - 11;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const mm = String(m).padStart(2, "0");
  const name = new Intl.DateTimeFormat("es-CL", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
  return { year: y, key: `${y}-${mm}`, receivedAt: `${y}-${mm}-12T12:00:00-03:00`, label: name.charAt(0).toUpperCase() + name.slice(1) };
}

async function fileCases(request: APIRequestContext, count: number, channel: string, receivedAt: string) {
  for (let i = 0; i < count; i++) {
    const res = await request.post("/api/v1/cases", {
      headers: { Authorization: `Bearer ${TOKEN}` },
      data: { kind: "SUGERENCIA", subject: "Sugerencia de prueba", description: "Texto que no se publica.", anonymous: true, channel, receivedAt },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}

/** The cells of a month's row, in column order (the row header excluded). */
function rowCells(page: Page, table: string, month: string) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: month, exact: true }) }).getByRole("cell");
}

test.describe("public transparency page", () => {
  test.use({ locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });

  test("an anonymous visitor reads the monthly figures with small ones withheld, and downloads the CSV", async ({ page, request }) => {
    // 26 API filings and four axe runs: more than the default minute on a busy machine.
    test.setTimeout(180_000);
    const check = failOnConsoleErrors(page);
    const target = targetMonth();
    // 12 by letter, 11 by phone, 3 by social media: the 3 is withheld, and so is the 11 (else 26 − 12 − 11 = 3).
    await fileCases(request, 12, "CARTA", target.receivedAt);
    await fileCases(request, 11, "TELEFONO", target.receivedAt);
    await fileCases(request, 3, "REDES", target.receivedAt);

    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Estadísticas públicas" }).click();
    await expect(page).toHaveURL(/\/transparencia$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Estadísticas públicas de la OIRS");
    await expect(page).toHaveTitle("Estadísticas públicas · OIRS");
    const { year } = santiagoMonth();
    await expect(page.getByRole("heading", { level: 2, name: `Cifras de ${year}` })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Año" })).toHaveValue(String(year));
    await expect(page.getByRole("heading", { name: "Descripción de las columnas" })).toBeVisible();
    await expectAccessible(page);

    // The year of the cases, through the form (client-side navigation with JavaScript).
    await page.getByRole("combobox", { name: "Año" }).selectOption(String(target.year));
    await page.getByRole("button", { name: "Ver cifras" }).click();
    await expect(page).toHaveURL(new RegExp(`/transparencia\\?anio=${target.year}$`));
    await expect(page.getByRole("heading", { level: 2, name: `Cifras de ${target.year}` })).toBeVisible();

    // Channels: Mes | Sitio web | Tótem | Presencial | Teléfono | Correo | Carta | Redes | Otro sistema | Total
    const channels = rowCells(page, `Solicitudes recibidas por canal y mes, ${target.year}`, target.label);
    await expect(channels).toHaveCount(9);
    await expect(channels.nth(0)).toHaveText("0");
    await expect(channels.nth(3)).toContainText("reservado (menos de 10)");
    await expect(channels.nth(5)).toHaveText("12");
    await expect(channels.nth(6)).toContainText("reservado (menos de 10)");
    await expect(channels.nth(8)).toHaveText("26");
    // Kinds: all 26 are sugerencias.
    const kinds = rowCells(page, `Solicitudes recibidas por tipo y mes, ${target.year}`, target.label);
    await expect(kinds.nth(0)).toHaveText("0");
    await expect(kinds.nth(2)).toHaveText("26");
    await expect(kinds.nth(5)).toHaveText("26");
    // Nobody answered yet and no survey: "no data", not 0 %. (Their deadline may or may not be over.)
    const service = rowCells(page, `Respuesta dentro de plazo, días hábiles para responder y satisfacción usuaria por mes, ${target.year}`, target.label);
    await expect(service.nth(2)).toHaveText("Sin datos");
    await expect(service.nth(4)).toHaveText("Sin datos");
    await expect(service.nth(5)).toHaveText("0");
    await expectAccessible(page);

    // The CSV: same figures, same withholding.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Descargar los datos de ${target.year} (CSV)` }).first().click()]);
    expect(download.suggestedFilename()).toBe(`oirs-transparencia-${target.year}.csv`);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("month,measure,breakdown,category,value,n,suppressed");
    expect(lines).toContain(`${target.key},cases_received,total,ALL,26,,false`);
    expect(lines).toContain(`${target.key},cases_received,channel,CARTA,12,,false`);
    expect(lines).toContain(`${target.key},cases_received,channel,TELEFONO,,,true`);
    expect(lines).toContain(`${target.key},cases_received,channel,REDES,,,true`);
    expect(lines).toContain(`${target.key},cases_received,kind,SUGERENCIA,26,,false`);
    expect(lines).toContain(`${target.key},isu_pct,total,ALL,,0,false`);

    // On a phone: the page never scrolls sideways (the tables scroll in their own box), and passes axe.
    await page.setViewportSize({ width: 360, height: 740 });
    // (A "—" cell's visually hidden words are absolutely positioned: their table box must contain them.)
    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(width.scroll, "the page scrolls sideways").toBeLessThanOrEqual(width.client);
    await expectAccessible(page);
    check();
  });

  test("in English", async ({ page }) => {
    await page.setExtraHTTPHeaders({ "Accept-Language": "en-GB" });
    await page.goto("/transparencia");
    // The language comes from the cookie or Accept-Language; switch explicitly to be sure.
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("OIRS public statistics");
    await expect(page).toHaveTitle("Public statistics · OIRS");
    await expect(page.getByRole("heading", { name: "Column descriptions" })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });

  test("the year form is a plain GET; a bad year is explained with a 400", async ({ page, browser }) => {
    const { year } = santiagoMonth();
    await page.goto("/transparencia");
    await page.getByRole("combobox", { name: "Año" }).selectOption(String(year - 1));
    await page.getByRole("button", { name: "Ver cifras" }).click();
    await expect(page).toHaveURL(new RegExp(`/transparencia\\?anio=${year - 1}$`));
    await expect(page.getByRole("heading", { level: 2, name: `Cifras de ${year - 1}` })).toBeVisible();
    await expect(page.getByRole("table", { name: `Solicitudes recibidas por tipo y mes, ${year - 1}` }).getByRole("row")).toHaveCount(13);
    await expect(page.getByRole("link", { name: `Descargar los datos de ${year - 1} (CSV)` }).first()).toHaveAttribute("href", `/transparencia.csv?anio=${year - 1}`);
    await expectAccessibleWithoutScripts(browser, page);

    const res = await page.goto("/transparencia?anio=dosmil");
    expect(res?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText(`El año debe escribirse con cuatro cifras, por ejemplo ${year}. Se muestran las cifras de ${year}.`);
    await expect(page.getByRole("heading", { level: 2, name: `Cifras de ${year}` })).toBeVisible();
    await expectAccessibleWithoutScripts(browser, page);

    const csv = await page.request.get("/transparencia.csv?anio=1850");
    expect(csv.status()).toBe(400);
    expect(await csv.text()).toContain(`Solo hay cifras de los años 2000 a ${year}.`);
  });
});
