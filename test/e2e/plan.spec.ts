import { expect, test } from "@playwright/test";
import { expectAccessible, failOnConsoleErrors, signIn, USERS } from "./fixtures";

// The demo seed's plan is for 2026 (prisma/seed.ts, PLAN_YEAR).
// The seeded plan is shared with other suites (the committee dashboard counts late activities):
// the sub-action edited here is put back as it was before the test ends. The change and the
// measurement recorded here are new rows that no other suite counts.

const ACTIVITY = "Fortalecimiento de Capacidades en Funcionarios/as";
const SUB_ACTION = "Evaluación";

/** This month in Chile (1–12), as the seed reads it. */
function santiagoMonth(): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone: "America/Santiago", month: "numeric" }).format(new Date()));
}

test.describe("improvement plan", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.comite);
    await expect(page).toHaveURL(/\/comite$/);
  });

  test("opens the plan and edits a sub-action's status in the schedule", async ({ page }) => {
    // The activity page is long (every sub-action has its form) and axe runs on it three times.
    test.slow();
    const noErrors = failOnConsoleErrors(page);
    await expectAccessible(page);
    await page.getByRole("link", { name: /Ver el plan de mejoramiento/ }).click();
    await expect(page).toHaveURL(/\/comite\/plan\?anio=\d{4}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Plan de mejoramiento \d{4}$/);
    await expect(page.getByRole("heading", { name: "Porcentaje de Cumplimiento del Plan (PCPA)" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("table", { name: /Actividades del plan/ }).getByRole("link", { name: ACTIVITY }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Actividad 3: ${ACTIVITY}`);
    const grid = page.getByRole("table", { name: /Cronograma .* de «Fortalecimiento/ });
    const row = grid.getByRole("row", { name: new RegExp(`^${SUB_ACTION}`) });
    // Seeded from today's date (prisma/seed.ts, scheduleStatus): planned before December, in progress in it.
    const seeded = santiagoMonth() === 12 ? "En curso" : "Planificada";
    await expect(row).toContainText(seeded);
    await expectAccessible(page);

    // A done sub-action needs its date: the error is shown beside the field and in the summary.
    const group = page.getByRole("group", { name: SUB_ACTION, exact: true });
    await group.getByLabel("Estado", { exact: true }).selectOption({ label: "Realizada" });
    await group.getByRole("button", { name: "Guardar sub-acción" }).click();
    await expect(group.getByRole("alert")).toContainText("Indique la fecha en que se realizó.");
    await expectAccessible(page);

    await group.getByLabel("Estado", { exact: true }).selectOption({ label: "En curso" });
    await group.getByLabel(/Fecha del estado/).fill("2026-11-02");
    await group.getByRole("button", { name: "Guardar sub-acción" }).click();
    await expect(page.getByRole("status")).toHaveText("Sub-acción guardada.");
    await expect(row).toContainText("En curso");
    await expect(row).toContainText("2 de noviembre de 2026");
    await expectAccessible(page);

    // Put it back as seeded.
    const again = page.getByRole("group", { name: SUB_ACTION, exact: true });
    await again.getByLabel("Estado", { exact: true }).selectOption({ label: seeded });
    await again.getByLabel(/Fecha del estado/).fill("");
    await again.getByRole("button", { name: "Guardar sub-acción" }).click();
    await expect(page.getByRole("status")).toHaveText("Sub-acción guardada.");
    await expect(row).toContainText(seeded);
    await expect(row).not.toContainText("2 de noviembre de 2026");
    noErrors();
  });

  test("records a change approved after 30 June, flagged outside the window", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/comite/plan/cambios");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Cambios al plan \d{4}$/);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Registrar cambio" }).click();
    await expect(page.getByRole("alert").first()).toContainText("Revise los siguientes campos");
    await expectAccessible(page);

    await page.getByLabel("Componente modificado").selectOption({ label: "Indicador" });
    await page.getByLabel("Descripción del cambio").fill("Se ajusta la meta de participación en capacitación de 80 % a 70 %.");
    await page.getByLabel("Justificación").fill("Licencias médicas prolongadas en Gestión de Personas (e2e).");
    await page.getByLabel(/Fecha de aprobación/).fill("2026-07-20");
    await page.getByLabel(/^Acta/).fill("Acta N° 7/2026");
    await page.getByRole("button", { name: "Registrar cambio" }).click();
    await expect(page.getByRole("status")).toContainText("fuera del plazo permitido");
    const row = page.getByRole("row", { name: /20 de julio de 2026/ });
    await expect(row).toContainText("Fuera del plazo permitido (aprobado después del 30 de junio de 2026)");
    await expect(page.getByRole("row", { name: /15 de junio de 2026/ })).toContainText("Dentro del plazo");
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Secciones del plan de mejoramiento" }).getByRole("link", { name: "Dificultades y holguras" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Dificultades y holguras \d{4}$/);
    await page.getByLabel("Tipo").selectOption({ label: "Dificultad" });
    await page.getByLabel("Descripción", { exact: true }).fill("Retraso en la licitación del tótem (e2e).");
    await page.getByLabel(/Componentes del plan afectados/).fill("Actividad 5");
    await page.getByRole("button", { name: "Registrar", exact: true }).click();
    await expect(page.getByRole("alert").first()).toContainText("Indique al menos un factor interno o externo.");
    await expectAccessible(page);
    noErrors();
  });

  test("records a manual indicator's figures and interpretation", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/comite/plan/indicadores");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Indicadores del plan \d{4}$/);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Tasa de Participación en Capacitación" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tasa de Participación en Capacitación");
    await expectAccessible(page);

    await page.getByLabel("Período", { exact: true }).selectOption({ label: "Año 2026" });
    await page.getByLabel("Numerador", { exact: true }).fill("68");
    await page.getByLabel("Denominador", { exact: true }).fill("85");
    await page.getByLabel(/Interpretación y conclusiones/).fill("El 80 % de los funcionarios participó en al menos un taller (e2e).");
    await page.getByLabel(/Análisis de brechas/).fill("Baja asistencia en Andacollo.");
    await page.getByLabel(/Recomendaciones/).fill("Talleres híbridos.");
    await page.getByRole("button", { name: "Guardar registro" }).click();
    await expect(page.getByRole("status")).toContainText(/Registro de Año \d{4} guardado/);
    const row = page.getByRole("row", { name: /^Registrar Año \d{4}|^Año \d{4}/ });
    await expect(row).toContainText("80 %");
    await expect(row).toContainText("El 80 % de los funcionarios participó");
    await expect(row).toContainText("Marcela Rivera Castillo");
    await expectAccessible(page);
    noErrors();
  });

  test("uploads a PDF as evidence and downloads it", async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    await page.goto("/comite/plan");
    await page.getByRole("link", { name: "Elaboración del Modelo de Atención" }).click();
    const upload = page.getByRole("region", { name: "Subir un archivo" });
    await upload.getByLabel("Descripción", { exact: true }).fill("Acta de socialización del modelo (e2e)");
    await upload.getByLabel("Formato", { exact: true }).fill("Acta en PDF");
    await upload.getByLabel("Archivo", { exact: true }).setInputFiles({ name: "acta.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await upload.getByRole("button", { name: "Subir archivo" }).click();
    await expect(page.getByRole("status")).toHaveText("Medio de verificación agregado.");
    const row = page.getByRole("row", { name: /Acta de socialización del modelo \(e2e\)/ });
    await expect(row).toContainText("Acta en PDF");
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /acta\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe("acta.pdf");
    await expectAccessible(page);
    noErrors();
  });

  test("an OIRS officer reads the plan without edit forms", async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, USERS.oirs);
    await page.goto("/comite/plan");
    await expect(page.getByText("Puede consultar el plan, pero solo el Comité")).toBeVisible();
    await expect(page.getByRole("link", { name: "Nueva actividad" })).toHaveCount(0);
    await page.getByRole("link", { name: ACTIVITY }).click();
    await expect(page.getByRole("button", { name: "Guardar sub-acción" })).toHaveCount(0);
    await expectAccessible(page);
  });
});
