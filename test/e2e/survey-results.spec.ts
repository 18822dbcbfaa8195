// The satisfaction results page (/satisfaccion) as the quality committee uses it: known responses
// are sent through the public survey API, then the page shows the same figures as the indicators
// API; filters live in the URL and work without JavaScript; a bad parameter is explained (400);
// both exports download; axe WCAG 2.1 AA on every state; Spanish and English.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { USERS, expectAccessible, expectAccessibleWithoutScripts, failOnConsoleErrors, signIn } from "./fixtures";

const TOKEN = "oirs_e2e_token_0123456789abcdef"; // SEED_API_TOKEN in playwright.config.ts: every scope
const POSTER = "CENTRAL-2026";
const RUN = Math.random().toString(36).slice(2, 8);
const COMMENT = `Comentario de prueba e2e ${RUN}`;

function santiagoToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(new Date());
}

function period() {
  const today = santiagoToday();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

async function indicators(request: APIRequestContext, query: string) {
  const res = await request.get(`/api/v1/indicators/satisfaction?${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  return res.json();
}

let ipCounter = 0;
async function respond(request: APIRequestContext, overall: number, comment?: string) {
  ipCounter += 1;
  const res = await request.post("/api/v1/survey-responses", {
    headers: { "X-Forwarded-For": `198.51.100.${(ipCounter % 250) + 1}` },
    data: { posterCode: POSTER, answers: { overall, resolved: overall >= 6 ? "yes" : "no", ...(comment ? { comment } : {}) }, locale: "es" },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** The number on a summary card, as the page writes it. */
function card(page: Page, title: string | RegExp) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title, level: 3 }) }).locator(".stat");
}

const fmt = (n: number | null, lang = "es-CL") => (n === null ? "Sin datos" : `${new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)}\u00a0%`);

test.describe("satisfaction results", () => {
  test.use({ locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });

  test("shows the figures the API gives, after new responses, with the comments and a breakdown", async ({ page, request }) => {
    const check = failOnConsoleErrors(page);
    const { from, to } = period();
    const before = await indicators(request, `from=${from}&to=${to}`);
    for (const [score, comment] of [[7, COMMENT], [7], [6], [5], [3, `Demora en la atención ${RUN}`]] as Array<[number, string?]>) await respond(request, score, comment);
    const after = await indicators(request, `from=${from}&to=${to}&groupBy=office`);
    expect(after.overall.n).toBe(before.overall.n + 5);
    expect(after.overall.positive).toBe(before.overall.positive + 3);

    await signIn(page, USERS.comite);
    await page.goto("/comite");
    await page.getByRole("link", { name: "Ver los resultados de satisfacción usuaria" }).click();
    await expect(page).toHaveURL(/\/satisfaccion$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Resultados de satisfacción");
    await expect(page).toHaveTitle("Resultados de satisfacción · OIRS");
    await expect(card(page, "Respuestas (n)")).toHaveText(String(after.overall.n));
    await expect(card(page, "ISU")).toHaveText(fmt(after.overall.isu));
    const [low, high] = after.overall.isuInterval.map((x: number) => new Intl.NumberFormat("es-CL", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x));
    await expect(page.getByText(`IC 95 %: ${low} – ${high} %`)).toBeVisible();
    // The distribution says each group in words, not only by colour.
    const distribution = page.getByRole("table", { name: "Distribución de las notas de 1 a 7" });
    await expect(distribution.getByRole("row", { name: /^7 Positiva \(6–7\)/ })).toBeVisible();
    await expect(distribution.getByRole("row", { name: /^3 Negativa \(1–4\)/ })).toBeVisible();
    // Every breakdown by default, each group with its interval and the small-sample flag.
    const offices = page.getByRole("table", { name: "Resultados por oficina" });
    const central = after.groups.find((g: { key: string }) => g.key === "CENTRAL");
    const row = offices.getByRole("row", { name: /Oficina Central Coquimbo/ });
    await expect(row.getByRole("cell").first()).toHaveText(String(central.n));
    await expect(row).toContainText(fmt(central.isu));
    if (central.n < 30) await expect(row).toContainText("Muestra pequeña (n < 30)");
    await expect(page.getByRole("table", { name: "Resultados por canal" }).getByRole("row", { name: /Presencial/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Resultados por trámite" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Resultados por funcionario/a" })).toBeVisible();
    await expect(page.getByRole("table", { name: /ISU por mes/ })).toBeVisible();
    // Per question and the comments, newest first.
    await expect(page.getByRole("table", { name: "¿Se resolvió su requerimiento?: respuestas por opción" })).toBeVisible();
    const comments = page.getByRole("table", { name: /^Comentarios, del más reciente/ });
    await expect(comments.getByRole("row").nth(1)).toContainText(`Demora en la atención ${RUN}`);
    await expect(comments).toContainText(COMMENT);
    await expect(page.getByText(/Tasa de respuesta: de las invitaciones por correo enviadas en el período/)).toBeVisible();
    await expectAccessible(page);

    // Both exports download, with the filters of the page.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar CSV" }).click()]);
    expect(csv.suggestedFilename()).toBe(`satisfaccion-${from}_${to}.csv`);
    const csvText = await (await import("node:fs/promises")).readFile((await csv.path())!, "utf8");
    expect(csvText).toContain("Fecha;Canal;Tipo de caso;Oficina");
    expect(csvText).toContain(COMMENT);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar Excel (XLSX)" }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`satisfaccion-${from}_${to}.xlsx`);
    check();
  });
});

test.describe("filters without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-CL", extraHTTPHeaders: { "Accept-Language": "es-CL" } });

  test("the GET form puts the filters in the URL; a bad value is explained with a 400", async ({ page, request, browser }) => {
    await signIn(page, USERS.comite);
    await page.goto("/satisfaccion");
    await page.getByRole("combobox", { name: "Oficina" }).selectOption({ label: "Oficina Central Coquimbo" });
    await page.getByRole("combobox", { name: "Canal" }).selectOption({ label: "Presencial" });
    await page.getByRole("combobox", { name: "Desglose" }).selectOption({ label: "Por oficina" });
    await page.getByRole("button", { name: "Aplicar filtros" }).click();
    await expect(page).toHaveURL(/channel=PRESENCIAL/);
    await expect(page).toHaveURL(/groupBy=office/);
    await expect(page.getByText("2 filtros aplicados.")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Oficina" })).toHaveValue(/[0-9a-f-]{36}/);
    // Only the breakdown asked for.
    await expect(page.getByRole("table", { name: "Resultados por oficina" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Resultados por canal" })).toHaveCount(0);
    const url = new URL(page.url());
    const { from, to } = period();
    const api = await indicators(request, `from=${from}&to=${to}&groupBy=channel`);
    expect(Number(await card(page, "Respuestas (n)").textContent())).toBeLessThanOrEqual(api.overall.n);
    await expectAccessibleWithoutScripts(browser, page);

    const bad = new URLSearchParams(url.searchParams);
    bad.set("from", "2026-02-31");
    bad.set("kind", "QUEJA");
    const res = await page.goto(`/satisfaccion?${bad.toString()}`);
    expect(res?.status()).toBe(400);
    const notice = page.getByRole("status").filter({ hasText: "Revise los filtros" });
    await expect(notice).toContainText("El valor de «Desde» no es válido y no se aplicó.");
    await expect(notice).toContainText("El valor de «Tipo de caso» no es válido y no se aplicó.");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Resultados de satisfacción");
    await expectAccessibleWithoutScripts(browser, page);
  });

  test("a period with no responses says so, not 0 %", async ({ page, browser }) => {
    await signIn(page, USERS.oirs);
    await page.goto("/satisfaccion?from=2001-01-01&to=2001-03-31");
    await expect(card(page, "ISU")).toHaveText("Sin datos");
    await expect(card(page, "Respuestas (n)")).toHaveText("0");
    await expect(page.getByText("No hay respuestas en este período con estos filtros.")).toBeVisible();
    await expect(page.getByRole("table", { name: /ISU por mes/ }).getByRole("row")).toHaveCount(4);
    await expectAccessibleWithoutScripts(browser, page);
  });
});

test.describe("in English", () => {
  test.use({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB" } });

  test("the page and its labels", async ({ page }) => {
    const check = failOnConsoleErrors(page);
    await signIn(page, USERS.admin);
    await page.goto("/satisfaccion?groupBy=channel");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Satisfaction results");
    await expect(page.getByRole("table", { name: "Results by channel" }).getByRole("row", { name: /In person/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "How they are calculated" })).toBeVisible();
    await expectAccessible(page);
    check();
  });

  test("an area official may not see it", async ({ page }) => {
    await signIn(page, USERS.area);
    const res = await page.goto("/satisfaccion");
    expect(res?.status()).toBe(403);
  });
});
