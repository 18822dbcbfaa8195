import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { expectAccessible, expectAccessibleWithoutScripts, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// The demo seed's plan is 2026 with 7 recipients (prisma/seed.ts). Rows added here are new names
// that no other suite counts.

const HEADER = ["Nombre", "Cargo", "Área / Unidad", "Categoría", "Correo electrónico", "Fecha de difusión", "Medio de difusión"];

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Destinatarios");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("a committee member adds a recipient and downloads the list as .xlsx", async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await signIn(page, USERS.comite);
  await page.goto("/comite/plan?anio=2026");
  await page.getByRole("link", { name: "Difusión del informe de implementación" }).click();
  await expect(page).toHaveURL(/\/comite\/difusion\?anio=2026$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Difusión del informe de implementación 2026");
  await expectAccessible(page);

  const form = page.getByRole("region", { name: "Agregar un destinatario" });
  await form.getByLabel("Cargo").fill("Jefa de Finanzas");
  await form.getByRole("button", { name: "Agregar destinatario" }).click();
  await expect(form.getByRole("alert")).toContainText("Nombre: Este campo es obligatorio.");
  await expectAccessible(page);

  await form.getByLabel("Nombre").fill("Marta Díaz Fuentes");
  await form.getByLabel("Categoría").selectOption({ label: "Directivo" });
  await form.getByLabel(/Correo electrónico/).fill("marta.diaz@example.cl");
  await form.getByRole("button", { name: "Agregar destinatario" }).click();
  await expect(page.getByRole("status")).toHaveText("Destinatario agregado.");
  await expect(page.getByRole("table", { name: /Listado de destinatarios/ }).getByRole("row", { name: /Marta Díaz Fuentes/ })).toContainText("marta.diaz@example.cl");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar el listado (Excel, .xlsx)" }).click()]);
  expect(download.suggestedFilename()).toBe("destinatarios-difusion-2026.xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(await download.path())) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const sheet = wb.worksheets[0]!;
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
  const names: unknown[] = [];
  sheet.eachRow((row, n) => n > 1 && names.push(row.getCell(1).value));
  expect(names).toContain("Marta Díaz Fuentes");
  noErrors();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("uploads a spreadsheet: a bad row is shown and nothing imported, then a good one is appended", async ({ page, browser }) => {
    await signIn(page, USERS.comite);
    await page.goto("/comite/difusion?anio=2026");
    const form = page.getByRole("region", { name: "Importar el listado desde Excel" });

    const bad = await xlsx([HEADER.slice(0, 5), ["Rodrigo Tapia", "Profesional", "Finanzas", "Subcontratado", ""]]);
    await form.getByLabel("Archivo Excel (.xlsx)").setInputFiles({ name: "lista.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bad });
    await form.getByLabel("Agregar las filas del archivo al listado").check();
    await form.getByRole("button", { name: "Importar" }).click();
    await expect(form.getByRole("alert")).toContainText("El archivo tiene 1 problema; no se importó nada.");
    const problems = form.getByRole("table", { name: "Problemas encontrados en el archivo" });
    await expect(problems.getByRole("row", { name: /^2 Categoría/ })).toContainText("Subcontratado");
    // The choice made is kept.
    await expect(form.getByLabel("Agregar las filas del archivo al listado")).toBeChecked();
    await expectAccessibleWithoutScripts(browser, page);

    const good = await xlsx([
      HEADER.slice(0, 5),
      ["Rodrigo Tapia", "Profesional", "Finanzas", "código del trabajo", ""],
      ["Inés Araya", "Consejera", "", "COSOC", "ines.araya@example.cl"],
    ]);
    await form.getByLabel("Archivo Excel (.xlsx)").setInputFiles({ name: "lista.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: good });
    await form.getByLabel("Agregar las filas del archivo al listado").check();
    await form.getByRole("button", { name: "Importar" }).click();
    await expect(page.getByRole("status")).toHaveText("Listado importado: 2 destinatarios.");
    const list = page.getByRole("table", { name: /Listado de destinatarios/ });
    await expect(list.getByRole("row", { name: /Rodrigo Tapia/ })).toContainText("Código del Trabajo");
    await expect(list.getByRole("row", { name: /Inés Araya/ })).toContainText("COSOC");
  });
});
