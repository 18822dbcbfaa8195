// The pure rules of personal data (app/domain/privacy/personal-data.ts): when the retention policy
// makes a case due, how a person is searched (RUT or email), the staff tool's schemas, the
// rectification rules that depend on the case, and the export's shape.
import {
  AnonymiseReviewSchema,
  AnonymiseSchema,
  buildPersonalDataExport,
  changedFields,
  exportFileName,
  isClosedStatus,
  parsePersonQuery,
  rectificationErrors,
  RectifySchema,
  retentionCutoff,
  SearchSchema,
  type ExportCaseRow,
} from "~/domain/privacy/personal-data";

const ID = "7d0e3a52-5b7f-4c1e-9a43-2f1f7f6f0c11";

describe("retentionCutoff", () => {
  it.each([
    ["2026-12-02T15:30:00.000Z", 60, "2021-12-02T15:30:00.000Z"],
    ["2026-12-02T15:30:00.000Z", 12, "2025-12-02T15:30:00.000Z"],
    ["2026-03-31T10:00:00.000Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2028-03-31T10:00:00.000Z", 1, "2028-02-29T10:00:00.000Z"],
    ["2026-01-15T00:00:00.000Z", 13, "2024-12-15T00:00:00.000Z"],
    ["2026-05-31T23:59:59.999Z", 3, "2026-02-28T23:59:59.999Z"],
    ["2026-05-10T08:00:00.000Z", 0, "2026-05-10T08:00:00.000Z"],
  ])("%s minus %i months is %s", (now, months, expected) => {
    expect(retentionCutoff(new Date(now), months).toISOString()).toBe(expected);
  });
});

describe("closed statuses", () => {
  it("only CERRADA, DERIVADA and DESISTIDA may be anonymised", () => {
    expect(["CERRADA", "DERIVADA", "DESISTIDA"].every(isClosedStatus)).toBe(true);
    expect(["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "RESPONDIDA", "REABIERTA"].some(isClosedStatus)).toBe(false);
  });
});

describe("parsePersonQuery", () => {
  it.each([
    ["12.345.678-5", { kind: "rut", value: "12345678-5" }],
    [" 12345678-5 ", { kind: "rut", value: "12345678-5" }],
    ["123456785", { kind: "rut", value: "12345678-5" }],
    ["10.000.013-k", { kind: "rut", value: "10000013-K" }],
    ["Ana.Perez@Example.CL", { kind: "email", value: "ana.perez@example.cl" }],
  ])("%s", (input, expected) => {
    expect(parsePersonQuery(input)).toEqual(expected);
  });

  it.each(["", "   ", "12.345.678-9", "hola", "ana@", "@example.cl", "12345678"])("refuses %j", (input) => {
    expect(parsePersonQuery(input)).toBeNull();
  });
});

describe("the staff tool's schemas", () => {
  it("search: a bad RUT, a bad email and a missing reason are each explained", () => {
    const bad = SearchSchema.safeParse({ q: "12.345.678-9", reason: "" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ q: "personaldata:errors.query", reason: "validation.required" });
    expect(SearchSchema.safeParse({ q: "ana@", reason: "x" }).error!.issues[0]!.message).toBe("validation.email");
    expect(SearchSchema.safeParse({ reason: "x" }).error!.issues[0]!.message).toBe("validation.required");
  });

  it("search: the value comes out normalised", () => {
    expect(SearchSchema.parse({ q: "12.345.678-5", reason: " Solicitud de acceso " })).toEqual({ q: { kind: "rut", value: "12345678-5" }, reason: "Solicitud de acceso" });
  });

  it("rectify: the intake form's field rules", () => {
    const base = { q: "ana@example.cl", reason: "Rectificación", caseId: ID, name: "Ana Pérez" };
    expect(RectifySchema.parse({ ...base, email: " Ana@Example.CL " }).email).toBe("ana@example.cl");
    const bad = RectifySchema.safeParse({ ...base, name: "", email: "no-es-correo", phone: "12", caseId: "x" });
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ name: "validation.required", email: "validation.email", phone: "validation.phone", caseId: "validation.notFound" });
  });

  it("anonymise: at least one case, and a reason at the confirmation step", () => {
    const base = { q: "12345678-5", reason: "Supresión" };
    expect(AnonymiseReviewSchema.safeParse(base).error!.issues[0]!.message).toBe("personaldata:errors.noneSelected");
    expect(AnonymiseReviewSchema.safeParse({ ...base, caseIds: [] }).error!.issues[0]!.message).toBe("personaldata:errors.noneSelected");
    expect(AnonymiseReviewSchema.parse({ ...base, caseIds: [ID] }).caseIds).toEqual([ID]);
    const noReason = AnonymiseSchema.safeParse({ ...base, caseIds: [ID] });
    expect(noReason.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["erasureReason", "validation.required"]]);
  });
});

describe("rectification rules that depend on the case", () => {
  it.each([
    [{ kind: "RECLAMO", replyChannel: "EMAIL" }, { email: undefined, address: "Calle 1" }, { email: ["cases:validation.emailForReply"] }],
    [{ kind: "RECLAMO", replyChannel: "POSTAL" }, { email: "a@b.cl", address: undefined }, { address: ["cases:validation.addressForReply"] }],
    [{ kind: "CONSULTA", replyChannel: null }, { email: undefined, address: undefined }, { email: ["cases:validation.contactNeeded"] }],
    [{ kind: "SUGERENCIA", replyChannel: null }, { email: undefined, address: undefined }, {}],
    [{ kind: "RECLAMO", replyChannel: "PRESENCIAL" }, { email: undefined, address: "Calle 1" }, {}],
  ] as const)("%j with %j", (c, input, expected) => {
    expect(rectificationErrors(c, input)).toEqual(expected);
  });

  it("changedFields lists what really changes (an empty value is null)", () => {
    const before = { name: "Ana", email: "ana@old.cl", phone: null, address: "Calle 1" };
    expect(changedFields(before, { name: "Ana", email: "ana@new.cl", phone: undefined, address: "Calle 1" })).toEqual(["email"]);
    expect(changedFields(before, { name: "Ana", email: "ana@old.cl", phone: null, address: null })).toEqual(["address"]);
    expect(changedFields(before, { ...before })).toEqual([]);
  });
});

describe("the access-right export", () => {
  const row: ExportCaseRow = {
    folio: "OIRS-2026-000001",
    kind: "RECLAMO",
    channel: "WEB",
    status: "CERRADA",
    outcome: "RESOLVED",
    submittedAt: new Date("2026-03-02T12:00:00Z"),
    receivedAt: new Date("2026-03-02T12:00:00Z"),
    dueAt: new Date("2026-03-16T02:59:59.999Z"),
    respondedAt: new Date("2026-03-05T12:00:00Z"),
    closedAt: new Date("2026-03-06T12:00:00Z"),
    derivedTo: null,
    office: "Oficina Central",
    area: null,
    tramite: null,
    anonymous: false,
    citizenName: "Ana Pérez",
    citizenRut: "12345678-5",
    citizenEmail: "ana@example.cl",
    citizenPhone: null,
    citizenAddress: null,
    citizenCommune: "Coquimbo",
    citizenRegion: "CL-CO",
    citizenGender: null,
    citizenAgeRange: "30_44",
    replyChannel: "EMAIL",
    locale: "es",
    subject: "Demora",
    description: "Texto",
    attachments: [{ fileName: "carta.pdf", mimeType: "application/pdf", size: 1234, createdAt: new Date("2026-03-02T12:00:00Z") }],
    events: [
      { type: "RECEIVED", createdAt: new Date("2026-03-02T12:00:00Z"), message: null, data: { channel: "WEB" } },
      { type: "INFO_RECEIVED", createdAt: new Date("2026-03-03T12:00:00Z"), message: null, data: { answer: "Mi respuesta", via: "tracking" } },
      { type: "REPLIED", createdAt: new Date("2026-03-05T12:00:00Z"), message: "Respuesta de la institución", data: { delivery: "EMAIL" } },
    ],
    responses: [{ createdAt: new Date("2026-03-07T12:00:00Z"), mainScore: 6, answers: { overall: 6, comment: "Bien" }, comment: "Bien" }],
  };

  it("has the person's data, what they wrote and were told, and their survey answers", () => {
    const doc = buildPersonalDataExport({
      institution: { name: "SLEP", email: "oirs@slep.cl", phone: null, address: null },
      query: { kind: "rut", value: "12345678-5" },
      generatedAt: new Date("2026-12-02T12:00:00Z"),
      cases: [row],
    });
    expect(doc).toMatchObject({ format: "oirs-personal-data/1", generatedAt: "2026-12-02T12:00:00.000Z", caseCount: 1, searchedBy: { kind: "rut", value: "12345678-5" } });
    const c = doc.cases[0]!;
    expect(c.personalData).toMatchObject({ name: "Ana Pérez", rut: "12345678-5", email: "ana@example.cl", commune: "Coquimbo", ageRange: "30_44", replyChannel: "EMAIL" });
    expect(c.attachments).toEqual([{ fileName: "carta.pdf", mimeType: "application/pdf", size: 1234, uploadedAt: "2026-03-02T12:00:00.000Z" }]);
    expect(c.timeline.map((e) => [e.type, e.message, e.answer])).toEqual([
      ["RECEIVED", null, null],
      ["INFO_RECEIVED", null, "Mi respuesta"],
      ["REPLIED", "Respuesta de la institución", null],
    ]);
    expect(c.surveyResponses).toEqual([{ at: "2026-03-07T12:00:00.000Z", mainScore: 6, answers: { overall: 6, comment: "Bien" }, comment: "Bien" }]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("file names", () => {
    const at = new Date("2026-12-02T12:00:00Z");
    expect(exportFileName({ kind: "rut", value: "12345678-5" }, at)).toBe("datos-personales-12345678-5-2026-12-02.json");
    expect(exportFileName({ kind: "email", value: "ana@example.cl" }, at)).toBe("datos-personales-correo-2026-12-02.json");
  });
});
