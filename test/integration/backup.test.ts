// npm run db:backup / db:restore (README "Backups"): a seeded database with a case and a survey
// response survives a round trip, and every refusal leaves the target as it was.
// - Without DATABASE_URL: the embedded route (PGlite files in temp directories).
// - With DATABASE_URL: the pg_dump / pg_restore route, in two databases of its own on that server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdapter, type DatabaseTarget } from "~/db/adapter.server";
import {
  BackupError,
  backupEmbedded,
  backupPostgres,
  findOnPath,
  inspectTarball,
  restoreEmbedded,
  restorePostgres,
  type BackupErrorKind,
} from "~/db/backup.server";
import type { Database } from "~/db/client.server";
import { migrateEmbedded } from "~/db/migrate.server";
import { PrismaClient } from "~/generated/prisma/client";
import { seedDemo } from "../../prisma/seed";
import { migrationSql } from "../setup/test-database";

const SERVER_URL = process.env.DATABASE_URL;
const FOLIO = "OIRS-2026-900001";
const NOW = new Date("2026-11-20T15:00:00.000Z");

type Snapshot = { cases: number; responses: number; plans: number; activities: number; users: number; folios: string[] };

/** Opens a database the way the app does (same adapter choice, same lock). */
function open(target: DatabaseTarget) {
  const { adapter, exec, sql, close } = createAdapter(target);
  const prisma = new PrismaClient({ adapter });
  const database = { prisma, target, exec, sql, close } as Database;
  return {
    prisma,
    database,
    close: async () => {
      await prisma.$disconnect();
      await close();
    },
  };
}

/** The demo seed, plus one case and one survey response about it. */
async function populate(prisma: PrismaClient): Promise<void> {
  await seedDemo(prisma, { password: "backup-test-2026", now: NOW });
  const institution = await prisma.institution.findFirstOrThrow();
  const template = await prisma.surveyTemplate.findFirstOrThrow({ where: { isDefault: true } });
  const filed = await prisma.case.create({
    data: {
      institutionId: institution.id,
      folio: FOLIO,
      kind: "RECLAMO",
      channel: "WEB",
      subject: "Respaldo de prueba",
      description: "Un reclamo que debe sobrevivir al respaldo y la restauración.",
      citizenName: "Ana Pérez",
      citizenEmail: "ana@example.cl",
      accessCodeHash: "0".repeat(64),
      submittedAt: NOW,
      receivedAt: NOW,
      dueAt: new Date("2026-12-04T02:59:59.000Z"),
      targetDays: 10,
    },
  });
  await prisma.surveyResponse.create({
    data: {
      institutionId: institution.id,
      templateId: template.id,
      caseId: filed.id,
      channel: "WEB",
      caseKind: "RECLAMO",
      mainScore: 6,
      answers: { overall: 6, comment: "Rápido" },
      comment: "Rápido",
    },
  });
}

async function snapshot(prisma: PrismaClient): Promise<Snapshot> {
  return {
    cases: await prisma.case.count(),
    responses: await prisma.surveyResponse.count(),
    plans: await prisma.plan.count(),
    activities: await prisma.planActivity.count(),
    users: await prisma.user.count(),
    folios: (await prisma.case.findMany({ select: { folio: true }, orderBy: { folio: "asc" } })).map((c) => c.folio),
  };
}

async function rejection(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

async function expectRefusal(promise: Promise<unknown>, kind: BackupErrorKind, message: RegExp): Promise<void> {
  const error = await rejection(promise);
  expect({ kind: error.kind, message: error.message }).toEqual({ kind, message: expect.stringMatching(message) });
}

/** The CLI as `npm run db:restore` runs it: exit code and stderr. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/server/db-backup.ts", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-backup-test-"));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("db:restore refuses a missing file, with one line and exit code 3 (both drivers)", () => {
  it("npm run db:restore -- <missing file>", async () => {
    const missing = path.join(root, "does-not-exist.backup");
    const result = await cli(["restore", missing], { DATA_DIR: path.join(root, "cli-data") });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`db:restore: backup file not found: ${missing}\n`);
    expect(fs.existsSync(path.join(root, "cli-data", "db"))).toBe(false);
  });
});

// The PGlite data-directory files only exist on the embedded driver; under DATABASE_URL the
// PostgreSQL block below tests the pg_dump route instead.
describe.skipIf(Boolean(SERVER_URL))("embedded database (skipped with DATABASE_URL: no PGlite files to back up)", () => {
  let sourceDir: string;
  let backup: string;
  let before: Snapshot;

  beforeAll(async () => {
    sourceDir = path.join(root, "source", "db");
    const source = open({ kind: "pglite", dataDir: sourceDir });
    try {
      await migrateEmbedded(source.database);
      await populate(source.prisma);
      before = await snapshot(source.prisma);

      // While the database is open (lock held, as by a running server), a backup is refused.
      await expectRefusal(backupEmbedded({ dbDir: sourceDir, file: path.join(root, "early.tar.gz") }), "in-use", /is in use by this process/);
      expect(fs.existsSync(path.join(root, "early.tar.gz"))).toBe(false);
    } finally {
      await source.close();
    }
    backup = path.join(root, "backups", "oirs.tar.gz");
  });

  it("seeded what the round trip will look for", () => {
    expect(before.cases).toBeGreaterThanOrEqual(1);
    expect(before.folios).toContain(FOLIO);
    expect(before.responses).toBeGreaterThanOrEqual(1);
    expect(before.plans).toBeGreaterThanOrEqual(1);
    expect(before.activities).toBe(5);
  });

  it("backs up to one private .tar.gz file", async () => {
    const result = await backupEmbedded({ dbDir: sourceDir, file: backup });
    expect(result.file).toBe(backup);
    expect(result.contents).toMatchObject({ cases: before.cases, surveyResponses: before.responses, plans: before.plans });
    expect(result.contents?.latestMigration).toMatch(/^\d{14}_/);
    const stat = fs.statSync(backup);
    expect(stat.size).toBe(result.bytes);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(inspectTarball(fs.readFileSync(backup), "backup").pgVersion).toMatch(/^\d+$/);
    expect(fs.readdirSync(path.dirname(backup))).toEqual(["oirs.tar.gz"]); // no partial file left
    expect(fs.existsSync(`${sourceDir}.lock`)).toBe(false); // lock released
  });

  it("refuses to overwrite an existing backup file without --force", async () => {
    await expectRefusal(backupEmbedded({ dbDir: sourceDir, file: backup }), "target-exists", /already exists/);
  });

  it("restores into an empty data directory with every case, response and plan", async () => {
    const target = path.join(root, "restored", "db");
    const result = await restoreEmbedded({ dbDir: target, file: backup });
    expect(result).toMatchObject({ dbDir: target, movedAside: null });
    const restored = open({ kind: "pglite", dataDir: target });
    try {
      expect(await snapshot(restored.prisma)).toEqual(before);
      const filed = await restored.prisma.case.findUniqueOrThrow({ where: { folio: FOLIO }, include: { responses: true } });
      expect(filed.citizenName).toBe("Ana Pérez");
      expect(filed.responses.map((r) => r.comment)).toEqual(["Rápido"]);
      expect((await restored.prisma.plan.findFirstOrThrow()).year).toBe(2026);
    } finally {
      await restored.close();
    }
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(["db"]); // no staging directory, no lock
  });

  it("refuses a non-empty target without --force and leaves it as it was", async () => {
    // An older database (a copy of the source, reopened, with a marker table) in the way.
    const target = path.join(root, "occupied", "db");
    fs.cpSync(sourceDir, target, { recursive: true });
    const occupied = open({ kind: "pglite", dataDir: target });
    await occupied.database.exec(`CREATE TABLE marker (note text); INSERT INTO marker VALUES ('old database')`);
    await occupied.close();
    const files = fs.readdirSync(target).sort();

    await expectRefusal(restoreEmbedded({ dbDir: target, file: backup }), "target-exists", /is not empty \(add --force/);
    expect(fs.readdirSync(target).sort()).toEqual(files);

    // The command line: one line on stderr, exit code 6.
    const cli6 = await cli(["restore", backup], { DATA_DIR: path.dirname(target) });
    expect(cli6.code).toBe(6);
    expect(cli6.stderr.trim().split("\n")).toHaveLength(1);

    // --force: the old directory is moved aside, intact, and the backup takes its place.
    const result = await restoreEmbedded({ dbDir: target, file: backup, force: true });
    expect(result.movedAside).toMatch(/occupied\/db\.before-restore-[\dT-]+Z$/);
    expect(fs.readdirSync(result.movedAside!).sort()).toEqual(files);
    const restored = open({ kind: "pglite", dataDir: target });
    try {
      expect(await snapshot(restored.prisma)).toEqual(before);
    } finally {
      await restored.close();
    }
    const old = open({ kind: "pglite", dataDir: result.movedAside! });
    try {
      expect(await old.database.sql.query(`SELECT note FROM marker`)).toEqual([{ note: "old database" }]);
    } finally {
      await old.close();
    }
  }, 120_000);

  it("refuses a target that is open (in use)", async () => {
    const target = path.join(root, "busy", "db");
    const busy = open({ kind: "pglite", dataDir: target });
    try {
      await busy.database.sql.query("SELECT 1");
      await expectRefusal(restoreEmbedded({ dbDir: target, file: backup, force: true }), "in-use", /is in use/);
    } finally {
      await busy.close();
    }
  });

  it("refuses missing, unreadable and corrupt files before touching the target", async () => {
    const target = path.join(root, "untouched", "db");
    const bytes = fs.readFileSync(backup);
    const write = (name: string, content: Uint8Array | string) => {
      const file = path.join(root, name);
      fs.writeFileSync(file, content);
      return file;
    };
    await expectRefusal(restoreEmbedded({ dbDir: target, file: path.join(root, "nope.tar.gz") }), "missing", /backup file not found/);
    await expectRefusal(restoreEmbedded({ dbDir: target, file: root }), "missing", /cannot read backup file .*EISDIR/);
    await expectRefusal(
      restoreEmbedded({ dbDir: target, file: write("truncated.tar.gz", bytes.subarray(0, bytes.length >> 1)) }),
      "corrupt",
      /damaged gzip data/,
    );
    await expectRefusal(restoreEmbedded({ dbDir: target, file: write("text.tar.gz", "not a backup\n") }), "corrupt", /not a tar archive/);
    await expectRefusal(
      restoreEmbedded({ dbDir: target, file: write("other.tar.gz", zlib.gzipSync(Buffer.alloc(2048))) }),
      "corrupt",
      /empty or not a tar archive/,
    );
    // Bit rot in the file: gzip's CRC catches it.
    const flipped = Buffer.from(bytes);
    flipped[flipped.length >> 1]! ^= 0xff;
    await expectRefusal(restoreEmbedded({ dbDir: target, file: write("flipped.tar.gz", flipped) }), "corrupt", /damaged gzip data/);
    // A damaged tar header (the second entry's name): its checksum catches it.
    const tar = zlib.gunzipSync(bytes);
    tar[1024 + 5]! ^= 0xff;
    await expectRefusal(restoreEmbedded({ dbDir: target, file: write("header.tar.gz", zlib.gzipSync(tar)) }), "corrupt", /damaged tar header at byte 1024/);
    expect(fs.existsSync(path.dirname(target))).toBe(false);
  });

  it("refuses to back up a directory without a database", async () => {
    await expectRefusal(backupEmbedded({ dbDir: path.join(root, "empty", "db") }), "missing", /no embedded database/);
  });
});

describe.runIf(Boolean(SERVER_URL))("PostgreSQL (DATABASE_URL): pg_dump and pg_restore", () => {
  const haveTools = Boolean(findOnPath("pg_dump") && findOnPath("pg_restore"));
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const names = { source: `oirs_backup_src_${suffix}`, target: `oirs_backup_dst_${suffix}` };
  const urls = { source: "", target: "" };
  let before: Snapshot;
  let dump: string;

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(async (client) => {
      for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${name}`);
    });
    for (const key of ["source", "target"] as const) {
      const url = new URL(SERVER_URL!);
      url.pathname = `/${names[key]}`;
      urls[key] = url.toString();
    }
    const source = open({ kind: "postgres", url: urls.source });
    try {
      for (const sql of migrationSql()) await source.database.exec(sql);
      await populate(source.prisma);
      before = await snapshot(source.prisma);
    } finally {
      await source.close();
    }
    dump = path.join(root, "oirs.dump");
  });

  afterAll(async () => {
    await admin(async (client) => {
      for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });

  it.skipIf(haveTools)("without pg_dump on PATH, says so and prints the commands", async () => {
    const error = await rejection(backupPostgres({ url: urls.source, file: dump }));
    expect(error.kind).toBe("tools-missing");
    expect(error.hint.join("\n")).toMatch(/pg_dump --format=custom .*"\$DATABASE_URL"/);
  });

  describe.runIf(haveTools)("round trip (pg_dump and pg_restore on PATH)", () => {
    it("backs up with pg_dump in custom format", async () => {
      const result = await backupPostgres({ url: urls.source, file: dump });
      expect(result.contents).toMatchObject({ cases: before.cases, surveyResponses: before.responses, plans: before.plans });
      expect(fs.readFileSync(dump).subarray(0, 5).toString("latin1")).toBe("PGDMP");
      expect(fs.statSync(dump).mode & 0o777).toBe(0o600);
    });

    it("restores into an empty database with every case, response and plan", async () => {
      const result = await restorePostgres({ url: urls.target, file: dump, saveDir: root });
      expect(result.savedFirst).toBeNull();
      const restored = open({ kind: "postgres", url: urls.target });
      try {
        expect(await snapshot(restored.prisma)).toEqual(before);
        expect((await restored.prisma.case.findUniqueOrThrow({ where: { folio: FOLIO } })).citizenName).toBe("Ana Pérez");
      } finally {
        await restored.close();
      }
    });

    it("refuses a non-empty database without --force; with it, saves the old contents first", async () => {
      await expectRefusal(restorePostgres({ url: urls.target, file: dump, saveDir: root }), "target-exists", /is not empty/);
      const result = await restorePostgres({ url: urls.target, file: dump, force: true, saveDir: root });
      expect(result.savedFirst).toMatch(/oirs-before-restore-.*\.dump$/);
      expect(fs.readFileSync(result.savedFirst!).subarray(0, 5).toString("latin1")).toBe("PGDMP");
      expect(result.contents).toMatchObject({ cases: before.cases, surveyResponses: before.responses, plans: before.plans });
    });

    it("refuses while another session uses the database", async () => {
      const session = new pg.Client({ connectionString: urls.target });
      await session.connect();
      try {
        await expectRefusal(restorePostgres({ url: urls.target, file: dump, force: true, saveDir: root }), "in-use", /other open connection/);
      } finally {
        await session.end();
      }
    });

    it("refuses missing, embedded-format and damaged files", async () => {
      await expectRefusal(restorePostgres({ url: urls.target, file: path.join(root, "nope.dump") }), "missing", /backup file not found/);
      const gz = path.join(root, "embedded.tar.gz");
      fs.writeFileSync(gz, zlib.gzipSync("x"));
      await expectRefusal(restorePostgres({ url: urls.target, file: gz }), "corrupt", /restore it without DATABASE_URL/);
      const truncated = path.join(root, "truncated.dump");
      fs.writeFileSync(truncated, fs.readFileSync(dump).subarray(0, 2000));
      await expectRefusal(restorePostgres({ url: urls.target, file: truncated, force: true, saveDir: root }), "corrupt", /is damaged/);
    });
  });
});
