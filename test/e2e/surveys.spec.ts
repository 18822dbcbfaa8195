// The poster survey (/e/<code>) as a person at the counter uses it: with JavaScript disabled
// (plain form post), in English, with errors beside the question and in a summary; axe on each
// page. The invitation survey is covered in casework.spec.ts (it follows the reply email).
import { expect, test } from "@playwright/test";
import { expectAccessibleWithoutScripts } from "./fixtures";

const POSTER = "ANDACOLLO-2026";

test.describe("poster survey without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("answer in Spanish: an error, then thanks", async ({ page, browser }) => {
    test.slow(); // axe runs four times
    const res = await page.goto(`/e/${POSTER}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByText(/Cuéntenos cómo lo atendimos en Oficina/)).toBeVisible();
    await expectAccessibleWithoutScripts(browser, page);
    await page.getByRole("group", { name: /Se resolvió su requerimiento/ }).getByLabel("No", { exact: true }).check();
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(page.getByRole("alert")).toContainText("Responda esta pregunta.");
    // What was typed is kept.
    await expect(page.getByRole("group", { name: /Se resolvió su requerimiento/ }).getByLabel("No", { exact: true })).toBeChecked();
    await page.getByRole("group", { name: /satisfecho\/a está con la atención/ }).getByRole("radio", { name: "7", exact: true }).check();
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("¡Gracias por su opinión!");
    await expectAccessibleWithoutScripts(browser, page);
  });

});

test.describe("poster survey in English", () => {
  test.use({ javaScriptEnabled: false, locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB" } });

  test("answer, then a clear page for an unknown code", async ({ page, browser }) => {
    await page.goto(`/e/${POSTER}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("User satisfaction survey");
    await page.getByRole("group", { name: /How satisfied are you/ }).getByRole("radio", { name: "5", exact: true }).check();
    await page.getByRole("button", { name: "Send answers" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for your feedback!");
    const missing = await page.goto("/e/NO-SUCH-POSTER");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find this survey");
    await expectAccessibleWithoutScripts(browser, page, { locale: "en-GB" });
  });
});
