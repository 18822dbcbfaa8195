import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { createSession } from "~/domain/auth/session.server";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { createPoster, deletePoster, getPoster, listPosters, PosterCodeTakenError, posterQrSvg, posterUrl, setPosterActive, updatePoster } from "~/domain/surveys/posters.server";
import { parseQuestions, type SurveyQuestion } from "~/domain/surveys/questions";
import { formToTemplate, removeQuestion, templateToForm, type TemplateInput } from "~/domain/surveys/template-form";
import {
  createSurveyTemplate,
  getSurveyTemplate,
  listSurveyTemplates,
  LockedKeysError,
  saveSurveyTemplate,
  setDefaultSurveyTemplate,
  setSurveyTemplateActive,
  TemplateConflictError,
  TemplateKeyTakenError,
  TemplateSourceError,
} from "~/domain/surveys/templates.server";
import { action as editTemplateAction, loader as editTemplateLoader } from "~/routes/admin.encuestas.$id";
import { loader as templatesLoader } from "~/routes/admin.encuestas._index";
import { action as newPosterAction } from "~/routes/admin.afiches.nuevo";
import { loader as printLoader } from "~/routes/admin.afiches.$id_.imprimir";

const TITLE = { es: "Encuesta de satisfacción usuaria", en: "User satisfaction survey" };
const QUESTIONS: SurveyQuestion[] = [
  {
    key: "overall",
    type: "scale",
    main: true,
    required: true,
    label: { es: "¿Qué tan satisfecho/a está con la atención recibida?", en: "How satisfied are you with the service you received?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy insatisfecho/a", "Muy satisfecho/a"], en: ["Very dissatisfied", "Very satisfied"] },
  },
  {
    key: "resolved",
    type: "yes_partly_no",
    required: false,
    label: { es: "¿Se resolvió su requerimiento?", en: "Was your request resolved?" },
    options: [
      { value: "yes", label: { es: "Sí", en: "Yes" } },
      { value: "partly", label: { es: "Parcialmente", en: "Partly" } },
      { value: "no", label: { es: "No", en: "No" } },
    ],
  },
  { key: "comment", type: "text", required: false, label: { es: "¿Algún comentario?", en: "Any comment?" }, maxLength: 1000 },
];

/** The template's form after an edit, as the editor would post it. */
function edited(title: { es: string; en: string }, questions: SurveyQuestion[], change: (values: ReturnType<typeof templateToForm>) => void = () => {}): TemplateInput {
  const values = templateToForm(title, questions);
  change(values);
  const result = formToTemplate(values);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("survey templates and posters administration", () => {
  let institutionId: string;
  let otherInstitutionId: string;
  let actorId: string;
  let scope: { institutionId: string; actorId: string };
  let officeId: string;
  let secondOfficeId: string;
  let foreignOfficeId: string;
  let tramiteId: string;
  let defaultId: string;
  let cookie: string;

  const respond = (templateId: string, extra: Partial<Prisma.SurveyResponseUncheckedCreateInput> = {}) =>
    db.surveyResponse.create({ data: { institutionId, templateId, channel: "PRESENCIAL", officeId, answers: { overall: 6 }, mainScore: 6, ...extra } });
  const auditCount = (action: string, entityId: string) => db.auditLog.count({ where: { institutionId, actorId, action, entityId } });
  const post = (url: string, fields: Array<[string, string]>) =>
    new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
  const get = (url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });

  beforeAll(async () => {
    institutionId = (await db.institution.create({ data: { name: "Servicio Local de Prueba", shortName: "SLP" } })).id;
    otherInstitutionId = (await db.institution.create({ data: { name: "Otra institución", shortName: "Otra" } })).id;
    actorId = (await db.user.create({ data: { institutionId, email: "admin@encuestas.cl", name: "Admin Encuestas", role: "ADMIN", passwordHash: "x" } })).id;
    scope = { institutionId, actorId };
    const office = (code: string, name: string, inst = institutionId) =>
      db.office.create({ data: { institutionId: inst, code, name, address: "Calle 1", commune: "La Serena", region: "CL-CO" } });
    officeId = (await office("CENTRAL", "Oficina Central")).id;
    secondOfficeId = (await office("NORTE", "Oficina Norte")).id;
    foreignOfficeId = (await office("AJENA", "Oficina ajena", otherInstitutionId)).id;
    tramiteId = (await db.tramite.create({ data: { institutionId, code: "MATRICULA", name: "Matrícula" } })).id;
    defaultId = (
      await db.surveyTemplate.create({
        data: { institutionId, key: "default", version: 1, isDefault: true, title: TITLE, questions: QUESTIONS as unknown as Prisma.InputJsonValue },
      })
    ).id;
    cookie = (await createSession({ userId: actorId })).setCookie.split(";")[0]!;
  });

  describe("templates", () => {
    it("updates a template without responses in place", async () => {
      const before = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      expect(before).toMatchObject({ version: 1, isDefault: true, active: true, responseCount: 0, latest: null });
      const input = edited(TITLE, QUESTIONS, (v) => {
        v.questions[1]!.labelEs = "¿Se resolvió lo que vino a hacer?";
      });
      const saved = await saveSurveyTemplate({ ...scope, id: defaultId, revision: before.revision, input });
      expect(saved).toEqual({ id: defaultId, version: 1, newVersion: false, movedPosters: 0 });
      const after = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      expect(after.questions[1]!.label.es).toBe("¿Se resolvió lo que vino a hacer?");
      expect(after.revision).not.toBe(before.revision);
      expect(await db.surveyTemplate.count({ where: { institutionId } })).toBe(1);
      expect(await auditCount("surveyTemplate.update", defaultId)).toBe(1);

      // Saving again without a change writes nothing.
      const again = await saveSurveyTemplate({ ...scope, id: defaultId, revision: after.revision, input });
      expect(again).toMatchObject({ id: defaultId, newVersion: false });
      expect(await auditCount("surveyTemplate.update", defaultId)).toBe(1);
    });

    it("refuses a save based on an outdated form, writing nothing", async () => {
      const current = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      const input = edited(current.title, current.questions, (v) => (v.titleEs = "Título que no se guarda"));
      await expect(saveSurveyTemplate({ ...scope, id: defaultId, revision: "stale", input })).rejects.toBeInstanceOf(TemplateConflictError);
      expect((await getSurveyTemplate({ institutionId, id: defaultId }))!.title.es).toBe(TITLE.es);
      // Another institution's template is not found.
      expect(await saveSurveyTemplate({ institutionId: otherInstitutionId, actorId, id: defaultId, revision: current.revision, input })).toBeNull();
    });

    it("saves a template with responses as a new version and moves its posters", async () => {
      const poster = await createPoster({ ...scope, input: { code: "CENTRAL-2026", officeId, channel: "PRESENCIAL", templateId: defaultId } });
      const followsDefault = await createPoster({ ...scope, input: { officeId: secondOfficeId, channel: "TELEFONO" } });
      const response = await respond(defaultId, { posterId: poster.id });

      const current = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      expect(current.responseCount).toBe(1);
      const input = edited(current.title, current.questions, (v) => {
        v.questions[0]!.faces = "on";
        v.questions.push({ ...v.questions[2]!, key: "suggestion", originalKey: "", labelEs: "¿Alguna sugerencia?", labelEn: "Any suggestion?" });
      });
      const saved = (await saveSurveyTemplate({ ...scope, id: defaultId, revision: current.revision, input }))!;
      expect(saved).toMatchObject({ version: 2, newVersion: true, movedPosters: 1 });
      expect(saved.id).not.toBe(defaultId);

      const old = await db.surveyTemplate.findUniqueOrThrow({ where: { id: defaultId } });
      const next = await db.surveyTemplate.findUniqueOrThrow({ where: { id: saved.id } });
      expect(old).toMatchObject({ key: "default", version: 1, active: false, isDefault: false });
      expect(next).toMatchObject({ key: "default", version: 2, active: true, isDefault: true });
      expect(parseQuestions(old.questions).map((q) => q.key)).toEqual(["overall", "resolved", "comment"]);
      expect(parseQuestions(next.questions).map((q) => q.key)).toEqual(["overall", "resolved", "comment", "suggestion"]);
      // The response keeps the version it answered; posters use the latest one.
      expect((await db.surveyResponse.findUniqueOrThrow({ where: { id: response.id } })).templateId).toBe(defaultId);
      expect((await db.surveyPoster.findUniqueOrThrow({ where: { id: poster.id } })).templateId).toBe(saved.id);
      expect((await db.surveyPoster.findUniqueOrThrow({ where: { id: followsDefault.id } })).templateId).toBeNull();
      expect(await auditCount("surveyTemplate.newVersion", saved.id)).toBe(1);

      // The old version is read-only and points at the new one; the list shows both.
      const oldView = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      expect(oldView.latest).toEqual({ id: saved.id, version: 2 });
      await expect(saveSurveyTemplate({ ...scope, id: defaultId, revision: oldView.revision, input })).rejects.toBeInstanceOf(TemplateConflictError);
      const list = await listSurveyTemplates({ institutionId });
      expect(list.map((t) => [t.key, t.version, t.isDefault, t.active, t.superseded, t.responseCount, t.posterCount])).toEqual([
        ["default", 2, true, true, false, 0, 1],
        ["default", 1, false, false, true, 1, 0],
      ]);
      defaultId = saved.id;
    });

    it("never lets a question with answers change its key", async () => {
      await respond(defaultId);
      const current = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      const renamed = edited(current.title, current.questions, (v) => (v.questions[1]!.key = "solved"));
      const error = await saveSurveyTemplate({ ...scope, id: defaultId, revision: current.revision, input: renamed }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockedKeysError);
      expect((error as LockedKeysError).fieldErrors).toEqual({ "questions[1].key": ['surveyadmin:errors.keyLocked|{"key":"resolved"}'] });
      expect(await db.surveyTemplate.count({ where: { institutionId, key: "default" } })).toBe(2);

      // Removing a question is allowed (it is no longer asked).
      const removed = formToTemplate(removeQuestion(templateToForm(current.title, current.questions), 3));
      if (!removed.ok) throw new Error("invalid");
      const saved = (await saveSurveyTemplate({ ...scope, id: defaultId, revision: current.revision, input: removed.value }))!;
      expect(saved).toMatchObject({ version: 3, newVersion: true });
      defaultId = saved.id;
    });

    it("lets only one of two simultaneous saves of the same version through", async () => {
      await respond(defaultId);
      const current = (await getSurveyTemplate({ institutionId, id: defaultId }))!;
      const a = edited(current.title, current.questions, (v) => (v.titleEs = "Versión de Ana"));
      const b = edited(current.title, current.questions, (v) => (v.titleEs = "Versión de Beto"));
      const results = await Promise.allSettled([
        saveSurveyTemplate({ ...scope, id: defaultId, revision: current.revision, input: a }),
        saveSurveyTemplate({ ...scope, id: defaultId, revision: current.revision, input: b }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(TemplateConflictError);
      const rows = await db.surveyTemplate.findMany({ where: { institutionId, key: "default" }, orderBy: { version: "asc" } });
      expect(rows.map((r) => [r.version, r.active, r.isDefault])).toEqual([
        [1, false, false],
        [2, false, false],
        [3, false, false],
        [4, true, true],
      ]);
      defaultId = rows[3]!.id;
    });

    it("creates templates from the default or another one, with unique keys", async () => {
      const created = await createSurveyTemplate({ ...scope, input: { key: "telefono", titleEs: "Atención telefónica", titleEn: "Phone service" } });
      const row = await db.surveyTemplate.findUniqueOrThrow({ where: { id: created.id } });
      expect(row).toMatchObject({ key: "telefono", version: 1, isDefault: false, active: true, title: { es: "Atención telefónica", en: "Phone service" } });
      const defaultRow = await db.surveyTemplate.findUniqueOrThrow({ where: { id: defaultId } });
      expect(row.questions).toEqual(defaultRow.questions);
      expect(await auditCount("surveyTemplate.create", created.id)).toBe(1);

      await expect(createSurveyTemplate({ ...scope, input: { key: "telefono", titleEs: "Otra", titleEn: "Other" } })).rejects.toBeInstanceOf(TemplateKeyTakenError);
      // Even an old version's key counts.
      await expect(createSurveyTemplate({ ...scope, input: { key: "default", titleEs: "Otra", titleEn: "Other" } })).rejects.toBeInstanceOf(TemplateKeyTakenError);
      const foreign = await db.surveyTemplate.create({ data: { institutionId: otherInstitutionId, key: "ajena", title: TITLE, questions: QUESTIONS as unknown as Prisma.InputJsonValue } });
      await expect(createSurveyTemplate({ ...scope, input: { key: "copia", titleEs: "Copia", titleEn: "Copy", copyFromId: foreign.id } })).rejects.toBeInstanceOf(TemplateSourceError);

      // An institution without any template starts with one main question, as its default.
      const bare = await createSurveyTemplate({ institutionId: otherInstitutionId, actorId, input: { key: "primera", titleEs: "Primera", titleEn: "First" } });
      const bareRow = await db.surveyTemplate.findUniqueOrThrow({ where: { id: bare.id } });
      expect(bareRow.isDefault).toBe(true);
      expect(parseQuestions(bareRow.questions).map((q) => [q.key, q.type, q.main])).toEqual([["overall", "scale", true]]);
    });

    it("keeps exactly one default, and never deactivates the default or a template posters use", async () => {
      const phone = (await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, key: "telefono" } })).id;
      expect(await setDefaultSurveyTemplate({ ...scope, id: phone })).toEqual({ ok: true });
      const defaults = await db.surveyTemplate.findMany({ where: { institutionId, isDefault: true }, select: { id: true } });
      expect(defaults).toEqual([{ id: phone }]);
      expect(await auditCount("surveyTemplate.setDefault", phone)).toBe(1);

      expect(await setSurveyTemplateActive({ ...scope, id: phone, active: false })).toEqual({ ok: false, reason: "isDefault" });
      // The old default is used by the CENTRAL-2026 poster.
      expect(await setSurveyTemplateActive({ ...scope, id: defaultId, active: false })).toEqual({ ok: false, reason: "usedByPosters", count: 1 });
      const firstVersion = (await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, key: "default", version: 1 } })).id;
      expect(await setDefaultSurveyTemplate({ ...scope, id: firstVersion })).toEqual({ ok: false, reason: "superseded" });
      expect(await setSurveyTemplateActive({ ...scope, id: firstVersion, active: true })).toEqual({ ok: false, reason: "superseded" });

      // Simultaneous "make default" of two templates: still exactly one default.
      const third = await createSurveyTemplate({ ...scope, input: { key: "oficina", titleEs: "Oficina", titleEn: "Office" } });
      await Promise.all([setDefaultSurveyTemplate({ ...scope, id: defaultId }), setDefaultSurveyTemplate({ ...scope, id: third.id })]);
      expect(await db.surveyTemplate.count({ where: { institutionId, isDefault: true } })).toBe(1);

      expect(await setDefaultSurveyTemplate({ ...scope, id: defaultId })).toEqual({ ok: true });
      expect(await setSurveyTemplateActive({ ...scope, id: third.id, active: false })).toEqual({ ok: true });
      expect(await setDefaultSurveyTemplate({ ...scope, id: third.id })).toEqual({ ok: false, reason: "inactive" });
      expect(await auditCount("surveyTemplate.deactivate", third.id)).toBe(1);
    });
  });

  describe("posters", () => {
    it("generates a readable code, or refuses a typed one that is taken", async () => {
      const poster = await createPoster({ ...scope, input: { officeId, channel: "TELEFONO", tramiteId } });
      expect(poster.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(await auditCount("surveyPoster.create", poster.id)).toBe(1);
      await expect(createPoster({ ...scope, input: { code: "CENTRAL-2026", officeId, channel: "PRESENCIAL" } })).rejects.toBeInstanceOf(PosterCodeTakenError);
      // Codes are global: another institution cannot take one either.
      await expect(createPoster({ institutionId: otherInstitutionId, actorId, input: { code: poster.code, officeId: foreignOfficeId, channel: "PRESENCIAL" } })).rejects.toBeInstanceOf(
        PosterCodeTakenError,
      );
      const foreign = await createPoster({ ...scope, input: { officeId: foreignOfficeId, channel: "PRESENCIAL" } }).catch((e: unknown) => e);
      expect(unknownReferenceField(foreign)).toBe("officeId");
      const superseded = (await db.surveyTemplate.findFirstOrThrow({ where: { institutionId, key: "default", version: 1 } })).id;
      const old = await createPoster({ ...scope, input: { officeId, channel: "PRESENCIAL", templateId: superseded } }).catch((e: unknown) => e);
      expect(unknownReferenceField(old)).toBe("templateId");
    });

    it("lists posters with their link and responses, edits, deactivates and deletes them", async () => {
      const created = await createPoster({ ...scope, input: { code: "NORTE-FONO", officeId: secondOfficeId, channel: "TELEFONO" } });
      expect(await updatePoster({ ...scope, id: created.id, input: { officeId, channel: "PRESENCIAL", tramiteId } })).toBe(created.id);
      const poster = (await getPoster({ institutionId, id: created.id }))!;
      expect(poster).toMatchObject({ code: "NORTE-FONO", officeName: "Oficina Central", channel: "PRESENCIAL", tramiteName: "Matrícula", template: null, responseCount: 0, active: true });
      expect(poster.url).toBe(posterUrl("NORTE-FONO"));
      expect(poster.url).toMatch(/^https?:\/\/[^/]+\/e\/NORTE-FONO$/);

      const central = (await listPosters({ institutionId })).find((p) => p.code === "CENTRAL-2026")!;
      expect(central.responseCount).toBe(1);
      expect(central.template).toMatchObject({ key: "default" });

      expect(await deletePoster({ ...scope, id: central.id })).toBe("hasResponses");
      expect(await setPosterActive({ ...scope, id: central.id, active: false })).toBe(true);
      expect((await getPoster({ institutionId, id: central.id }))!.active).toBe(false);
      expect(await deletePoster({ ...scope, id: created.id })).toBe("deleted");
      expect(await getPoster({ institutionId, id: created.id })).toBeNull();
      expect(await auditCount("surveyPoster.delete", created.id)).toBe(1);
      expect(await deletePoster({ institutionId: otherInstitutionId, actorId, id: central.id })).toBe("notFound");
      await setPosterActive({ ...scope, id: central.id, active: true });
    });

    it("makes an SVG QR code of the short link", async () => {
      const svg = await posterQrSvg("CENTRAL-2026");
      expect(svg).toMatch(/^<svg[^>]*viewBox/);
      expect(svg).toContain("<path");
    });
  });

  describe("pages", () => {
    const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

    it("lists templates with response counts", async () => {
      const response = await templatesLoader(args(get("/admin/encuestas")));
      const data = await response.json();
      expect(data.templates.find((t) => t.key === "default" && t.version === 1)?.responseCount).toBe(1);
    });

    it("rearranges the editor without saving, and answers bad input with messages, never a 500", async () => {
      await respond(defaultId);
      const loaded = await (await editTemplateLoader(args(get(`/admin/encuestas/${defaultId}`), { id: defaultId }))).json();
      const fields = (values: ReturnType<typeof templateToForm>, intent: string, revision: string = loaded.template.revision): Array<[string, string]> => {
        const list: Array<[string, string]> = [
          ["titleEs", values.titleEs],
          ["titleEn", values.titleEn],
          ["main", values.main],
          ["revision", revision],
          ["intent", intent],
        ];
        values.questions.forEach((q, i) => {
          for (const [name, value] of Object.entries(q)) if (value !== undefined) list.push([`questions[${i}].${name}`, value]);
        });
        return list;
      };
      const values = loaded.values as ReturnType<typeof templateToForm>;
      const before = await db.surveyTemplate.count({ where: { institutionId } });

      const added = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, fields(values, "add")), { id: defaultId }))) as Response;
      expect(added.status).toBe(200);
      const addedData = await added.json();
      expect(addedData.values.questions).toHaveLength(values.questions.length + 1);
      expect(addedData.revision).toBe(loaded.template.revision);

      const broken = { ...values, main: "1", questions: values.questions.map((q, i) => (i === 0 ? { ...q, labelEn: "" } : q)) };
      const invalid = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, fields(broken, "save")), { id: defaultId }))) as Response;
      expect(invalid.status).toBe(400);
      const invalidData = await invalid.json();
      expect(invalidData.result.error).toMatchObject({ "questions[0].labelEn": ["validation.required"], main: [expect.stringMatching(/^surveyadmin:errors.mainMustBeScale/)] });
      expect(invalidData.values.questions[0].labelEn).toBe("");

      const garbage = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, [["questions", "x"], ["main", "zz"]]), { id: defaultId }))) as Response;
      expect(garbage.status).toBe(400);

      const stale = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, fields({ ...values, titleEs: "Nuevo" }, "save", "stale")), { id: defaultId }))) as Response;
      expect(stale.status).toBe(409);
      expect((await stale.json()).result.error[""]).toEqual(["surveyadmin:errors.conflict"]);

      const locked = { ...values, questions: values.questions.map((q, i) => (i === 1 ? { ...q, key: "solved" } : q)) };
      const refused = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, fields(locked, "save")), { id: defaultId }))) as Response;
      expect(refused.status).toBe(400);
      expect((await refused.json()).result.error["questions[1].key"]).toEqual(['surveyadmin:errors.keyLocked|{"key":"resolved"}']);
      expect(await db.surveyTemplate.count({ where: { institutionId } })).toBe(before);

      const saved = (await editTemplateAction(args(post(`/admin/encuestas/${defaultId}`, fields({ ...values, titleEs: "Encuesta de atención" }, "save")), { id: defaultId }))) as Response;
      expect(saved.status).toBe(302);
      // The template had responses: a new version.
      expect(saved.headers.get("Location")).toMatch(/^\/admin\/encuestas\/[0-9a-f-]{36}\?version=5&posters=1$/);
    });

    it("creates a poster through the form and prints it with its QR code", async () => {
      const taken = (await newPosterAction(args(post("/admin/afiches/nuevo", [["code", "central-2026"], ["officeId", officeId], ["channel", "PRESENCIAL"]])))) as Response;
      expect(taken.status).toBe(400);
      expect((await taken.json()).error.code).toEqual(["surveyadmin:posters.errors.codeTaken"]);

      const created = (await newPosterAction(args(post("/admin/afiches/nuevo", [["code", "mesón-1"], ["officeId", officeId], ["channel", "PRESENCIAL"]])))) as Response;
      expect(created.status).toBe(400);

      const ok = (await newPosterAction(args(post("/admin/afiches/nuevo", [["code", "meson-1"], ["officeId", officeId], ["channel", "TELEFONO"]])))) as Response;
      expect(ok.status).toBe(302);
      const id = /\/admin\/afiches\/([0-9a-f-]{36})\?created=1$/.exec(ok.headers.get("Location") ?? "")?.[1];
      expect(id).toBeTruthy();

      const print = await (await printLoader(args(get(`/admin/afiches/${id}/imprimir?idioma=en`), { id: id! }))).json();
      expect(print.posterLng).toBe("en");
      expect(print.poster).toMatchObject({ code: "MESON-1", channel: "TELEFONO", officeName: "Oficina Central", institution: { name: "Servicio Local de Prueba" } });
      expect(print.poster.url).toMatch(/\/e\/MESON-1$/);
      expect(print.poster.qr).toMatch(/^<svg/);
    });
  });
});
