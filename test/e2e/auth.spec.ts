import { expect, test } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

test.describe("staff sign-in", () => {
  test("the home and sign-in pages are accessible", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("OIRS");
    await expectAccessible(page);
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Acceso funcionarios" })).toBeVisible();
    await expectAccessible(page);
    noErrors();
  });

  for (const [role, email, landing, heading] of [
    ["ADMIN", USERS.admin, "/admin", "Administración"],
    ["OIRS_OFFICER", USERS.oirs, "/gestion", "Bandeja de casos"],
    ["AREA_OFFICIAL", USERS.area, "/gestion", "Bandeja de casos"],
    ["COMMITTEE", USERS.comite, "/comite", /^Panel del Comité de Calidad \d{4}$/],
  ] as const) {
    test(`${role} lands on ${landing} and signs out`, async ({ page }) => {
      const noErrors = failOnConsoleErrors(page);
      await signIn(page, email);
      await expect(page).toHaveURL(new RegExp(`${landing}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Cerrar sesión" }).click();
      await expect(page).toHaveURL(/\/login\?signedOut=1$/);
      await page.goto(landing);
      await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=${encodeURIComponent(landing)}`));
      noErrors();
    });
  }

  test("a wrong password and an unknown email get the same message", async ({ page }) => {
    await signIn(page, USERS.admin, "not-the-password");
    const message = page.getByRole("alert");
    await expect(message).toContainText("El correo o la contraseña no son correctos.");
    await expect(page.getByLabel("Correo electrónico")).toHaveValue(USERS.admin);
    await expectAccessible(page);
    await signIn(page, "nobody@oirs.example", "not-the-password");
    await expect(page.getByRole("alert")).toContainText("El correo o la contraseña no son correctos.");
  });

  test("a signed-out visitor is sent to sign in and comes back", async ({ page }) => {
    await page.goto("/admin/oficinas");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Foficinas$/);
    await page.getByLabel("Correo electrónico").fill(USERS.admin);
    await page.getByLabel("Contraseña").fill("e2e-password-2026");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await expect(page).toHaveURL(/\/admin\/oficinas$/);
  });

  test("an off-site redirect target is ignored", async ({ page }) => {
    await page.goto("/login?redirectTo=%2F%2Fevil.example%2Fphish");
    await page.getByLabel("Correo electrónico").fill(USERS.comite);
    await page.getByLabel("Contraseña").fill("e2e-password-2026");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await expect(page).toHaveURL(/localhost:\d+\/comite$/);
  });

  test("a role answers 403 on a page it may not see", async ({ page }) => {
    await signIn(page, USERS.comite);
    await expect(page).toHaveURL(/\/comite$/);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acceso no permitido");
    await expectAccessible(page);
    const inbox = await page.goto("/gestion");
    expect(inbox?.status()).toBe(403);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
    await signIn(page, USERS.oirs);
    await expect(page).toHaveURL(/\/gestion$/);
    const cookie = (await context.cookies()).find((c) => c.name === "oirs_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
  });

  test("ten failed attempts from one IP are answered 429", async ({ request }) => {
    const headers = { "X-Forwarded-For": "203.0.113.77" };
    const form = { email: USERS.admin, password: "wrong-password" };
    for (let i = 0; i < 10; i++) {
      const res = await request.post("/login", { form, headers, maxRedirects: 0 });
      expect(res.status()).toBe(401);
    }
    const blocked = await request.post("/login", { form: { ...form, password: "e2e-password-2026" }, headers, maxRedirects: 0 });
    expect(blocked.status()).toBe(429);
    expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  });
});
