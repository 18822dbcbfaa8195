// The whole life of a complaint, in the browser and over real SMTP: a citizen files a reclamo and
// gets the receipt by email; the OIRS officer finds it in the inbox and assigns it to the area
// official; the official asks the citizen for information; the citizen answers on the tracking
// page; the official writes the reply (preview, then send); the citizen reads it on the tracking
// page and in their mailbox. axe runs on every page and state on the way.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, USERS, expectAccessible, failOnConsoleErrors, signIn } from "./fixtures";
import { waitForEmail } from "./mailbox";

// Public submissions and tracking lookups are rate-limited per IP: the citizen has their own.
const CITIZEN_IP = "198.18.1.21";

async function citizenPage(browser: Browser) {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "es-CL",
    extraHTTPHeaders: { "Accept-Language": "es-CL", "X-Forwarded-For": CITIZEN_IP },
  });
  const page = await context.newPage();
  return { context, page, noConsoleErrors: failOnConsoleErrors(page) };
}

async function track(page: Page, folio: string, accessCode: string) {
  await page.goto("/seguimiento");
  await page.getByLabel("Folio").fill(folio);
  await page.getByLabel("Código de acceso").fill(accessCode);
  await page.getByRole("button", { name: "Ver estado" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Estado de su solicitud");
}

test("a complaint from filing to the answer: assign, ask the citizen, answer, reply", async ({ browser, page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);
  const email = `camila.${stamp}@example.cl`;
  const subject = `Descuento indebido en mi sueldo de octubre ${stamp}`;
  const question = "¿Podría indicarnos el número de su liquidación de sueldo y el monto descontado?";
  const citizenAnswer = "Es la liquidación 2026-10-4471; me descontaron $45.000 sin explicación.";
  const replyText = "Estimada {{nombre}}: revisamos su caso {{folio}} y el descuento se devolverá en la remuneración de noviembre.";

  // --- The citizen files the complaint --------------------------------------------------------
  const citizen = await citizenPage(browser);
  let folio = "";
  let accessCode = "";
  await test.step("citizen files a reclamo and gets the receipt by email", async () => {
    const p = citizen.page;
    await p.goto("/ingresar/reclamo");
    await expect(p.getByRole("heading", { level: 1 })).toHaveText("Hacer un reclamo");
    await expectAccessible(p);
    await p.getByLabel("Asunto", { exact: true }).fill(subject);
    await p.getByLabel("Descripción", { exact: true }).fill("En mi liquidación de octubre aparece un descuento que no corresponde y nadie me lo ha explicado.");
    await p.getByLabel("Nombre completo").fill("Camila Rojas");
    await p.getByLabel(/^Correo electrónico/).fill(email);
    await p.getByLabel("Por correo electrónico").check();
    await p.getByRole("button", { name: /^Enviar/ }).click();

    await expect(p).toHaveURL(/\/comprobante$/);
    folio = (await p.getByTestId("folio").textContent())!.trim();
    accessCode = (await p.getByTestId("access-code").textContent())!.trim();
    expect(folio).toMatch(/^OIRS-\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await expect(p.getByText("Le enviamos este comprobante a su correo electrónico.")).toBeVisible();
    await expectAccessible(p);

    const receipt = await waitForEmail({ to: email, subjectIncludes: folio });
    expect(receipt.subject).toBe(`Recibimos su reclamo — folio ${folio}`);
    expect(receipt.text).toContain(folio);
    expect(receipt.text).toContain(accessCode);
  });

  // --- The OIRS officer assigns it -----------------------------------------------------------
  const noStaffConsoleErrors = failOnConsoleErrors(page);
  let casePath = "";
  await test.step("OIRS officer finds the case in the inbox and assigns it to the area official", async () => {
    await signIn(page, USERS.oirs, PASSWORD);
    await page.goto(`/gestion?q=${encodeURIComponent(folio)}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: folio, exact: true }).click();
    await expect(page).toHaveURL(/\/gestion\/casos\/[^/?#]+$/);
    casePath = new URL(page.url()).pathname;

    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Caso ${folio}`);
    await expect(page.getByTestId("case-status")).toHaveText("Ingresada");
    // The routing rule "Remuneraciones y licencias" sent it to the area because of "sueldo".
    const routing = page.getByRole("region", { name: "Derivación interna" });
    await expect(routing).toContainText("Departamento de Gestión de Personas");
    await expect(routing).toContainText("Nadie todavía");
    await expectAccessible(page);

    const assign = page.locator("#case-assign");
    await assign.getByLabel(/^Funcionario\/a/).selectOption({ label: "Rodrigo Alvarado Tapia — Departamento de Gestión de Personas" });
    await assign.getByRole("button", { name: "Asignar" }).click();
    await expect(page.getByRole("status")).toContainText("El caso quedó asignado.");
    await expect(page.getByTestId("case-status")).toHaveText("Asignada");
    await expect(routing).toContainText("Rodrigo Alvarado Tapia");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  });

  // --- The area official asks the citizen for information -------------------------------------
  await test.step("area official asks the citizen for information", async () => {
    await signIn(page, USERS.area, PASSWORD);
    await page.goto(casePath);
    await expect(page.getByTestId("case-status")).toHaveText("Asignada");
    await expectAccessible(page);

    await page.locator("summary").getByText("Pedir antecedentes a la persona", { exact: true }).click();
    const form = page.locator("#case-requestInfo");
    await form.getByLabel("Mensaje para la persona").fill(question);
    await expectAccessible(page);
    await form.getByRole("button", { name: "Enviar solicitud" }).click();
    await expect(page.getByRole("status")).toContainText("Se registró la solicitud de antecedentes");
    await expect(page.getByTestId("case-status")).toHaveText("Esperando a la persona");
    await expect(page.getByText(/Plazo suspendido desde el/)).toBeVisible();
    await expectAccessible(page);

    const asked = await waitForEmail({ to: email, subjectIncludes: `Necesitamos antecedentes para su solicitud — folio ${folio}` });
    expect(asked.text).toContain(question);
  });

  // --- The citizen answers on the tracking page -----------------------------------------------
  await test.step("citizen sees the question on the tracking page and answers it", async () => {
    await citizen.context.close();
    const fresh = await citizenPage(browser);
    Object.assign(citizen, fresh);
    const p = citizen.page;
    await track(p, folio, accessCode);
    await expect(p.getByTestId("status")).toHaveText("Esperando información de su parte");
    const request = p.getByRole("region", { name: "Necesitamos más información" });
    await expect(request).toContainText(question);
    await expectAccessible(p);

    await request.getByLabel("Su respuesta").fill(citizenAnswer);
    await request.getByRole("button", { name: "Enviar mi respuesta" }).click();
    await expect(p.getByRole("status")).toHaveText("Gracias: recibimos su información y su solicitud sigue en trámite.");
    await expect(p.getByTestId("status")).toHaveText("En trámite");
    await expect(p.getByRole("region", { name: "Necesitamos más información" })).toHaveCount(0);
    await expectAccessible(p);
  });

  // --- The official sees the answer and replies -----------------------------------------------
  await test.step("official sees the answer in the timeline and replies through the composer", async () => {
    await page.goto(casePath);
    await expect(page.getByTestId("case-status")).toHaveText("En trámite");
    const timeline = page.getByRole("region", { name: "Historial", exact: true });
    const received = timeline.getByRole("listitem").filter({ hasText: "Se recibieron los antecedentes" });
    await expect(received).toContainText(citizenAnswer);
    await expect(received).toContainText("Enviada por la persona en la página de seguimiento.");
    await expectAccessible(page);

    const composer = page.locator("#case-reply");
    await composer.getByLabel("Respuesta", { exact: true }).fill(replyText);
    await composer.getByRole("button", { name: "Vista previa" }).click();
    const preview = page.getByTestId("reply-preview");
    const expectedReply = `Estimada Camila Rojas: revisamos su caso ${folio} y el descuento se devolverá en la remuneración de noviembre.`;
    await expect(preview).toHaveText(expectedReply);
    await expect(page.getByRole("region", { name: "Vista previa de la respuesta" })).toContainText(`Se enviará por correo a ${email}.`);
    await expectAccessible(page);

    await page.getByRole("region", { name: "Vista previa de la respuesta" }).getByRole("button", { name: "Enviar respuesta" }).click();
    await expect(page.getByRole("status")).toHaveText("Se registró la respuesta. La persona la recibirá por correo electrónico.");
    await expect(page.getByTestId("case-status")).toHaveText("Respondida");
    const replied = timeline.getByRole("listitem").filter({ has: page.locator(".timeline-title").getByText("Respondida", { exact: true }) });
    await expect(replied).toContainText("Enviada por correo electrónico.");
    await expectAccessible(page);
    noStaffConsoleErrors();
  });

  // --- The citizen reads the answer -----------------------------------------------------------
  await test.step("citizen sees the answer on the tracking page and gets it by email", async () => {
    const expectedReply = `Estimada Camila Rojas: revisamos su caso ${folio} y el descuento se devolverá en la remuneración de noviembre.`;
    const p = citizen.page;
    await track(p, folio, accessCode);
    await expect(p.getByTestId("status")).toHaveText("Respondida");
    await expect(p.getByRole("region", { name: "Respuesta", exact: true })).toContainText(expectedReply);
    await expectAccessible(p);
    citizen.noConsoleErrors();

    const reply = await waitForEmail({ to: email, subjectIncludes: `Respuesta a su reclamo — folio ${folio}` });
    expect(reply.text).toContain(expectedReply);
  });

  // --- The citizen rates the service through the emailed invitation ----------------------------
  await test.step("citizen answers the satisfaction survey from the invitation email, once", async () => {
    const p = citizen.page;
    const invitation = await waitForEmail({ to: email, subjectIncludes: `Encuesta breve — folio ${folio}` });
    const link = /(http\S+\/encuesta\/[A-Za-z0-9_-]+)/.exec(invitation.text)?.[1];
    expect(link, "survey link in the invitation email").toBeTruthy();
    await p.goto(new URL(link!).pathname);
    await expect(p.getByRole("heading", { level: 1 })).toHaveText("Encuesta de satisfacción usuaria");
    await expect(p.getByText(`Su solicitud ${folio} fue respondida.`)).toBeVisible();
    await expectAccessible(p);
    // Sending without the main question: the error is beside it and in the summary.
    await p.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(p.getByRole("alert")).toContainText("Responda esta pregunta.");
    await expectAccessible(p);
    const overall = p.getByRole("group", { name: /satisfecho\/a está con la atención/ });
    await overall.getByRole("radio", { name: "6", exact: true }).check();
    await p.getByRole("group", { name: /Se resolvió su requerimiento/ }).getByLabel("Parcialmente").check();
    await p.getByLabel(/comentario o sugerencia/).fill("Me hubiera gustado una respuesta más rápida.");
    await p.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(p.getByRole("heading", { level: 1 })).toHaveText("¡Gracias por su opinión!");
    await expectAccessible(p);
    await p.goto(new URL(link!).pathname);
    await expect(p.getByRole("heading", { level: 1 })).toHaveText("Esta encuesta ya fue respondida");
    // No console check here: the 400 (missing answer) and the 409 (used link) are the statuses the
    // browser logs for these pages on purpose.
    await citizen.context.close();
  });
});

// The case page's other actions, each through its form (with axe on the open form): extend the
// deadline, reply, close, reopen, derive. Also the inbox row's deadline badge (colour and text) and
// the official's own page, /cuenta.
test("an officer extends, replies, closes, reopens and derives a case from the case page", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const filed = await request.post("/api/v1/cases", {
    headers: { Authorization: "Bearer oirs_e2e_token_0123456789abcdef" }, // SEED_API_TOKEN in playwright.config.ts
    data: {
      kind: "RECLAMO",
      subject: `Atención telefónica sin respuesta ${stamp}`,
      description: "Llamé tres veces a la oficina y nadie respondió mis preguntas sobre la matrícula.",
      channel: "TELEFONO",
      citizen: { name: "Jorge Pizarro", email: `jorge.${stamp}@example.cl` },
      replyChannel: "EMAIL",
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { folio } = (await filed.json()) as { folio: string };
  const noConsoleErrors = failOnConsoleErrors(page);
  await signIn(page, USERS.oirs, PASSWORD);

  await test.step("the inbox row shows the deadline in words beside its colour", async () => {
    await page.goto(`/gestion?q=${encodeURIComponent(folio)}`);
    const row = page.getByRole("row").filter({ hasText: folio });
    await expect(row).toContainText(/Quedan \d+ días hábiles/);
    await expectAccessible(page);
    await row.getByRole("link", { name: folio, exact: true }).click();
    await expect(page.getByTestId("case-status")).toHaveText("Ingresada");
  });

  const openForm = async (title: string) => {
    await page.locator("summary").getByText(title, { exact: true }).click();
    await expectAccessible(page);
  };
  const status = page.getByTestId("case-status");

  await test.step("extend the deadline once, with a reason", async () => {
    await openForm("Ampliar el plazo");
    const form = page.locator("#case-extend");
    await form.getByLabel("Días hábiles").fill("3");
    await form.getByLabel("Motivo").fill("Necesitamos consultar al establecimiento.");
    await form.getByRole("button", { name: "Ampliar plazo" }).click();
    await expect(page.getByRole("status")).toContainText("Se amplió el plazo.");
    await expect(page.locator("summary").getByText("Ampliar el plazo", { exact: true })).toHaveCount(0);
  });

  await test.step("reply, then close with an outcome", async () => {
    const composer = page.locator("#case-reply");
    await composer.getByLabel("Respuesta", { exact: true }).fill("Estimado {{nombre}}: la oficina atenderá sus llamadas en el nuevo horario.");
    await composer.getByRole("button", { name: "Vista previa" }).click();
    await page.getByRole("region", { name: "Vista previa de la respuesta" }).getByRole("button", { name: "Enviar respuesta" }).click();
    await expect(status).toHaveText("Respondida");

    await openForm("Cerrar el caso");
    const form = page.locator("#case-close");
    await form.getByLabel("Resultado").selectOption({ label: "Resuelto" });
    await form.getByRole("button", { name: "Cerrar caso" }).click();
    await expect(page.getByRole("status")).toContainText("El caso quedó cerrado.");
    await expect(status).toHaveText("Cerrada");
    await expectAccessible(page);
  });

  await test.step("reopen with a reason, then derive to another institution", async () => {
    await openForm("Reabrir el caso");
    const reopen = page.locator("#case-reopen");
    await reopen.getByLabel("Motivo").fill("La persona volvió a llamar: el horario no se cumple.");
    await reopen.getByRole("button", { name: "Reabrir caso" }).click();
    await expect(page.getByRole("status")).toContainText("El caso fue reabierto.");
    await expect(status).toHaveText("Reabierta");

    await openForm("Derivar a otro organismo");
    const derive = page.locator("#case-derive");
    await derive.getByLabel("Organismo").fill("Superintendencia de Educación");
    await derive.getByLabel("Motivo").fill("La matrícula depende del establecimiento particular subvencionado.");
    await derive.getByRole("button", { name: "Derivar caso" }).click();
    await expect(page.getByRole("status")).toContainText("El caso fue derivado y se informó a la persona.");
    await expect(status).toHaveText("Derivada");
    const timeline = page.getByRole("region", { name: "Historial", exact: true });
    await expect(timeline).toContainText("Superintendencia de Educación");
    await expectAccessible(page);
  });

  await test.step("the official's own page", async () => {
    await page.goto("/cuenta");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mi cuenta");
    await expectAccessible(page);
  });
  noConsoleErrors();
});
