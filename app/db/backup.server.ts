// npm run db:backup / db:restore (README "Backups").
// - Embedded database (PGlite): one .tar.gz of the data directory (PGlite's dumpDataDir), taken
//   with the directory's lock held, so never while the server has it open. A restore is loaded
//   into a new directory beside the target, checked, and only then renamed into place; an existing
//   database is moved aside (with --force), never deleted.
// - PostgreSQL (DATABASE_URL): pg_dump --format=custom and pg_restore in one transaction, when
//   they are on PATH; otherwise the commands to run are printed and the command fails.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { DataDirInUseError, lockDataDir, processesUsingDir, type DataDirLock } from "./data-dir-lock.server";
import { listMigrations } from "./migrate.server";

export type BackupErrorKind = "usage" | "missing" | "corrupt" | "in-use" | "target-exists" | "tools-missing" | "failed";

/** Exit codes of db:backup and db:restore (README "Backups"). */
export const EXIT_CODES: Record<BackupErrorKind, number> = {
  failed: 1,
  usage: 2,
  missing: 3,
  corrupt: 4,
  "in-use": 5,
  "target-exists": 6,
  "tools-missing": 7,
};

export class BackupError extends Error {
  constructor(
    readonly kind: BackupErrorKind,
    message: string,
    /** Extra lines for the operator (e.g. the commands to run by hand). */
    readonly hint: string[] = [],
  ) {
    super(message);
    this.name = "BackupError";
  }
  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

export type Log = (line: string) => void;

/** What a database holds, for the operator's confirmation line. */
export type Contents = { cases: number; surveyResponses: number; plans: number; latestMigration: string | null };

const DEFAULT_DIR = "backups";

/** `backups/oirs-2026-11-30T21-48-05Z.<ext>` (UTC, sortable, no colons). */
export function defaultBackupFile(extension: string, now = new Date(), prefix = "oirs"): string {
  return path.resolve(DEFAULT_DIR, `${prefix}-${stamp(now)}.${extension}`);
}

function stamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

function summarize(contents: Contents | undefined): string {
  if (!contents) return "contents not readable";
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(contents.cases, "case", "cases"),
    plural(contents.surveyResponses, "survey response", "survey responses"),
    plural(contents.plans, "improvement plan", "improvement plans"),
  ].join(", ") + (contents.latestMigration ? `; schema at ${contents.latestMigration}` : "; no migrations applied");
}

const COUNTS_SQL = `SELECT (SELECT count(*) FROM "Case")::int AS cases,
  (SELECT count(*) FROM "SurveyResponse")::int AS "surveyResponses", (SELECT count(*) FROM "Plan")::int AS plans`;
const MIGRATION_SQL = `SELECT max(migration_name) AS "latestMigration" FROM "_prisma_migrations"
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Counts from either driver; undefined when the OIRS tables are missing. */
async function readContents(query: <Row>(sql: string) => Promise<Row[]>): Promise<Contents | undefined> {
  let counts: Omit<Contents, "latestMigration"> | undefined;
  try {
    counts = (await query<Omit<Contents, "latestMigration">>(COUNTS_SQL))[0];
  } catch {
    return undefined;
  }
  if (!counts) return undefined;
  let latestMigration: string | null = null;
  try {
    latestMigration = (await query<{ latestMigration: string | null }>(MIGRATION_SQL))[0]?.latestMigration ?? null;
  } catch {
    // no bookkeeping table (schema created without Prisma's migrations)
  }
  return { ...counts, latestMigration };
}

function pgliteContents(db: PGlite): Promise<Contents | undefined> {
  return readContents(async <Row,>(sql: string) => (await db.query<Row>(sql)).rows);
}

// ---------------------------------------------------------------------------------------------
// Embedded database

/** Takes the data directory's lock, and refuses if any other process has its files open. */
function lockForMaintenance(dbDir: string): DataDirLock {
  let lock: DataDirLock;
  try {
    lock = lockDataDir(dbDir);
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new BackupError("in-use", error.message);
    throw error;
  }
  const users = fs.existsSync(dbDir) ? processesUsingDir(dbDir) : [];
  if (users.length > 0) {
    lock.release();
    throw new BackupError(
      "in-use",
      `the embedded database ${dbDir} is in use: process ${users.join(", ")} has its files open: stop it first`,
    );
  }
  return lock;
}

function isDatabaseDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, "PG_VERSION"));
}

function checkOutput(file: string, force: boolean | undefined): void {
  if (fs.existsSync(file) && !force) {
    throw new BackupError("target-exists", `${file} already exists (choose another file name, or add --force to replace it)`);
  }
}

/** Writes bytes to `file` through a temporary sibling, so a crash never leaves a half-written backup under its name. */
function writeAtomically(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const fd = fs.openSync(partial, "wx", 0o600);
  try {
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, file);
}

export type EmbeddedBackupResult = { file: string; bytes: number; contents: Contents | undefined };

/** Backs up the embedded database in `dbDir` (DATA_DIR/db) to one .tar.gz file. */
export async function backupEmbedded(options: {
  dbDir: string;
  file?: string;
  force?: boolean;
  now?: Date;
}): Promise<EmbeddedBackupResult> {
  const dbDir = path.resolve(options.dbDir);
  const file = path.resolve(options.file ?? defaultBackupFile("tar.gz", options.now));
  if (!isDatabaseDir(dbDir)) {
    throw new BackupError("missing", `there is no embedded database in ${dbDir} (nothing to back up; check DATA_DIR)`);
  }
  checkOutput(file, options.force);

  const lock = lockForMaintenance(dbDir);
  let tarball: Uint8Array;
  let contents: Contents | undefined;
  try {
    const db = new PGlite(dbDir);
    try {
      await db.waitReady;
      contents = await pgliteContents(db);
      // Data files consistent on their own, not only through the WAL.
      await db.exec("CHECKPOINT");
      tarball = new Uint8Array(await (await db.dumpDataDir("gzip")).arrayBuffer());
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
  inspectTarball(Buffer.from(tarball), "the new backup"); // never write a file we could not restore
  writeAtomically(file, tarball);
  return { file, bytes: tarball.byteLength, contents };
}

export type EmbeddedRestoreResult = { dbDir: string; movedAside: string | null; contents: Contents | undefined };

/**
 * Restores a db:backup file into `dbDir` (DATA_DIR/db). Refuses a non-empty target unless `force`,
 * and then moves the old directory to `<dbDir>.before-restore-<time>` instead of deleting it.
 */
export async function restoreEmbedded(options: {
  dbDir: string;
  file: string;
  force?: boolean;
  now?: Date;
}): Promise<EmbeddedRestoreResult> {
  const dbDir = path.resolve(options.dbDir);
  const file = path.resolve(options.file);
  const { tar } = inspectTarball(readBackupFile(file), file);

  const lock = lockForMaintenance(dbDir);
  try {
    const existing = fs.existsSync(dbDir) ? fs.readdirSync(dbDir) : null;
    if (existing && existing.length > 0 && !options.force) {
      throw new BackupError(
        "target-exists",
        `${dbDir} is not empty (add --force to restore anyway: the current database is moved aside, not deleted)`,
      );
    }

    // Load into a fresh directory beside the target (same file system, so the final rename is atomic).
    const time = stamp(options.now);
    const staging = `${dbDir}.restoring-${time}-${process.pid}`;
    fs.mkdirSync(path.dirname(dbDir), { recursive: true });
    fs.mkdirSync(staging, { mode: 0o700 });
    let contents: Contents | undefined;
    try {
      const db = new PGlite(staging, { loadDataDir: new Blob([new Uint8Array(tar)], { type: "application/x-tar" }) });
      try {
        await db.waitReady;
        contents = await pgliteContents(db);
        await db.exec("CHECKPOINT");
      } finally {
        await db.close().catch(() => undefined);
      }
      if (!contents) throw new Error("it holds no OIRS tables");
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true }); // our own scratch directory
      if (error instanceof BackupError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BackupError("corrupt", `${file} could not be opened as an OIRS database: ${reason.split("\n")[0]}`);
    }

    let movedAside: string | null = null;
    if (existing && existing.length > 0) {
      movedAside = `${dbDir}.before-restore-${time}`;
      fs.renameSync(dbDir, movedAside);
    } else if (existing) {
      fs.rmdirSync(dbDir); // empty
    }
    fs.renameSync(staging, dbDir);
    return { dbDir, movedAside, contents };
  } finally {
    lock.release();
  }
}

function readBackupFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BackupError("missing", `backup file not found: ${file}`);
    throw new BackupError("missing", `cannot read backup file ${file}: ${code ?? String(error)}`);
  }
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  const slice = bytes.subarray(start, start + length);
  const end = slice.indexOf(0);
  return Buffer.from(end === -1 ? slice : slice.subarray(0, end)).toString("utf8");
}

function octal(bytes: Uint8Array, start: number, length: number): number | undefined {
  const text = cString(bytes, start, length).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/**
 * Checks a backup before anything is touched: gzip intact, every tar header's checksum right, no
 * entry cut short, the end-of-archive marker present, and a PGlite data directory inside (entries
 * named from its root, as dumpDataDir writes them, with PG_VERSION at the top). Returns the tar bytes.
 */
export function inspectTarball(raw: Buffer, label: string): { tar: Buffer; entries: number; pgVersion: string } {
  const corrupt = (why: string) => new BackupError("corrupt", `${label} is not a valid embedded-database backup: ${why}`);
  if (raw.subarray(0, 5).toString("latin1") === "PGDMP") {
    throw corrupt("it is a pg_dump file (restore it with DATABASE_URL set)");
  }
  let tar = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      tar = zlib.gunzipSync(raw);
    } catch (error) {
      throw corrupt(`damaged gzip data (${(error as Error).message})`);
    }
  }
  let offset = 0;
  let entries = 0;
  let pgVersion: string | undefined;
  let ended = false;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) {
      ended = true;
      break;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (octal(header, 148, 8) !== sum) throw corrupt(entries === 0 ? "not a tar archive" : `damaged tar header at byte ${offset}`);
    const name = cString(header, 0, 100);
    const size = octal(header, 124, 12);
    if (size === undefined) throw corrupt(`unreadable size for ${name}`);
    if (!name.startsWith("/") || name.split("/").includes("..")) throw corrupt(`unexpected entry name ${JSON.stringify(name)}`);
    offset += 512;
    if (offset + size > tar.length) throw corrupt(`truncated inside ${name}`);
    const type = header[156];
    if (name === "/PG_VERSION" && (type === 0x30 || type === 0)) {
      pgVersion = tar.subarray(offset, offset + size).toString("utf8").trim();
    }
    offset += Math.ceil(size / 512) * 512;
    entries++;
  }
  if (entries === 0) throw corrupt("empty or not a tar archive");
  if (!ended) throw corrupt("truncated (no end-of-archive marker)");
  if (!pgVersion) throw corrupt("no PG_VERSION at its top (not a PGlite data directory)");
  return { tar, entries, pgVersion };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL server (DATABASE_URL)

const RESTORE_FLAGS = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"];

/** The commands to run by hand, with the URL left as "$DATABASE_URL". */
export function postgresCommands(file: string): string[] {
  return [
    `pg_dump --format=custom --file=${JSON.stringify(file)} "$DATABASE_URL"`,
    `pg_restore ${RESTORE_FLAGS.join(" ")} --dbname="$DATABASE_URL" ${JSON.stringify(file)}`,
  ];
}

/** Options only Prisma understands; libpq rejects unknown URI parameters. */
const PRISMA_ONLY_PARAMS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];

/** The URL for libpq without its password (passed in PGPASSWORD instead, so it never shows in `ps`). */
function libpqConnection(url: string): { uri: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  for (const name of PRISMA_ONLY_PARAMS) parsed.searchParams.delete(name);
  return { uri: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export function findOnPath(command: string, envPath = process.env.PATH ?? ""): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function requireTool(name: "pg_dump" | "pg_restore", file: string): string {
  const found = findOnPath(name);
  if (found) return found;
  throw new BackupError(
    "tools-missing",
    `${name} is not on PATH, so nothing was done (install postgresql-client, or add e.g. /usr/lib/postgresql/15/bin to PATH); the commands to run by hand:`,
    postgresCommands(file),
  );
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

function firstError(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /error|fatal/i.test(l)) ?? lines[0] ?? "no message").slice(0, 300);
}

function pgContents(client: pg.Client): Promise<Contents | undefined> {
  return readContents(async <Row,>(sql: string) => (await client.query(sql)).rows as Row[]);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError("failed", `cannot connect to DATABASE_URL: ${(error as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type PostgresBackupResult = { file: string; bytes: number; contents: Contents | undefined };

/** pg_dump --format=custom of the database in `url`. */
export async function backupPostgres(options: { url: string; file?: string; force?: boolean; now?: Date }): Promise<PostgresBackupResult> {
  const file = path.resolve(options.file ?? defaultBackupFile("dump", options.now));
  const pgDump = requireTool("pg_dump", file);
  checkOutput(file, options.force);
  const contents = await withClient(options.url, pgContents);
  const connection = libpqConnection(options.url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const result = await run(pgDump, ["--format=custom", "--no-password", `--file=${partial}`, connection.uri], connection.env);
  if (result.code !== 0) {
    fs.rmSync(partial, { force: true });
    throw new BackupError("failed", `pg_dump failed (exit ${result.code}): ${firstError(result.stderr)}`);
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size, contents };
}

export type PostgresRestoreResult = { savedFirst: string | null; contents: Contents | undefined };

/**
 * pg_restore of a db:backup (pg_dump custom-format) file into the database in `url`, in one
 * transaction. Refuses while other sessions use that database, and a non-empty database unless
 * `force` — then its current contents are first saved with pg_dump to backups/.
 */
export async function restorePostgres(options: {
  url: string;
  file: string;
  force?: boolean;
  now?: Date;
  /** Where the previous contents are saved before a --force restore (default ./backups). */
  saveDir?: string;
}): Promise<PostgresRestoreResult> {
  const file = path.resolve(options.file);
  const head = readHead(file, 5);
  if (head.toString("latin1") !== "PGDMP") {
    const hint = head[0] === 0x1f && head[1] === 0x8b ? " (a .tar.gz is an embedded-database backup: restore it without DATABASE_URL)" : "";
    throw new BackupError("corrupt", `${file} is not a pg_dump custom-format file${hint}`);
  }
  const pgRestore = requireTool("pg_restore", file);
  const listed = await run(pgRestore, ["--list", file], {});
  if (listed.code !== 0) throw new BackupError("corrupt", `${file} is damaged: ${firstError(listed.stderr)}`);

  const { others, tables, name } = await withClient(options.url, async (client) => {
    const row = (
      await client.query<{ others: number; tables: number; name: string }>(`SELECT
        (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid())::int AS others,
        (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg_toast%')::int AS tables,
        current_database() AS name`)
    ).rows[0]!;
    return row;
  });
  if (others > 0) {
    throw new BackupError("in-use", `database ${name} has ${others} other open connection(s) (stop the app servers first)`);
  }
  let savedFirst: string | null = null;
  if (tables > 0) {
    if (!options.force) {
      throw new BackupError(
        "target-exists",
        `database ${name} is not empty (${tables} tables; add --force to replace it: its current contents are saved with pg_dump first)`,
      );
    }
    const saveTo = path.join(options.saveDir ?? DEFAULT_DIR, path.basename(defaultBackupFile("dump", options.now, "oirs-before-restore")));
    savedFirst = (await backupPostgres({ url: options.url, file: saveTo })).file;
  }
  const connection = libpqConnection(options.url);
  const result = await run(pgRestore, [...RESTORE_FLAGS, "--no-password", `--dbname=${connection.uri}`, file], connection.env);
  if (result.code !== 0) {
    throw new BackupError("failed", `pg_restore failed, nothing was changed (exit ${result.code}): ${firstError(result.stderr)}`);
  }
  const contents = await withClient(options.url, pgContents);
  return { savedFirst, contents };
}

function readHead(file: string, length: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BackupError("missing", `backup file not found: ${file}`);
    throw new BackupError("missing", `cannot read backup file ${file}: ${code ?? String(error)}`);
  }
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Command line (app/server/db-backup.ts)

function attachmentsDir(env: NodeJS.ProcessEnv): string {
  if (env.FILES_DIR) return path.resolve(env.FILES_DIR);
  return path.resolve(env.DATA_DIR || "./data", "files");
}

/** A warning when the restored schema is ahead of this version of the app's migrations. */
function newerSchemaWarning(contents: Contents | undefined): string | null {
  const restored = contents?.latestMigration;
  const known = listMigrations().at(-1)?.name;
  if (!restored || !known || restored <= known) return null;
  return `warning: the backup's schema (${restored}) is newer than this version of the app (${known}); run the app version it came from`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Runs `backup` or `restore` for the database the environment points at. */
export async function runCommand(
  command: "backup" | "restore",
  args: { file?: string; force?: boolean },
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<void> {
  const files = attachmentsDir(env);
  if (env.DATABASE_URL) {
    if (command === "backup") {
      const result = await backupPostgres({ url: env.DATABASE_URL, file: args.file, force: args.force });
      log(`wrote ${result.file} (${size(result.bytes)}, pg_dump custom format): ${summarize(result.contents)}`);
      log(`attachments are not in it: back up ${files} (FILES_DIR) too`);
    } else {
      if (!args.file) throw new BackupError("usage", "which file? npm run db:restore -- <file> [--force]");
      const result = await restorePostgres({ url: env.DATABASE_URL, file: args.file, force: args.force });
      if (result.savedFirst) log(`the database's previous contents were saved to ${result.savedFirst}`);
      log(`restored ${path.resolve(args.file)}: ${summarize(result.contents)}`);
      const warning = newerSchemaWarning(result.contents);
      if (warning) log(warning);
      log(`restore the attachments (${files}) from the same moment; the next start applies any newer migrations`);
    }
    return;
  }
  const dataDir = env.DATA_DIR || "./data";
  if (dataDir === "memory://") throw new BackupError("usage", "DATA_DIR=memory:// keeps nothing on disk to back up or restore");
  const dbDir = path.resolve(dataDir, "db");
  if (command === "backup") {
    const result = await backupEmbedded({ dbDir, file: args.file, force: args.force });
    log(`wrote ${result.file} (${size(result.bytes)}): ${summarize(result.contents)}`);
    log(`attachments are not in it: back up ${files} (FILES_DIR) too`);
  } else {
    if (!args.file) throw new BackupError("usage", "which file? npm run db:restore -- <file> [--force]");
    const result = await restoreEmbedded({ dbDir, file: args.file, force: args.force });
    if (result.movedAside) log(`the previous database was moved to ${result.movedAside} (delete it once you no longer need it)`);
    log(`restored ${path.resolve(args.file)} into ${result.dbDir}: ${summarize(result.contents)}`);
    const warning = newerSchemaWarning(result.contents);
    if (warning) log(warning);
    log(`restore the attachments (${files}) from the same moment; the next start applies any newer migrations`);
  }
}
