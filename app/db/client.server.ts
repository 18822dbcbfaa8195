// One Prisma client per process (PGlite allows one opener of a data directory). It lives on
// globalThis so the server entry and the Remix build, which are separate module graphs, share it.
import { PrismaClient } from "~/generated/prisma/client";
import { createAdapter, databaseTarget, type DatabaseTarget, type RawSql } from "./adapter.server";

export type Database = {
  prisma: PrismaClient;
  target: DatabaseTarget;
  /** Runs several SQL statements in one go (migrations in tests, maintenance). */
  exec: (sql: string) => Promise<void>;
  /** Direct parameterised SQL for hot paths (see adapter.server.ts). */
  sql: RawSql;
  close: () => Promise<void>;
};

const KEY = Symbol.for("oirs.database");
type GlobalWithDb = typeof globalThis & { [KEY]?: Database };

export function openDatabase(target: DatabaseTarget = databaseTarget()): Database {
  const g = globalThis as GlobalWithDb;
  const existing = g[KEY];
  if (existing) return existing;
  const { adapter, exec, sql, close } = createAdapter(target);
  const prisma = new PrismaClient({ adapter });
  const database: Database = {
    prisma,
    target,
    exec,
    sql,
    close: async () => {
      delete g[KEY];
      await prisma.$disconnect();
      await close();
    },
  };
  g[KEY] = database;
  return database;
}

/**
 * The app's Prisma client. Opening is lazy so tests and scripts can choose the database
 * (environment or openDatabase) before the first query.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const prisma = openDatabase().prisma;
    const value = Reflect.get(prisma, property);
    return typeof value === "function" ? value.bind(prisma) : value;
  },
});

/** Direct SQL on the app's database (hot paths only; everything else goes through Prisma). */
export function rawSql() {
  return openDatabase().sql;
}
