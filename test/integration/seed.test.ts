// The demo seed on a fresh in-memory database: complete, faithful to the plan, and idempotent.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/domain/auth/password.server";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";
import { seedIfEmpty, type SeedSummary } from "../../prisma/seed";

// The PGlite adapter is built against an older copy of Prisma's adapter-factory type.
type AdapterOption = Prisma.PrismaClientOptions["adapter"];

const API_TOKEN = "oirs_test_0123456789abcdef0123456789abcdef";
const PASSWORD = "demo-password-2026";
// Mid-November 2026: October's workshop is late, "Análisis Periódico" (June, December) is under way.
const NOW = new Date("2026-11-20T15:00:00.000Z");

function migrations(): string[] {
  const dir = path.resolve(import.meta.dirname, "../../prisma/migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

describe("demo seed", () => {
  let pglite: PGlite;
  let prisma: PrismaClient;
  let first: SeedSummary | null;
  let second: SeedSummary | null;

  beforeAll(async () => {
    pglite = new PGlite();
    for (const sql of migrations()) await pglite.exec(sql);
    prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) as unknown as AdapterOption });
    first = await seedIfEmpty(prisma, { password: PASSWORD, apiToken: API_TOKEN, now: NOW });
    second = await seedIfEmpty(prisma, { password: PASSWORD, apiToken: API_TOKEN, now: NOW });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await pglite?.close();
  });

  it("seeds once", async () => {
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await prisma.institution.count()).toBe(1);
    expect(first).toMatchObject({
      password: PASSWORD,
      apiToken: API_TOKEN,
      posterCodes: ["CENTRAL-2026", "ANDACOLLO-2026"],
      kioskCode: "KIOSCO-DEMO",
    });
  });

  it("creates one user per role whose password verifies", async () => {
    const users = await prisma.user.findMany({ orderBy: { email: "asc" }, include: { area: true, headOf: true } });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["admin@oirs.example", "ADMIN"],
      ["area@oirs.example", "AREA_OFFICIAL"],
      ["comite@oirs.example", "COMMITTEE"],
      ["oirs@oirs.example", "OIRS_OFFICER"],
    ]);
    const areaUser = users.find((u) => u.role === "AREA_OFFICIAL")!;
    expect(areaUser.area?.name).toBe("Departamento de Gestión de Personas");
    expect(areaUser.headOf.map((a) => a.code)).toEqual(["PERSONAS"]);
    expect(await verifyPassword(users[0]!.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(users[0]!.passwordHash, "wrong")).toBe(false);
  });

  it("reproduces the plan's activities and schedule", async () => {
    const plan = await prisma.plan.findFirstOrThrow({
      include: {
        activities: {
          orderBy: { number: "asc" },
          include: { responsibleArea: true, schedule: { orderBy: { position: "asc" } } },
        },
      },
    });
    expect(plan.year).toBe(2026);
    expect(plan.specificObjectives).toHaveLength(3);
    expect(plan.activities.map((a) => [a.number, a.responsibleArea?.code])).toEqual([
      [1, "COMITE"],
      [2, "DIRECCION"],
      [3, "PERSONAS"],
      [4, "COMUNICACIONES"],
      [5, "COMITE"],
    ]);
    expect(plan.activities.map((a) => a.targetPopulationSize)).toEqual([15000, 15000, 85, 15000, 15000]);
    expect(plan.activities.map((a) => a.priority)).toEqual(["ALTA", "MEDIA", "ALTA", "MEDIA", "ALTA"]);

    const items = new Map(plan.activities.flatMap((a) => a.schedule).map((s) => [s.title, s]));
    expect(items.get("Diseño del Modelo")?.months).toEqual([1, 2]);
    expect(items.get("Análisis Periódico de Resultados")?.months).toEqual([6, 12]);
    expect(items.get("Capacitación sobre el Modelo")?.months).toEqual([]);
    expect(items.get("Contratación y Capacitación del Personal")?.months).toEqual([4, 5, 6, 7]);

    expect(items.get("Diseño del Modelo")?.status).toBe("DONE");
    expect(items.get("Diseño del Modelo")?.statusDate?.toISOString().slice(0, 10)).toBe("2026-02-28");
    expect(items.get("Capacitación/ Taller Uso del nuevo modelo de atención")?.status).toBe("PLANNED");
    expect(items.get("Análisis Periódico de Resultados")?.status).toBe("IN_PROGRESS");
    expect(items.get("Evaluación")?.status).toBe("PLANNED");
  });

  it("defines the indicators with their targets", async () => {
    const indicators = await prisma.indicator.findMany({ orderBy: { position: "asc" }, include: { activity: true } });
    expect(indicators.map((i) => [i.code, Number(i.target), i.source])).toEqual([
      ["PCPA", 60, "PLAN"],
      ["ISU", 80, "LIVE"],
      ["RESOLUCION", 80, "LIVE"],
      ["MODELO_ATENCION", 100, "MANUAL"],
      ["OFICINA_OIRS", 90, "MANUAL"],
      ["CAPACITACION", 80, "MANUAL"],
      ["DIFUSION", 100, "MANUAL"],
      ["RECLAMOS_EN_PLAZO", 90, "LIVE"],
      ["DIAS_RESPUESTA", 10, "LIVE"],
    ]);
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    expect(byCode.get("RESOLUCION")?.activity?.number).toBe(5);
    expect(byCode.get("DIAS_RESPUESTA")?.direction).toBe("LOWER_IS_BETTER");
    expect(byCode.get("ISU")?.liveMetric).toBe("isu");
    expect(await prisma.indicatorMeasurement.count()).toBe(2);
  });

  it("sets up survey collection and API access", async () => {
    expect(await prisma.surveyPoster.count()).toBe(2);
    const kiosk = await prisma.kiosk.findFirstOrThrow();
    expect(kiosk.enrolmentCodeHash).toBe(createHash("sha256").update("KIOSCO-DEMO").digest("hex"));
    expect(await prisma.kiosk.count()).toBe(1);

    const tokens = await prisma.apiToken.findMany();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.tokenHash).toBe(createHash("sha256").update(API_TOKEN).digest("hex"));
    expect(tokens[0]!.prefix).toBe(API_TOKEN.slice(0, 12));

    const template = await prisma.surveyTemplate.findFirstOrThrow({ where: { key: "default", isDefault: true } });
    const questions = template.questions as Array<{ key: string; main?: boolean }>;
    expect(questions.map((q) => q.key)).toEqual(["overall", "resolved", "effort", "time", "treatment", "clarity", "comment"]);
    expect(questions.filter((q) => q.main)).toHaveLength(1);
    expect(questions[0]!.main).toBe(true);
  });
});
