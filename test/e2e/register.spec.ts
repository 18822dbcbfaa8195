// An OIRS officer registers a letter that arrived two business days ago: the printable receipt,
// then the case with its channel and its (backdated) legal reception. Once more without
// JavaScript, where a future reception date is refused beside the field and in the summary.
import { expect, test, type Page } from "@playwright/test";
import Holidays from "date-holidays";
import { USERS, expectAccessible, failOnConsoleErrors, signIn } from "./fixtures";

const TIME_ZONE = "America/Santiago";
const DAY_MS = 86_400_000;

/** Today's date in Chile, "YYYY-MM-DD" (en-CA formats dates that way). */
function santiagoToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const holidays = new Holidays("CL");
/** Monday to Friday and not a Chilean public holiday (31 December is a "bank" holiday only). */
function isBusinessDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !(holidays.getHolidays(Number(day.slice(0, 4))) || []).some((h) => h.type === "public" && h.date.slice(0, 10) === day);
}

function businessDaysAgo(n: number): string {
  let day = santiagoToday();
  for (let found = 0; found < n; ) {
    day = addDays(day, -1);
    if (isBusinessDay(day)) found += 1;
  }
  return day;
}

/** "19 de noviembre de 2026", as the app writes dates in Spanish (the time follows: "a las 10:30 a. m."). */
function longDate(day: string): string {
  return new Intl.DateTimeFormat("es-CL", { dateStyle: "long", timeZone: TIME_ZONE }).format(new Date(`${day}T12:00:00Z`));
}

/** The value beside a label in a summary list (<dl class="summary-list">). */
function summaryValue(page: Page, label: string) {
  return page.locator("dl.summary-list > div").filter({ has: page.locator("dt").getByText(label, { exact: true }) }).locator("dd");
}

async function fillLetter(page: Page, options: { subject: string; date: string; time: string }) {
  await page.getByLabel("Tipo de solicitud").selectOption({ label: "Reclamo" });
  await page.getByLabel("Canal por el que llegó").selectOption({ label: "Carta o buzón" });
  await page.getByLabel("Fecha de recepción").fill(options.date);
  await page.getByLabel("Hora de recepción").fill(options.time);
  await page.getByLabel("Asunto", { exact: true }).fill(options.subject);
  await page.getByLabel("Descripción", { exact: true }).fill("Carta recibida en el buzón de la oficina: el recorrido del bus escolar no pasa por el sector Las Compañías desde hace dos semanas.");
  await page.getByLabel("Nombre completo").fill("Rosa Espinoza Castillo");
  await page.getByLabel("Dirección postal").fill("Pasaje Los Lirios 455, Las Compañías");
  await page.getByLabel("Comuna").fill("La Serena");
  await page.getByLabel("Por carta a mi dirección").check();
}

test("an officer registers a letter received two business days ago", async ({ page }) => {
  const noConsoleErrors = failOnConsoleErrors(page);
  const receivedOn = businessDaysAgo(2);
  const subject = `Carta: recorrido del bus escolar ${Date.now().toString(36)}`;

  await signIn(page, USERS.oirs);
  await page.goto("/gestion/registrar");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrar un caso");
  // The reception date starts at today (in Chile).
  await expect(page.getByLabel("Fecha de recepción")).toHaveValue(santiagoToday());
  await expectAccessible(page);

  await fillLetter(page, { subject, date: receivedOn, time: "10:30" });
  await page.getByRole("button", { name: "Registrar caso" }).click();

  // The printable receipt, for the officer to mail to the citizen.
  await expect(page).toHaveURL(/\/comprobante$/);
  const folio = (await page.getByTestId("folio").textContent())!.trim();
  const accessCode = (await page.getByTestId("access-code").textContent())!.trim();
  expect(folio).toMatch(/^OIRS-\d{4}-\d{6}$/);
  expect(accessCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
  await expect(summaryValue(page, "Fecha legal de recepción")).toContainText(new RegExp(`^${longDate(receivedOn)}\\D+10:30\\b`));
  await expect(page.getByRole("button", { name: "Imprimir comprobante" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Ir al caso" }).click();
  await expect(page).toHaveURL(/\/gestion\/casos\/[^/?#]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Caso ${folio}`);
  await expect(summaryValue(page, "Canal")).toHaveText("Carta o buzón · Registrada por: Javiera Cortés Pizarro");
  await expect(summaryValue(page, "Tipo")).toHaveText("Reclamo");
  await expect(summaryValue(page, "Fecha legal de recepción")).toContainText(new RegExp(`^${longDate(receivedOn)}\\D+10:30\\b`));
  await expect(summaryValue(page, "Quiere la respuesta")).toHaveText("Por carta");
  await expectAccessible(page);
  noConsoleErrors();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a future reception date is refused; corrected, the letter is registered", async ({ page }) => {
    const tomorrow = addDays(santiagoToday(), 1);
    const receivedOn = businessDaysAgo(2);
    const subject = `Carta sin JavaScript ${Date.now().toString(36)}`;

    await signIn(page, USERS.oirs);
    await page.goto("/gestion/registrar");
    await fillLetter(page, { subject, date: tomorrow, time: "09:15" });
    await page.getByRole("button", { name: "Registrar caso" }).click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Revise los siguientes campos");
    await expect(summary.getByRole("link", { name: /Fecha de recepción/ })).toBeVisible();
    await expect(page.locator(".field.has-error").filter({ has: page.getByLabel("Fecha de recepción") })).toContainText("La fecha de recepción no puede ser futura.");
    await expect(page.getByLabel("Fecha de recepción")).toHaveAttribute("aria-invalid", "true");
    // What was typed is kept.
    await expect(page.getByLabel("Fecha de recepción")).toHaveValue(tomorrow);
    await expect(page.getByLabel("Asunto", { exact: true })).toHaveValue(subject);
    await expect(page.getByLabel("Canal por el que llegó")).toHaveValue("CARTA");
    await expect(page.getByLabel("Hora de recepción")).toHaveValue("09:15");
    await expect(page.getByLabel("Dirección postal")).toHaveValue("Pasaje Los Lirios 455, Las Compañías");
    await expect(page.getByLabel("Por carta a mi dirección")).toBeChecked();
    // (axe needs JavaScript in the page; the pages themselves are checked with it above.)

    await page.getByLabel("Fecha de recepción").fill(receivedOn);
    await page.getByRole("button", { name: "Registrar caso" }).click();
    await expect(page).toHaveURL(/\/comprobante$/);
    const folio = (await page.getByTestId("folio").textContent())!.trim();
    await page.getByRole("link", { name: "Ir al caso" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Caso ${folio}`);
    await expect(summaryValue(page, "Canal")).toContainText("Carta o buzón");
    await expect(summaryValue(page, "Fecha legal de recepción")).toContainText(new RegExp(`^${longDate(receivedOn)}\\D+0?9:15\\b`));
  });
});
