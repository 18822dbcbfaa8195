import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// The seeded default survey is shared with other suites (the public survey pages): every edit made
// here is undone before the test ends, so its questions and title stay as seeded. Versioning with
// responses (a new version row, posters moved) is covered by test/integration/survey-admin.test.ts,
// because this harness cannot insert a response; here the version seen after saving must match
// the response count the page shows.

const DEFAULT_TITLE = "Encuesta de satisfacción usuaria";

const question = (page: Page, number: number) => page.getByRole("group", { name: `Pregunta ${number}`, exact: true });

async function summaryValue(page: Page, term: string) {
  return (await page.locator(".summary-list > div", { has: page.locator("dt", { hasText: term }) }).locator("dd").innerText()).trim();
}

test.describe("survey templates and QR posters", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.admin);
    await expect(page).toHaveURL(/\/admin$/);
  });

  test("the pages are accessible and linked from the admin navigation", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    const sections = page.getByRole("navigation", { name: "Secciones de administración" });
    await sections.getByRole("link", { name: "Encuestas" }).click();
    await expect(page).toHaveURL(/\/admin\/encuestas$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Encuestas de satisfacción");
    await sections.getByRole("link", { name: "Afiches QR" }).click();
    await expect(page).toHaveURL(/\/admin\/afiches$/);
    await expect(page.getByRole("row", { name: /CENTRAL-2026/ })).toContainText("/e/CENTRAL-2026");
    for (const path of ["/admin/encuestas", "/admin/encuestas/nueva", "/admin/afiches", "/admin/afiches/nuevo"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    noErrors();
  });

  test("edits the default survey: adds a question, fixes an error, saves, then removes it", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/admin/encuestas");
    const row = page.getByRole("row", { name: new RegExp(DEFAULT_TITLE) }).filter({ hasText: "Predeterminada" });
    await row.getByRole("link", { name: DEFAULT_TITLE }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Editar encuesta: ${DEFAULT_TITLE}`);
    const version = Number(await summaryValue(page, "Versión"));
    const responses = Number(await summaryValue(page, "Respuestas"));
    const count = await page.getByRole("group", { name: /^Pregunta \d+$/ }).count();
    expect(count).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Agregar pregunta" }).click();
    await expect(page.getByRole("status")).toContainText(`Se agregó la pregunta ${count + 1}.`);
    const added = question(page, count + 1);
    await expect(added.getByLabel("Clave")).toBeFocused();
    await added.getByLabel("Clave").fill("e2e_canal");
    await added.getByLabel("Tipo de pregunta").selectOption({ label: "Selección única" });
    // With JavaScript, only the fields of the chosen type are shown.
    await expect(added.getByLabel(/Opciones/)).toBeVisible();
    await expect(added.getByLabel("Texto del 1 en español")).toBeHidden();
    await added.getByLabel("Pregunta en español").fill("¿Cómo se enteró de nosotros?");
    await added.getByLabel("Pregunta en inglés").fill("How did you hear about us?");
    await added.getByLabel(/Opciones/).fill("web | Sitio web | Website");
    await page.getByRole("button", { name: "Guardar encuesta" }).first().click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Revise los siguientes campos");
    await expect(summary).toContainText(`Pregunta ${count + 1} · Opciones: Escriba al menos dos opciones, una por línea.`);
    await expect(added.getByText("Escriba al menos dos opciones, una por línea.")).toBeVisible();
    await expectAccessible(page);

    await added.getByLabel(/Opciones/).fill("web | Sitio web | Website\nradio | Radio | Radio");
    await page.getByRole("button", { name: "Guardar encuesta" }).first().click();
    // With responses the save makes the next version; without, the same one changes.
    const expected = responses > 0 ? version + 1 : version;
    if (responses > 0) await expect(page.getByRole("status")).toContainText(`Cambios guardados como versión ${expected}.`);
    else await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
    expect(Number(await summaryValue(page, "Versión"))).toBe(expected);
    await expect(question(page, count + 1).getByLabel("Clave")).toHaveValue("e2e_canal");

    // Undo: the survey's content is back to what it was.
    await question(page, count + 1).getByRole("button", { name: /^Quitar/ }).click();
    await expect(page.getByRole("status")).toContainText(`Se quitó la pregunta ${count + 1}.`);
    await expect(page.getByRole("group", { name: /^Pregunta \d+$/ })).toHaveCount(count);
    await page.getByRole("button", { name: "Guardar encuesta" }).first().click();
    await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
    expect(Number(await summaryValue(page, "Versión"))).toBe(expected);
    noErrors();
  });

  test("creates a poster, refuses a taken code, and prints it with its QR code", async ({ page }) => {
    await page.goto("/admin/afiches/nuevo");
    await page.getByRole("button", { name: "Crear afiche" }).click();
    await expect(page.getByRole("alert")).toContainText("Oficina: Este campo es obligatorio.");

    await page.getByLabel("Oficina", { exact: true }).selectOption({ label: "Oficina Central Coquimbo" });
    await page.getByLabel("Canal de atención").selectOption({ label: "Teléfono" });
    await page.getByLabel(/^Código/).fill("central-2026");
    await page.getByRole("button", { name: "Crear afiche" }).click();
    await expect(page.getByRole("alert")).toContainText("Este código ya está en uso.");
    await expectAccessible(page);

    // From here on nothing is refused (a refused form is a 4xx response, which the console reports).
    const noErrors = failOnConsoleErrors(page);
    await page.getByLabel(/^Código/).fill("E2E-FONO");
    await page.getByRole("button", { name: "Crear afiche" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Afiche E2E-FONO");
    await expect(page.getByRole("status")).toHaveText("Afiche creado. Ya puede imprimirlo.");
    await expect(page.locator(".summary-list")).toContainText("/e/E2E-FONO");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Ver afiche para imprimir" }).click();
    await expect(page).toHaveURL(/\/admin\/afiches\/[0-9a-f-]{36}\/imprimir$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Afiche E2E-FONO para imprimir");
    const poster = page.getByRole("article", { name: "Vista previa del afiche" });
    await expect(poster).toContainText("Servicio Local de Educación Pública Bahía Serena");
    await expect(poster).toContainText("¿Cómo lo atendimos?");
    await expect(poster).toContainText("Oficina Central Coquimbo · Teléfono");
    const qr = poster.getByRole("img", { name: /^Código QR que abre la encuesta en http:\/\/localhost:\d+\/e\/E2E-FONO$/ });
    await expect(qr).toBeVisible();
    const box = await qr.locator("svg").boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(250);
    await expect(poster.getByText(/http:\/\/localhost:\d+\/e\/E2E-FONO/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Imprimir afiche" })).toBeVisible();
    await expectAccessible(page);

    // Printed: the poster alone on one A4 page, without the site's header, navigation or the instructions.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: "print" });
    await expect(qr).toBeVisible();
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Secciones de administración" })).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toBeHidden();
    await page.emulateMedia({ media: "screen" });

    // The poster in English, for an office that serves English speakers.
    await page.getByLabel("Idioma del afiche").selectOption({ label: "English" });
    await page.getByRole("button", { name: "Cambiar idioma" }).click();
    await expect(poster).toContainText("How did we serve you?");
    await expect(poster).toHaveAttribute("lang", "en");

    await page.goto("/admin/afiches");
    const row = page.getByRole("row", { name: /E2E-FONO/ });
    await expect(row).toContainText("Oficina Central Coquimbo");
    await expect(row).toContainText("Teléfono");
    await expect(row).toContainText("Activo");
    noErrors();
  });

  test("a survey answered through its poster gets a new version when edited; the answer keeps the old one", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    // A survey and a poster of its own, so the seeded ones stay untouched.
    await page.goto("/admin/encuestas/nueva");
    await page.getByLabel("Clave").fill("e2e-versiones");
    await page.getByLabel("Título en español").fill("Encuesta e2e de versiones");
    await page.getByLabel("Título en inglés").fill("Versions e2e survey");
    await page.getByRole("button", { name: "Crear encuesta" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editar encuesta: Encuesta e2e de versiones");
    const editUrl = page.url().replace(/\?.*$/, "");

    await page.goto("/admin/afiches/nuevo");
    await page.getByLabel("Oficina", { exact: true }).selectOption({ label: "Oficina Andacollo" });
    await page.getByLabel("Encuesta").selectOption({ label: "Encuesta e2e de versiones (versión 1)" });
    await page.getByLabel(/^Código/).fill("E2E-VERSIONES");
    await page.getByRole("button", { name: "Crear afiche" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Afiche E2E-VERSIONES");

    // Someone served at the counter answers through the poster's short link.
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": `203.0.113.${10 + Math.floor(Math.random() * 200)}` });
    await page.goto("/e/E2E-VERSIONES");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Encuesta e2e de versiones");
    await page.getByRole("group", { name: /satisfecho\/a está con la atención/ }).getByLabel("6", { exact: true }).check();
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("¡Gracias por su opinión!");

    await page.goto(editUrl);
    expect(await summaryValue(page, "Respuestas")).toBe("1");
    await expect(page.getByText("Esta encuesta ya tiene 1 respuesta.")).toBeVisible();
    // Keys of questions already asked are read-only.
    await expect(question(page, 1).getByLabel("Clave")).toHaveAttribute("readonly", "");
    await question(page, 2).getByLabel("Pregunta en español").fill("¿Se resolvió lo que vino a hacer?");
    await page.getByRole("button", { name: "Guardar encuesta" }).first().click();
    await expect(page.getByRole("status")).toHaveText("Cambios guardados como versión 2. 1 afiche pasó a esta versión.");
    expect(await summaryValue(page, "Versión")).toBe("2");
    expect(await summaryValue(page, "Respuestas")).toBe("0");
    await expect(question(page, 2).getByLabel("Pregunta en español")).toHaveValue("¿Se resolvió lo que vino a hacer?");
    await expectAccessible(page);

    await page.goto("/admin/encuestas");
    const rows = page.getByRole("row", { name: /Encuesta e2e de versiones/ });
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText("e2e-versiones");
    await expect(rows.nth(0).getByRole("cell").nth(2)).toHaveText("2");
    await expect(rows.nth(1).getByRole("cell").nth(2)).toHaveText("1");
    await expect(rows.nth(1)).toContainText("Versión anterior");
    await expect(rows.nth(1).getByRole("cell").nth(5)).toHaveText("1");

    // The old version is read-only and points to the new one; the poster moved to version 2.
    await rows.nth(1).getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Encuesta: Encuesta e2e de versiones (versión 1)");
    await expect(page.getByRole("button", { name: "Guardar encuesta" })).toHaveCount(0);
    await page.getByRole("link", { name: "Abrir la versión 2" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editar encuesta: Encuesta e2e de versiones");
    await page.goto("/admin/afiches");
    await expect(page.getByRole("row", { name: /E2E-VERSIONES/ })).toContainText("Encuesta e2e de versiones (versión 2)");
    noErrors();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a new survey is edited with plain POSTs: move up, remove, main question errors", async ({ page }) => {
      await page.goto("/admin/encuestas/nueva");
      await page.getByLabel("Clave").fill("e2e-sin-js");
      await page.getByLabel("Título en español").fill("Encuesta e2e sin JavaScript");
      await page.getByLabel("Título en inglés").fill("No-JavaScript e2e survey");
      await page.getByRole("button", { name: "Crear encuesta" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editar encuesta: Encuesta e2e sin JavaScript");
      await expect(page.getByRole("status")).toHaveText("Encuesta creada. Revise sus preguntas y guarde.");
      // A copy of the default: same questions, version 1, not the default.
      expect(await summaryValue(page, "Versión")).toBe("1");
      // Without JavaScript every action is a navigation: read the keys once the new page has fully loaded.
      const keys = async () => (await page.waitForLoadState("load"), Promise.all((await page.getByRole("group", { name: /^Pregunta \d+$/ }).all()).map((g) => g.getByLabel("Clave").inputValue())));
      const original = await keys();
      expect(original[0]).toBe("overall");
      expect(original.length).toBeGreaterThanOrEqual(3);

      await question(page, 2).getByRole("button", { name: /^Subir/ }).click();
      await expect(page.getByRole("status")).toContainText("La pregunta subió a la posición 1.");
      expect(await keys()).toEqual([original[1], original[0], ...original.slice(2)]);
      // The main question moved with its radio button.
      await expect(question(page, 2).getByLabel("Pregunta principal (la que usa el índice)")).toBeChecked();

      await question(page, 3).getByRole("button", { name: /^Quitar/ }).click();
      // Wait for the new page before reading the keys: without JavaScript the click is a navigation.
      await expect(page.getByRole("status")).toContainText("Se quitó la pregunta 3.");
      expect(await keys()).toEqual([original[1], original[0], ...original.slice(3)]);

      // The main question must be a 1–7 scale; question 1 is now yes / partly / no.
      await question(page, 1).getByLabel("Pregunta principal (la que usa el índice)").check();
      await page.getByRole("button", { name: "Guardar encuesta" }).first().click();
      await expect(page.getByRole("alert")).toContainText("La pregunta principal debe ser una escala de 1 a 7 (la pregunta 1 no lo es).");
      await question(page, 2).getByLabel("Pregunta principal (la que usa el índice)").check();
      await page.getByRole("button", { name: "Guardar encuesta" }).first().click();
      await expect(page.getByRole("status")).toHaveText("Cambios guardados.");
      expect(await keys()).toEqual([original[1], original[0], ...original.slice(3)]);

      await page.goto("/admin/encuestas");
      const row = page.getByRole("row", { name: /Encuesta e2e sin JavaScript/ });
      await expect(row).toContainText("e2e-sin-js");
      await row.getByRole("button", { name: /Desactivar/ }).click();
      await expect(page.getByRole("status")).toHaveText("Encuesta desactivada.");
      await expect(page.getByRole("row", { name: /Encuesta e2e sin JavaScript/ })).toContainText("Inactivo");
    });
  });
});

test.describe("survey administration in English", () => {
  test.use({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en" } });
  test("the pages and their messages are localised", async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.goto("/admin/encuestas/nueva");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New survey");
    await page.getByRole("button", { name: "Create survey" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Key: This field is required.");
    await expect(summary).toContainText("Title in Spanish: This field is required.");
    await page.getByLabel("Key").fill("Not A Key");
    await page.getByLabel("Key").press("Enter");
    await expect(summary).toContainText("Key: Use 2 to 40 lower-case letters, digits, hyphens or underscores, starting with a letter.");
    await page.goto("/admin/afiches/nuevo");
    await page.getByLabel(/^Code/).fill("AB");
    await page.getByLabel(/^Code/).press("Enter");
    await expect(page.getByRole("alert")).toContainText("The code must be 4 to 40 characters long.");
  });
});
