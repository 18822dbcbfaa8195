// npm run db:backup [-- <file>] [--force]      — README "Backups"
// npm run db:restore -- <file> [--force]
// The embedded database (DATA_DIR) or, with DATABASE_URL, pg_dump / pg_restore. Stop the server first.
// Errors: one line on stderr and a non-zero exit code (EXIT_CODES in app/db/backup.server.ts).
import { parseArgs } from "node:util";
import { BackupError, runCommand } from "~/db/backup.server";

const [command, ...rest] = process.argv.slice(2);
const name = command === "restore" ? "db:restore" : "db:backup";
const usage =
  command === "restore" ? "usage: npm run db:restore -- <file> [--force]" : "usage: npm run db:backup [-- <file>] [--force]";

function fail(message: string, code: number, hint: string[] = []): never {
  console.error(`${name}: ${message}`);
  for (const line of hint) console.error(`  ${line}`);
  process.exit(code);
}

async function main() {
  if (command !== "backup" && command !== "restore") fail("run it as npm run db:backup or npm run db:restore", 2);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (error) {
    fail(`${(error as Error).message.split("\n")[0]} (${usage})`, 2);
  }
  if (parsed.values.help) {
    console.log(usage);
    return;
  }
  if (parsed.positionals.length > 1) fail(`one file at most (${usage})`, 2);
  await runCommand(
    command,
    { file: parsed.positionals[0], force: parsed.values.force },
    process.env,
    (line) => console.log(`${name}: ${line}`),
  );
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
}

main().catch((error) => {
  if (error instanceof BackupError) fail(error.message, error.exitCode, error.hint);
  fail(error instanceof Error ? error.message.split("\n")[0]! : String(error), 1);
});
