// A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
// on the PostgreSQL server in DATABASE_URL (CI's second run). Real PostgreSQL either way.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "~/db/client.server";

export function migrationSql(): string[] {
  const dir = path.resolve("prisma/migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

export async function createTestDatabase(): Promise<Database & { drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = openDatabase({ kind: "pglite", dataDir: undefined });
    for (const sql of migrationSql()) await database.exec(sql);
    return { ...database, drop: () => database.close() };
  }
  const name = `oirs_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: "postgres", url: url.toString() });
  for (const sql of migrationSql()) await database.exec(sql);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
