import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "e2e-password-2026";
export const USERS = {
  admin: "admin@oirs.example",
  oirs: "oirs@oirs.example",
  area: "area@oirs.example",
  comite: "comite@oirs.example",
} as const;

/** Zero WCAG 2.1 A/AA violations on the current page. */
export async function expectAccessible(page: Page) {
  // @axe-core/playwright is typed against its own playwright-core copy; the runtime object is the same.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]["page"] }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/correo|email/i).fill(email);
  await page.getByLabel(/contraseña|password/i).fill(password);
  await page.getByRole("button", { name: /ingresar|sign in/i }).click();
  // With the right password, wait until the session exists before the test navigates on.
  if (password === PASSWORD) await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Fails the test on any console error or uncaught page error: silent breakage is still breakage. */
export function failOnConsoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return () => expect(errors, "console errors").toEqual([]);
}

/**
 * axe on the page a no-JavaScript test is looking at, opened again in a context with scripts (same
 * session and language): axe-core waits on timers, which never fire in a page without JavaScript.
 */
export async function expectAccessibleWithoutScripts(browser: Browser, page: Page, options: { locale?: string } = {}) {
  const locale = options.locale ?? "es-CL";
  const context = await browser.newContext({
    javaScriptEnabled: true,
    storageState: await page.context().storageState(),
    locale,
    extraHTTPHeaders: { "Accept-Language": locale },
  });
  try {
    const scripted = await context.newPage();
    await scripted.goto(page.url());
    await expectAccessible(scripted);
  } finally {
    await context.close();
  }
}
