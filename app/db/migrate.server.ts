// Applies the committed migrations in prisma/migrations at start-up.
// - PostgreSQL: `prisma migrate deploy` in a child process, with the adapter from prisma.config.ts.
// - Embedded PGlite: in-process, because a data directory has a single opener and the CLI's
//   WebAssembly engine can exit with the embedded database mid-write (seen: a directory that no
//   longer opens). The bookkeeping uses Prisma's own _prisma_migrations table and checksums, so
//   `prisma migrate deploy` and `prisma migrate status` agree with what was applied here.
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Database } from "./client.server";

const require = createRequire(import.meta.url);
const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export function listMigrations(): Array<{ name: string; sql: string; checksum: string }> {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Applies pending migrations to an open embedded database, each in its own transaction. */
export async function migrateEmbedded(database: Database): Promise<string[]> {
  await database.exec(BOOKKEEPING);
  const rows = await database.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(rows.map((r) => r.migration_name));
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    if (done.has(migration.name)) continue;
    const record = `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
      VALUES ('${randomUUID()}', '${migration.checksum}', now(), '${migration.name.replace(/'/g, "''")}', 1);`;
    await database.exec(`BEGIN;\n${migration.sql}\n${record}\nCOMMIT;`);
    applied.push(migration.name);
  }
  return applied;
}

/** `prisma migrate deploy` against the PostgreSQL server in DATABASE_URL. */
export async function migrateDeploy(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cli = require.resolve("prisma/build/index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}

/** How often a start-up retries `migrate deploy` while another instance holds Prisma's migration lock. */
const LOCK_RETRIES = 6;

/** Brings the database to the latest migration, whichever driver it uses. */
export async function applyMigrations(database: Database): Promise<void> {
  if (database.target.kind === "postgres") {
    // Instances started together on one database: one migrates, the others wait for Prisma's advisory
    // lock, which the CLI gives up on after 10 s (P1002) — less than one run takes. Try again: once the
    // first is done, there is nothing left to apply.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrateDeploy();
        break;
      } catch (error) {
        if (attempt >= LOCK_RETRIES || !/advisory lock/i.test(error instanceof Error ? error.message : "")) throw error;
        console.log(`[db] another instance is applying migrations; trying again (${attempt}/${LOCK_RETRIES - 1})`);
      }
    }
    console.log("[db] migrations applied (prisma migrate deploy)");
  } else {
    const applied = await migrateEmbedded(database);
    console.log(applied.length ? `[db] applied migrations: ${applied.join(", ")}` : "[db] migrations up to date");
  }
}
