import { renderReplyTemplate, unresolvedPlaceholders } from "~/domain/cases/reply-template";

const values = {
  folio: "OIRS-2026-000123",
  nombre: "María Pérez",
  fecha_recepcion: "2 de marzo de 2026",
  fecha_plazo: "16 de marzo de 2026",
  asunto: "Descuento",
  institucion: "SLEP Bahía Serena",
};

describe("reply templates", () => {
  it.each([
    ["Folio {{folio}}", "Folio OIRS-2026-000123"],
    ["{{ nombre }}, {{asunto}}", "María Pérez, Descuento"],
    ["Recibida el {{fecha_recepcion}}, plazo {{fecha_plazo}}", "Recibida el 2 de marzo de 2026, plazo 16 de marzo de 2026"],
    ["{{institucion}} / {{fecha}}", "SLEP Bahía Serena / 2 de marzo de 2026"],
    ["{{folio}} y {{folio}}", "OIRS-2026-000123 y OIRS-2026-000123"],
    ["{{desconocido}} {folio} {{folio", "{{desconocido}} {folio} {{folio"],
    ["Sin marcadores", "Sin marcadores"],
  ])("%s → %s", (body, expected) => {
    expect(renderReplyTemplate(body, values)).toBe(expected);
  });

  it("leaves a placeholder without a value visible", () => {
    const text = renderReplyTemplate("Estimado/a {{nombre}}: {{folio}}", { folio: "F-1", nombre: null });
    expect(text).toBe("Estimado/a {{nombre}}: F-1");
    expect(unresolvedPlaceholders(text)).toEqual(["{{nombre}}"]);
  });

  it("does not re-interpret values that look like placeholders", () => {
    expect(renderReplyTemplate("{{asunto}}", { asunto: "{{folio}}", folio: "X" })).toBe("{{folio}}");
  });
});
