import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, USERS } from "./fixtures";

test.describe("narrow screens (320 px, the width of 1280 px at 400 % zoom)", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("pages reflow without horizontal scrolling", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const widest = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await widest()).toBeLessThanOrEqual(320);
    await page.goto("/login");
    expect(await widest()).toBeLessThanOrEqual(320);
    await signIn(page, USERS.admin);
    await page.goto("/admin/usuarios");
    expect(await widest()).toBeLessThanOrEqual(320);
    await expectAccessible(page);
  });
});

test("the skip link takes keyboard users to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Saltar al contenido principal" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});
