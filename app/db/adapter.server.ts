// The one place that decides which database driver backs Prisma:
// PGlite (embedded PostgreSQL in WebAssembly) by default, a PostgreSQL server when DATABASE_URL is set.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { PrismaClientOptions } from "~/generated/prisma/internal/prismaNamespace";
import { lockDataDir } from "./data-dir-lock.server";

/** Prisma's adapter-factory type; the PGlite adapter is built against an older copy of it. */
type AdapterFactory = NonNullable<PrismaClientOptions["adapter"]>;

const PG_TYPE_NAME = 19;
const PG_TYPE_TEXT = 25;

/**
 * Prisma's JS schema engine cannot deserialize columns of PostgreSQL type `name`
 * (prisma/orm#27403), which the migration queries read from the catalogue. Reporting them as
 * `text` is exact for our purposes: `name` is a 63-byte string.
 */
class NameAsTextPool extends pg.Pool {
  // pg's overloads make a precise signature noisy; we only rewrite the result metadata.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") {
      return result.then((res: pg.QueryResult) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === PG_TYPE_NAME) field.dataTypeID = PG_TYPE_TEXT;
        }
        return res;
      });
    }
    return result;
  }
}

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | undefined };

/** DATABASE_URL wins; otherwise PGlite under DATA_DIR/db (or in memory for DATA_DIR=memory://). */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  const dataDir = env.DATA_DIR ?? "./data";
  if (dataDir === "memory://") return { kind: "pglite", dataDir: undefined };
  return { kind: "pglite", dataDir: path.resolve(dataDir, "db") };
}

export function openPGlite(dataDir: string | undefined): PGlite {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  return new PGlite(dataDir);
}

export function createPgPool(url: string, max = 10): pg.Pool {
  return new NameAsTextPool({ connectionString: url, max });
}

/** One parameterised statement; rows come back as the driver parses them. */
export type SqlQuery = <Row = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<Row[]>;

/**
 * Direct SQL on the same connections Prisma uses, for the few hot paths where Prisma's per-query
 * cost (≈1.5 ms of CPU against ≈0.2 ms here) is most of the request: survey submissions.
 * `transaction` runs its callback on one connection between BEGIN and COMMIT (ROLLBACK on throw).
 */
export type RawSql = {
  query: SqlQuery;
  transaction: <T>(fn: (query: SqlQuery) => Promise<T>) => Promise<T>;
};

/** Adapter factory for Prisma, plus the raw handles the app needs (multi-statement SQL, hot paths). */
export function createAdapter(target: DatabaseTarget): {
  adapter: AdapterFactory;
  exec: (sql: string) => Promise<void>;
  sql: RawSql;
  close: () => Promise<void>;
} {
  if (target.kind === "postgres") {
    const pool = createPgPool(target.url, Number(process.env.DATABASE_POOL_SIZE ?? 10));
    return {
      adapter: new PrismaPg(pool) as AdapterFactory,
      exec: async (sql: string) => void (await pool.query(sql)),
      sql: poolSql(pool),
      close: () => pool.end(),
    };
  }
  // One opener per data directory (see data-dir-lock.server.ts); refused while another process has it.
  const lock = target.dataDir ? lockDataDir(target.dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = openPGlite(target.dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    adapter: new PrismaPGlite(pglite) as unknown as AdapterFactory,
    exec: async (sql: string) => void (await pglite.exec(sql)),
    sql: {
      query: async <Row,>(text: string, values: unknown[] = []) => (await pglite.query<Row>(text, values)).rows,
      transaction: (fn) => pglite.transaction((tx) => fn(async <Row,>(text: string, values: unknown[] = []) => (await tx.query<Row>(text, values)).rows)),
    },
    close: async () => {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** How many distinct hot-path statements are kept prepared on each connection; others run unnamed. */
const MAX_PREPARED = 100;

/**
 * A name for the statement, so node-postgres prepares it once per connection and then only binds
 * and executes it: PostgreSQL parses and plans the hot paths' CTEs once instead of on every call.
 * The texts are the app's own (values always travel as parameters), so there are few of them.
 */
function preparedName(names: Map<string, string>, text: string): string | undefined {
  const known = names.get(text);
  if (known || names.size >= MAX_PREPARED) return known;
  const name = `oirs_${names.size + 1}_${createHash("sha1").update(text).digest("hex").slice(0, 12)}`;
  names.set(text, name);
  return name;
}

function poolSql(pool: pg.Pool): RawSql {
  const names = new Map<string, string>();
  const statement = (text: string, values: unknown[]): pg.QueryConfig => ({ name: preparedName(names, text), text, values });
  return {
    query: async <Row,>(text: string, values: unknown[] = []) => (await pool.query(statement(text, values))).rows as Row[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(async <Row,>(text: string, values: unknown[] = []) => (await client.query(statement(text, values))).rows as Row[]);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * Used by prisma.config.ts for `prisma migrate deploy`. The CLI never closes the driver; an
 * embedded database left open at exit can be unreadable on the next start, so disposing the
 * adapter closes it cleanly.
 */
export async function createMigrationAdapter(): Promise<PrismaPg> {
  const { adapter, close } = createAdapter(databaseTarget());
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const driver = await connect();
    const dispose = driver.dispose.bind(driver);
    driver.dispose = async () => {
      await dispose();
      await close();
    };
    return driver;
  };
  // Both factories implement the migration-aware interface; PrismaPg names that type for the CLI.
  return adapter as unknown as PrismaPg;
}
