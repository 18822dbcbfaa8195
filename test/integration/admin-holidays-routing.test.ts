import { db } from "~/db/client.server";
import { createArea, setAreaActive, unknownReferenceField } from "~/domain/admin/areas.server";
import { createHoliday, deleteHoliday, getHoliday, isDuplicateHoliday, listHolidays, updateHoliday } from "~/domain/admin/holidays.server";
import {
  createRoutingRule,
  getRoutingRule,
  listRoutingRules,
  listTramiteOptions,
  setRoutingRuleActive,
  updateRoutingRule,
} from "~/domain/admin/routing-rules.server";
import { HolidaySchema, normalizeKeywords, OfficeSchema, RoutingRuleSchema } from "~/domain/admin/schemas";
import { createTramite, setTramiteActive } from "~/domain/admin/tramites.server";
import { matchRoutingRule } from "~/domain/cases/routing";

describe("holidays and routing rules administration", () => {
  let institutionId: string;
  let otherInstitutionId: string;
  let actorId: string;
  let scope: { institutionId: string; actorId: string };
  let areaId: string;
  let foreignAreaId: string;
  let foreignTramiteId: string;

  beforeAll(async () => {
    const institution = await db.institution.create({ data: { name: "Institución de prueba", shortName: "Prueba" } });
    const other = await db.institution.create({ data: { name: "Otra institución", shortName: "Otra" } });
    institutionId = institution.id;
    otherInstitutionId = other.id;
    actorId = (await db.user.create({ data: { institutionId, email: "admin@prueba.cl", name: "Admin", role: "ADMIN", passwordHash: "x" } })).id;
    scope = { institutionId, actorId };
    areaId = (await createArea({ ...scope, input: { code: "PERSONAS", name: "Gestión de Personas" } })).id;
    foreignAreaId = (await db.area.create({ data: { institutionId: otherInstitutionId, code: "AJENA", name: "Ajena" } })).id;
    foreignTramiteId = (await db.tramite.create({ data: { institutionId: otherInstitutionId, code: "AJENO", name: "Ajeno" } })).id;
  });

  // In the order of the actions (entries written within the same millisecond have no other order).
  const ORDER = ["create", "update", "activate", "deactivate", "delete"];
  const audits = async (entityId: string) => {
    const rows = await db.auditLog.findMany({ where: { institutionId, actorId, entityId }, select: { action: true, data: true } });
    const rank = (action: string) => ORDER.indexOf(action.split(".")[1]!);
    return rows.sort((a, b) => rank(a.action) - rank(b.action));
  };

  describe("holidays", () => {
    it("creates, updates and deletes a holiday, auditing each change", async () => {
      const holiday = await createHoliday({ ...scope, input: { date: "2030-06-07", name: "Feriado regional", region: "CL-AP" } });
      expect(holiday).toEqual({ id: expect.any(String), date: "2030-06-07", name: "Feriado regional", region: "CL-AP" });

      expect(await updateHoliday({ ...scope, id: holiday.id, input: { date: "2030-06-08", name: "Feriado nacional" } })).toBe(holiday.id);
      expect(await getHoliday({ institutionId, id: holiday.id })).toEqual({ id: holiday.id, date: "2030-06-08", name: "Feriado nacional", region: null });

      expect(await deleteHoliday({ ...scope, id: holiday.id })).toMatchObject({ date: "2030-06-08", name: "Feriado nacional" });
      expect(await db.holiday.count({ where: { id: holiday.id } })).toBe(0);

      expect(await audits(holiday.id)).toEqual([
        { action: "holiday.create", data: { date: "2030-06-07", name: "Feriado regional", region: "CL-AP" } },
        { action: "holiday.update", data: { date: "2030-06-08", name: "Feriado nacional", region: null } },
        { action: "holiday.delete", data: { date: "2030-06-08", name: "Feriado nacional", region: null } },
      ]);
    });

    it("stores the calendar day exactly and lists one year by date", async () => {
      await createHoliday({ ...scope, input: { date: "2031-12-31", name: "Fin de año" } });
      await createHoliday({ ...scope, input: { date: "2031-01-01", name: "Comienzo", region: "CL-CO" } });
      await createHoliday({ ...scope, input: { date: "2032-01-01", name: "Otro año" } });
      const row = await db.holiday.findFirstOrThrow({ where: { institutionId, name: "Fin de año" } });
      expect(row.date.toISOString()).toBe("2031-12-31T00:00:00.000Z");
      expect((await listHolidays({ institutionId, year: 2031 })).map((h) => [h.date, h.name])).toEqual([
        ["2031-01-01", "Comienzo"],
        ["2031-12-31", "Fin de año"],
      ]);
      expect(await listHolidays({ institutionId: otherInstitutionId, year: 2031 })).toEqual([]);
    });

    it("refuses the same date and region twice, also for nationwide ones (NULL region)", async () => {
      await createHoliday({ ...scope, input: { date: "2033-03-03", name: "Nacional" } });
      await createHoliday({ ...scope, input: { date: "2033-03-03", name: "Regional", region: "CL-BI" } });
      const nationwide = await createHoliday({ ...scope, input: { date: "2033-03-03", name: "Otro nacional" } }).catch((e: unknown) => e);
      expect(isDuplicateHoliday(nationwide)).toBe(true);
      const regional = await createHoliday({ ...scope, input: { date: "2033-03-03", name: "Otro regional", region: "CL-BI" } }).catch((e: unknown) => e);
      expect(isDuplicateHoliday(regional)).toBe(true);
      // Another region on the same day is fine; so is the same day in another institution.
      await createHoliday({ ...scope, input: { date: "2033-03-03", name: "Regional 2", region: "CL-NB" } });
      await createHoliday({ institutionId: otherInstitutionId, actorId, input: { date: "2033-03-03", name: "Ajeno" } });

      // Moving a holiday onto a taken date is refused too; saving it unchanged is not.
      const movable = await createHoliday({ ...scope, input: { date: "2033-04-04", name: "Movible" } });
      const moved = await updateHoliday({ ...scope, id: movable.id, input: { date: "2033-03-03", name: "Movible" } }).catch((e: unknown) => e);
      expect(isDuplicateHoliday(moved)).toBe(true);
      expect(await updateHoliday({ ...scope, id: movable.id, input: { date: "2033-04-04", name: "Movible (renombrado)" } })).toBe(movable.id);
      expect(await db.holiday.count({ where: { institutionId, date: new Date("2033-03-03T00:00:00Z") } })).toBe(3);
    });

    it("does not touch another institution's holidays", async () => {
      const foreign = await db.holiday.create({ data: { institutionId: otherInstitutionId, date: new Date("2034-01-02T00:00:00Z"), name: "Ajeno" } });
      expect(await getHoliday({ institutionId, id: foreign.id })).toBeNull();
      expect(await updateHoliday({ ...scope, id: foreign.id, input: { date: "2034-01-02", name: "Cambiado" } })).toBeNull();
      expect(await deleteHoliday({ ...scope, id: foreign.id })).toBeNull();
      expect(await db.holiday.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ name: "Ajeno" });
    });

    it("validates the form: a real date between 2000 and 2100, a name, a known region", () => {
      const issues = (value: Record<string, unknown>) =>
        HolidaySchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]) ?? [];
      expect(HolidaySchema.parse({ date: " 2026-09-18 ", name: " Fiestas Patrias ", region: "CL-RM" })).toEqual({
        date: "2026-09-18",
        name: "Fiestas Patrias",
        region: "CL-RM",
      });
      expect(issues({ date: "2026-02-29", name: "x" })).toEqual([["date", "admin:holidays.errors.date"]]);
      expect(issues({ date: "18-09-2026", name: "x" })).toEqual([["date", "admin:holidays.errors.date"]]);
      expect(issues({ date: "1999-12-31", name: "x" })).toEqual([["date", "admin:holidays.errors.year"]]);
      expect(issues({ date: "2101-01-01", name: "x" })).toEqual([["date", "admin:holidays.errors.year"]]);
      expect(issues({ date: "2028-02-29", name: "x".repeat(121) })).toEqual([["name", "validation.tooLong"]]);
      expect(issues({ date: "2028-02-29", name: "x", region: "Coquimbo" })).toEqual([["region", "validation.choice"]]);
      expect(issues({ name: "x" })).toEqual([["date", "validation.required"]]);
    });

    it("offices take a region code", () => {
      const office = { code: "SERENA", name: "La Serena", address: "Calle 1", commune: "La Serena" };
      expect(OfficeSchema.safeParse({ ...office, region: "CL-CO" }).success).toBe(true);
      expect(OfficeSchema.safeParse({ ...office, region: "Coquimbo" }).error?.issues[0]).toMatchObject({ path: ["region"], message: "validation.choice" });
    });
  });

  describe("routing rules", () => {
    const base = { name: "Remuneraciones", priority: 20, areaId: "" };

    it("normalises keywords: trimmed, lower case, without repeats or empty entries", () => {
      expect(normalizeKeywords(" Sueldo , REMUNERACIÓN,, remuneracion ,  Licencia   Médica , sueldo ")).toEqual([
        "sueldo",
        "remuneración",
        "licencia médica",
      ]);
      const parsed = RoutingRuleSchema.parse({ ...base, areaId, keywords: "Sueldo, sueldo ,Bono" });
      expect(parsed.keywords).toEqual(["sueldo", "bono"]);
    });

    it("refuses a rule without conditions, too many or too long keywords, and a priority out of range", () => {
      const issues = (value: Record<string, unknown>) =>
        RoutingRuleSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]) ?? [];
      expect(issues({ ...base, areaId })).toEqual([["kind", "admin:routingRules.errors.noCondition"]]);
      expect(issues({ ...base, areaId, keywords: " , ," })).toEqual([["kind", "admin:routingRules.errors.noCondition"]]);
      expect(issues({ ...base, areaId, kind: "RECLAMO" })).toEqual([]);
      const many = Array.from({ length: 21 }, (_, i) => `palabra${i}`).join(",");
      expect(issues({ ...base, areaId, keywords: many })).toEqual([["keywords", "admin:routingRules.errors.tooManyKeywords"]]);
      expect(issues({ ...base, areaId, keywords: "x".repeat(41) })).toEqual([["keywords", "admin:routingRules.errors.keywordTooLong"]]);
      expect(issues({ ...base, areaId, keywords: "sueldo, ---" })).toEqual([["keywords", "admin:routingRules.errors.keywordChars"]]);
      expect(issues({ ...base, areaId, kind: "RECLAMO", priority: "10000" })).toEqual([["priority", "validation.range"]]);
      expect(issues({ ...base, areaId, kind: "OTRO" })).toEqual([["kind", "validation.choice"]]);
      expect(issues({ ...base, kind: "RECLAMO", areaId: undefined })).toEqual([["areaId", "validation.required"]]);
    });

    it("creates, updates and deactivates a rule, auditing each change", async () => {
      const tramite = await createTramite({ ...scope, input: { code: "REMU", name: "Remuneraciones" } });
      const input = RoutingRuleSchema.parse({ ...base, areaId, tramiteId: tramite.id, keywords: "Sueldo, Remuneración" });
      const rule = await createRoutingRule({ ...scope, input });
      expect(rule).toMatchObject({ name: "Remuneraciones", priority: 20, kind: null, tramiteId: tramite.id, keywords: ["sueldo", "remuneración"], areaId, active: true });
      expect(rule.area.name).toBe("Gestión de Personas");

      const changed = RoutingRuleSchema.parse({ ...base, priority: "5", areaId, kind: "RECLAMO", keywords: "" });
      expect(await updateRoutingRule({ ...scope, id: rule.id, input: changed })).toBe(rule.id);
      expect(await getRoutingRule({ institutionId, id: rule.id })).toMatchObject({ priority: 5, kind: "RECLAMO", tramiteId: null, keywords: [] });

      expect(await setRoutingRuleActive({ ...scope, id: rule.id, active: false })).toBe(true);
      expect((await db.routingRule.findUniqueOrThrow({ where: { id: rule.id } })).active).toBe(false);

      expect((await audits(rule.id)).map((a) => a.action)).toEqual(["routingRule.create", "routingRule.update", "routingRule.deactivate"]);
      expect((await audits(rule.id))[0]!.data).toMatchObject({ keywords: ["sueldo", "remuneración"], tramiteId: tramite.id, areaId });
    });

    it("refuses an area or a trámite of another institution", async () => {
      const foreignArea = await createRoutingRule({ ...scope, input: RoutingRuleSchema.parse({ ...base, areaId: foreignAreaId, kind: "RECLAMO" }) }).catch(
        (e: unknown) => e,
      );
      expect(unknownReferenceField(foreignArea)).toBe("areaId");
      const foreignTramite = await createRoutingRule({
        ...scope,
        input: RoutingRuleSchema.parse({ ...base, areaId, tramiteId: foreignTramiteId }),
      }).catch((e: unknown) => e);
      expect(unknownReferenceField(foreignTramite)).toBe("tramiteId");

      const rule = await createRoutingRule({ ...scope, input: RoutingRuleSchema.parse({ ...base, areaId, kind: "SUGERENCIA" }) });
      const update = await updateRoutingRule({ ...scope, id: rule.id, input: RoutingRuleSchema.parse({ ...base, areaId: foreignAreaId, kind: "SUGERENCIA" }) }).catch(
        (e: unknown) => e,
      );
      expect(unknownReferenceField(update)).toBe("areaId");
      expect((await getRoutingRule({ institutionId, id: rule.id }))?.areaId).toBe(areaId);
    });

    it("does not touch another institution's rules", async () => {
      const foreign = await db.routingRule.create({
        data: { institutionId: otherInstitutionId, name: "Ajena", priority: 1, keywords: ["x"], areaId: foreignAreaId },
      });
      expect(await getRoutingRule({ institutionId, id: foreign.id })).toBeNull();
      expect(await updateRoutingRule({ ...scope, id: foreign.id, input: RoutingRuleSchema.parse({ ...base, areaId, kind: "RECLAMO" }) })).toBeNull();
      expect(await setRoutingRuleActive({ ...scope, id: foreign.id, active: false })).toBe(false);
      expect(await db.routingRule.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ name: "Ajena", active: true });
    });

    it("offers active trámites (and the current one) and lists rules in the order they are tried", async () => {
      const inactive = await createTramite({ ...scope, input: { code: "VIEJO", name: "Trámite antiguo" } });
      await setTramiteActive({ ...scope, id: inactive.id, active: false });
      expect((await listTramiteOptions({ institutionId })).map((t) => t.id)).not.toContain(inactive.id);
      expect((await listTramiteOptions({ institutionId, currentId: inactive.id })).map((t) => t.id)).toContain(inactive.id);
      expect((await listTramiteOptions({ institutionId })).map((t) => t.id)).not.toContain(foreignTramiteId);

      const rules = await listRoutingRules({ institutionId });
      const order = rules.map((r) => [r.priority, r.name] as const);
      expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])));
    });

    it("stored rules route a case by accent-insensitive whole-word keywords", async () => {
      const area = await createArea({ ...scope, input: { code: "TRANSPORTE", name: "Transporte" } });
      const rule = await createRoutingRule({
        ...scope,
        input: RoutingRuleSchema.parse({ name: "Transporte escolar", priority: 1, areaId: area.id, keywords: "Furgón, BUS" }),
      });
      const active = await db.routingRule.findMany({
        where: { institutionId, active: true },
        select: { id: true, name: true, priority: true, kind: true, tramiteId: true, keywords: true, areaId: true },
      });
      const route = (subject: string) => matchRoutingRule(active, { kind: "RECLAMO", subject, description: "" })?.id ?? null;
      expect(route("El FURGON no llegó")).toBe(rule.id);
      expect(route("Búsqueda de certificado")).not.toBe(rule.id);
      await setAreaActive({ ...scope, id: area.id, active: false });
    });
  });
});
