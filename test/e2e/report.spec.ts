import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import JSZip from "jszip";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// The demo seed's plan is for 2026 (prisma/seed.ts, PLAN_YEAR). Read-only: nothing is changed here.
const strings = (lng: "es" | "en") => JSON.parse(fs.readFileSync(path.resolve(`app/i18n/locales/${lng}/report.json`), "utf8"));
const es = strings("es");
const PARTS: string[] = [es.parts.activities, es.parts.indicators, es.parts.factors, es.parts.changes];

/** The text of the paragraphs styled as a Word heading of that level. */
function headings(xml: string, style: string): string[] {
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [])
    .filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`))
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
}

test("a committee member opens the implementation report, prints it and downloads the .docx", async ({ page }) => {
  // axe on a long document page.
  test.slow();
  const noErrors = failOnConsoleErrors(page);
  await signIn(page, USERS.comite);
  await page.goto("/comite/plan");
  await page.getByRole("link", { name: /^Informe de implementación 2026/ }).click();
  await expect(page).toHaveURL(/\/comite\/informe\?anio=2026$/);
  await expect(page).toHaveTitle("Informe de implementación 2026 · Comité de calidad · OIRS");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Informe de implementación del Plan de Mejoramiento 2026");
  for (const part of PARTS) await expect(page.getByRole("heading", { level: 2, name: part })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Actividad 1: Elaboración del Modelo de Atención" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Cambios al plan 2026" })).toContainText("Acta N° 4/2026");
  await expectAccessible(page);

  // Printed, the download and print controls and the site's menus are left out.
  await expect(page.getByRole("button", { name: "Imprimir" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("link", { name: "Descargar .docx" })).toBeHidden();
  await expect(page.getByRole("heading", { level: 2, name: PARTS[3] })).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar .docx" }).click()]);
  expect(download.suggestedFilename()).toBe("informe-implementacion-2026.docx");
  const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
  const xml = await zip.file("word/document.xml")!.async("string");
  expect(headings(xml, "Heading1")).toEqual(["Informe de implementación del Plan de Mejoramiento 2026"]);
  expect(headings(xml, "Heading2")).toEqual(expect.arrayContaining(PARTS));
  noErrors();

  // A malformed year is explained, with a 400.
  const bad = await page.goto("/comite/informe?anio=veinte");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(es.errors.badYearTitle);
});
