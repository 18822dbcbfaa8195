// A citizen files each kind of request in the browser, in Spanish and in English, and once with
// JavaScript off; then follows it on the tracking page. axe runs on every page on the way.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors } from "./fixtures";

const KINDS = [
  { slug: "reclamo", es: "Hacer un reclamo", en: "Make a complaint", needsContact: true },
  { slug: "consulta", es: "Hacer una consulta", en: "Ask a question", needsContact: true },
  { slug: "sugerencia", es: "Dejar una sugerencia", en: "Leave a suggestion", needsContact: false },
  { slug: "felicitacion", es: "Enviar una felicitación", en: "Send a compliment", needsContact: false },
] as const;

const T = {
  es: { subject: "Asunto", description: "Descripción", name: "Nombre completo", email: /^Correo electrónico/, byEmail: "Por correo electrónico", anonymous: /forma anónima/, folio: "Folio", code: "Código de acceso", track: "Ver el estado de la solicitud", status: "Recibida: pronto será revisada", check: "Ver estado" },
  en: { subject: "Subject", description: "Description", name: "Full name", email: /^Email address/, byEmail: "By email", anonymous: /anonymously/, folio: "Reference number", code: "Access code", track: "Check the status of the request", status: "Received: it will be reviewed soon", check: "Check status" },
} as const;

// Each test comes from its own address, so the per-IP submission limit never couples them.
let ipCounter = 10;
function freshIp() {
  ipCounter += 1;
  return `198.18.0.${ipCounter}`;
}

async function readReceipt(page: Page) {
  const folio = (await page.getByTestId("folio").textContent())!.trim();
  const accessCode = (await page.getByTestId("access-code").textContent())!.trim();
  return { folio, accessCode };
}

for (const lng of ["es", "en"] as const) {
  test.describe(`filing in ${lng === "es" ? "Spanish" : "English"}`, () => {
    test.use({ locale: lng === "es" ? "es-CL" : "en-GB", extraHTTPHeaders: { "Accept-Language": lng === "es" ? "es-CL" : "en-GB", "X-Forwarded-For": freshIp() } });

    for (const kind of KINDS) {
      test(`${kind.slug}: file, get a receipt, track it`, async ({ page }) => {
        const noConsoleErrors = failOnConsoleErrors(page);
        const t = T[lng];
        await page.goto("/");
        await expectAccessible(page);
        await page.getByRole("link", { name: kind[lng] }).click();
        await expect(page).toHaveURL(new RegExp(`/ingresar/${kind.slug}$`));
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(kind[lng]);
        await expectAccessible(page);

        const subject = `Prueba ${kind.slug} ${lng} <b>sin formato</b>`;
        await page.getByLabel(t.subject, { exact: true }).fill(subject);
        await page.getByLabel(t.description, { exact: true }).fill("Descripción de prueba con el detalle de lo ocurrido.");
        if (kind.needsContact) {
          await page.getByLabel(t.name).fill("Camila Rojas");
          await page.getByLabel(t.email).fill("camila@example.cl");
          await page.getByLabel(t.byEmail).check();
        } else {
          await page.getByLabel(t.anonymous).check();
        }
        await page.getByRole("button", { name: new RegExp(lng === "es" ? "^Enviar" : "^Send") }).click();

        await expect(page).toHaveURL(/\/comprobante$/);
        const { folio, accessCode } = await readReceipt(page);
        expect(folio).toMatch(/^OIRS-\d{4}-\d{6}$/);
        expect(accessCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
        await expect(page.getByRole("img", { name: /QR/ })).toBeVisible();
        await expect(page.getByTestId("due-at")).toContainText(lng === "es" ? "días hábiles" : "working days");
        await expectAccessible(page);

        await page.getByRole("link", { name: t.track }).click();
        await expect(page.getByTestId("status")).toHaveText(t.status);
        // Typed HTML is shown as text.
        await expect(page.getByText(subject)).toBeVisible();
        await expectAccessible(page);
        noConsoleErrors();
      });
    }
  });
}

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false, extraHTTPHeaders: { "X-Forwarded-For": freshIp() } });

  test("errors are shown beside the fields and in a summary, input is kept, then it files", async ({ page }) => {
    await page.goto("/ingresar/reclamo");
    await page.getByLabel("Asunto", { exact: true }).fill("Sin JavaScript");
    await page.getByRole("textbox", { name: /^RUT/ }).fill("12.345.678-9");
    await page.getByRole("button", { name: /^Enviar/ }).click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Revise los siguientes campos");
    await expect(summary.getByRole("link", { name: /Descripción/ })).toBeVisible();
    await expect(summary.getByRole("link", { name: /RUT/ })).toBeVisible();
    await expect(page.getByText("El RUT no es válido", { exact: false }).first()).toBeVisible();
    await expect(page.getByLabel("Asunto", { exact: true })).toHaveValue("Sin JavaScript");
    // (axe needs JavaScript in the page; the same error state is checked with it in "refusals".)

    await page.getByLabel("Descripción", { exact: true }).fill("Formulario enviado sin JavaScript.");
    await page.getByRole("textbox", { name: /^RUT/ }).fill("12.345.678-5");
    await page.getByLabel("Nombre completo").fill("Pedro Díaz");
    await page.getByLabel("Dirección postal").fill("Calle Los Aromos 123, Coquimbo");
    await page.getByLabel("Por carta a mi dirección").check();
    await page.getByRole("button", { name: /^Enviar/ }).click();
    await expect(page).toHaveURL(/\/comprobante$/);
    const { folio, accessCode } = await readReceipt(page);

    await page.goto("/seguimiento");
    await page.getByLabel("Folio").fill(folio);
    await page.getByLabel("Código de acceso").fill(accessCode);
    await page.getByRole("button", { name: "Ver estado" }).click();
    await expect(page.getByTestId("status")).toHaveText("Recibida: pronto será revisada");
  });
});

test.describe("refusals", () => {
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": freshIp() } });

  test("a file that is not a PDF, JPG or PNG is refused by its content", async ({ page }) => {
    await page.goto("/ingresar/sugerencia");
    await page.getByLabel("Asunto", { exact: true }).fill("Con adjunto");
    await page.getByLabel("Descripción", { exact: true }).fill("Adjunto un archivo.");
    await page.getByLabel(/forma anónima/).check();
    await page.locator("#attachments").setInputFiles({ name: "foto.png", mimeType: "image/png", buffer: Buffer.from("this is not a png") });
    await page.getByRole("button", { name: /^Enviar/ }).click();
    await expect(page.getByText("El archivo foto.png no es un PDF, JPG o PNG válido.").first()).toBeVisible();
    await expect(page.getByLabel("Asunto", { exact: true })).toHaveValue("Con adjunto");
    await expectAccessible(page);
  });

  test("a wrong access code gets one generic message", async ({ page }) => {
    const res = await page.goto("/seguimiento?folio=OIRS-2026-000001&codigo=AAAAA-BBBBB");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("alert")).toHaveText("No encontramos una solicitud con ese folio y código de acceso. Revise los datos e intente nuevamente.");
    await expectAccessible(page);
  });

  test("with JavaScript, a field is checked when it is left", async ({ page }) => {
    await page.goto("/ingresar/consulta");
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    const email = page.getByLabel(/^Correo electrónico/);
    await email.fill("no-es-un-correo");
    await email.blur();
    await expect(page.getByText("Ingrese un correo electrónico válido", { exact: false }).first()).toBeVisible();
    await page.getByLabel("Descripción", { exact: true }).fill("abc");
    await expect(page.getByText(/Le quedan 3997 caracteres/)).toBeVisible();
  });
});

test.describe("the cases API over HTTP (the server's fast path, not the Remix route)", () => {
  const TOKEN = "oirs_e2e_token_0123456789abcdef"; // SEED_API_TOKEN in playwright.config.ts
  const body = { kind: "SUGERENCIA", subject: "Sugerencia por la API", description: "Más bancas en el patio.", anonymous: true, locale: "en" };

  test("files a case, and refuses bad requests with localised 4xx answers", async ({ request }) => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const created = await request.post("/api/v1/cases", { headers: { ...auth, "Idempotency-Key": `e2e-fast-${Date.now()}` }, data: body });
    expect(created.status(), await created.text()).toBe(201);
    const folio = (await created.json()).folio as string;
    expect(created.headers()["location"]).toBe(`/api/v1/cases/${encodeURIComponent(folio)}`);
    expect(created.headers()["x-content-type-options"]).toBe("nosniff");

    const noToken = await request.post("/api/v1/cases", { data: body });
    expect(noToken.status()).toBe(401);
    const wrongType = await request.post("/api/v1/cases", { headers: { ...auth, "Content-Type": "text/plain" }, data: JSON.stringify(body) });
    expect(wrongType.status()).toBe(415);
    const malformed = await request.post("/api/v1/cases", { headers: { ...auth, "Content-Type": "application/json", "Accept-Language": "en" }, data: "{not json" });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).message).toMatch(/JSON/);
    const huge = await request.post("/api/v1/cases", { headers: { ...auth, "Content-Type": "application/json" }, data: JSON.stringify({ ...body, description: "x".repeat(200_000) }) });
    expect(huge.status()).toBe(413);
    const invalid = await request.post("/api/v1/cases", { headers: auth, data: { ...body, kind: "QUEJA" } });
    expect(invalid.status()).toBe(422);
  });
});
