import { db } from "~/db/client.server";
import { createArea, setAreaActive, updateArea, unknownReferenceField } from "~/domain/admin/areas.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { getInstitutionSettings, updateInstitutionSettings } from "~/domain/admin/institution-settings.server";
import { InstitutionSettingsSchema, UserCreateSchema } from "~/domain/admin/schemas";
import { createTramite, setTramiteActive, updateTramite } from "~/domain/admin/tramites.server";
import { createUser, setUserActive, updateUser } from "~/domain/admin/users.server";
import { hashPassword, verifyPassword } from "~/domain/auth/password.server";

const settings = {
  name: "Servicio de Prueba",
  shortName: "SP",
  folioPrefix: "SP",
  targetDaysConsulta: 10,
  targetDaysReclamo: 15,
  targetDaysSugerencia: 20,
  targetDaysFelicitacion: 20,
  targetDaysSolicitud: 20,
  positiveScoreMin: 6,
};

describe("administration", () => {
  let institutionId: string;
  let otherInstitutionId: string;
  let actorId: string;
  let scope: { institutionId: string; actorId: string };

  beforeAll(async () => {
    const institution = await db.institution.create({ data: { name: "Institución de prueba", shortName: "Prueba" } });
    const other = await db.institution.create({ data: { name: "Otra institución", shortName: "Otra" } });
    institutionId = institution.id;
    otherInstitutionId = other.id;
    const admin = await db.user.create({
      data: { institutionId, email: "admin@prueba.cl", name: "Admin", role: "ADMIN", passwordHash: await hashPassword("admin password 123") },
    });
    actorId = admin.id;
    scope = { institutionId, actorId };
  });

  const auditCount = (action: string, entityId: string) => db.auditLog.count({ where: { institutionId, actorId, action, entityId } });

  it("creates, updates and deactivates an area", async () => {
    const area = await createArea({ ...scope, input: { code: "RRHH", name: "Recursos Humanos", email: "rrhh@prueba.cl", headId: actorId } });
    expect(area).toMatchObject({ code: "RRHH", headId: actorId, active: true });

    expect(await updateArea({ ...scope, id: area.id, input: { code: "RRHH", name: "Personas" } })).toBe(area.id);
    const updated = await db.area.findUniqueOrThrow({ where: { id: area.id } });
    expect(updated).toMatchObject({ name: "Personas", email: null, headId: null });

    expect(await setAreaActive({ ...scope, id: area.id, active: false })).toBe(true);
    expect((await db.area.findUniqueOrThrow({ where: { id: area.id } })).active).toBe(false);

    expect(await auditCount("area.create", area.id)).toBe(1);
    expect(await auditCount("area.update", area.id)).toBe(1);
    expect(await auditCount("area.deactivate", area.id)).toBe(1);
  });

  it("rejects a duplicate area code and ids from another institution", async () => {
    await createArea({ ...scope, input: { code: "FIN", name: "Finanzas" } });
    const duplicate = await createArea({ ...scope, input: { code: "FIN", name: "Otra" } }).catch((e: unknown) => e);
    expect(uniqueViolationFields(duplicate)).not.toBeNull();

    const stranger = await db.user.create({
      data: { institutionId: otherInstitutionId, email: "ajeno@otra.cl", name: "Ajeno", role: "ADMIN", passwordHash: "x" },
    });
    const foreign = await createArea({ ...scope, input: { code: "X1", name: "X", headId: stranger.id } }).catch((e: unknown) => e);
    expect(unknownReferenceField(foreign)).toBe("headId");
  });

  it("does not touch another institution's rows", async () => {
    const area = await db.area.create({ data: { institutionId: otherInstitutionId, code: "AJENA", name: "Ajena" } });
    expect(await updateArea({ ...scope, id: area.id, input: { code: "AJENA", name: "Cambiada" } })).toBeNull();
    expect(await setAreaActive({ ...scope, id: area.id, active: false })).toBe(false);
    expect(await db.area.findUniqueOrThrow({ where: { id: area.id } })).toMatchObject({ name: "Ajena", active: true });
  });

  it("creates, updates and deactivates a trámite", async () => {
    const area = await createArea({ ...scope, input: { code: "OBRAS", name: "Obras" } });
    const tramite = await createTramite({ ...scope, input: { code: "PERMISO", name: "Permiso de edificación", defaultAreaId: area.id } });
    expect(tramite).toMatchObject({ description: "", defaultAreaId: area.id });

    await updateTramite({ ...scope, id: tramite.id, input: { code: "PERMISO", name: "Permiso de obra", description: "Para construir." } });
    expect(await db.tramite.findUniqueOrThrow({ where: { id: tramite.id } })).toMatchObject({
      name: "Permiso de obra",
      description: "Para construir.",
      defaultAreaId: null,
    });

    expect(await setTramiteActive({ ...scope, id: tramite.id, active: false })).toBe(true);
    expect((await db.tramite.findUniqueOrThrow({ where: { id: tramite.id } })).active).toBe(false);
    for (const action of ["tramite.create", "tramite.update", "tramite.deactivate"]) expect(await auditCount(action, tramite.id)).toBe(1);
  });

  it("creates a user with a hashed password and a lower-cased email, and refuses a duplicate email", async () => {
    const user = await createUser({
      ...scope,
      input: { name: "Ana Pérez", email: "Ana.Perez@Prueba.CL", role: "OIRS_OFFICER", password: "una clave bien larga" },
    });
    expect(user.email).toBe("ana.perez@prueba.cl");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain("una clave");
    expect(await verifyPassword(row.passwordHash, "una clave bien larga")).toBe(true);

    const duplicate = await createUser({
      ...scope,
      input: { name: "Otra Ana", email: "ana.perez@prueba.cl", role: "COMMITTEE", password: "otra clave bien larga" },
    }).catch((e: unknown) => e);
    expect(uniqueViolationFields(duplicate)).not.toBeNull();

    const log = await db.auditLog.findFirstOrThrow({ where: { action: "user.create", entityId: user.id } });
    expect(JSON.stringify(log.data)).not.toContain("una clave");
  });

  it("keeps the password when left blank, and a new password ends the user's sessions", async () => {
    const user = await createUser({ ...scope, input: { name: "Beto", email: "beto@prueba.cl", role: "COMMITTEE", password: "clave original 123" } });
    const session = await db.session.create({ data: { userId: user.id, tokenHash: "beto-1", expiresAt: new Date(Date.now() + 3600_000) } });

    await updateUser({ ...scope, id: user.id, input: { name: "Beto Soto", email: "beto@prueba.cl", role: "COMMITTEE" } });
    let row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, "clave original 123")).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();

    await updateUser({ ...scope, id: user.id, input: { name: "Beto Soto", email: "beto@prueba.cl", role: "COMMITTEE", password: "clave nueva 12345" } });
    row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, "clave nueva 12345")).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    expect(await auditCount("user.update", user.id)).toBe(2);
  });

  it("deactivating a user revokes their sessions; an admin cannot deactivate themself", async () => {
    const area = await createArea({ ...scope, input: { code: "SALUD", name: "Salud" } });
    const user = await createUser({
      ...scope,
      input: { name: "Carla", email: "carla@prueba.cl", role: "AREA_OFFICIAL", areaId: area.id, password: "clave de carla 123" },
    });
    const session = await db.session.create({ data: { userId: user.id, tokenHash: "carla-1", expiresAt: new Date(Date.now() + 3600_000) } });

    expect(await setUserActive({ ...scope, id: user.id, active: false })).toBe("ok");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    expect(await auditCount("user.deactivate", user.id)).toBe(1);

    expect(await setUserActive({ ...scope, id: actorId, active: false })).toBe("self");
    expect((await db.user.findUniqueOrThrow({ where: { id: actorId } })).active).toBe(true);
  });

  it("updates the institution settings", async () => {
    await db.institution.update({ where: { id: institutionId }, data: { logoUrl: "https://prueba.cl/logo.png" } });
    expect(await updateInstitutionSettings({ ...scope, input: { ...settings, email: "oirs@prueba.cl" } })).toBe(institutionId);
    expect(await getInstitutionSettings({ institutionId })).toMatchObject({ ...settings, email: "oirs@prueba.cl", logoUrl: null });
    expect(await auditCount("institution.update", institutionId)).toBe(1);
  });

  describe("schemas", () => {
    it("requires an area for an area official", () => {
      const result = UserCreateSchema.safeParse({ name: "Dora", email: "dora@prueba.cl", role: "AREA_OFFICIAL", password: "clave de dora 123" });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toContainEqual(expect.objectContaining({ path: ["areaId"], message: "validation.areaRequired" }));
    });

    it("refuses a target above 20 business days and a one-letter folio prefix", () => {
      const tooLong = InstitutionSettingsSchema.safeParse({ ...settings, targetDaysReclamo: 21 });
      expect(tooLong.error?.issues.map((i) => i.path[0])).toEqual(["targetDaysReclamo"]);
      const shortPrefix = InstitutionSettingsSchema.safeParse({ ...settings, folioPrefix: "x" });
      expect(shortPrefix.error?.issues).toContainEqual(expect.objectContaining({ path: ["folioPrefix"], message: "validation.folioPrefix" }));
      expect(InstitutionSettingsSchema.safeParse(settings).success).toBe(true);
    });
  });
});
