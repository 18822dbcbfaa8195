// `npm test`: build, type check, unit and integration tests (Vitest, real database), then a production build and the
// browser end-to-end tests (Playwright on Chromium). Stops at the first failing stage.
import { spawnSync } from "node:child_process";
import { CHROMIUM_MISSING, findChromium } from "./chromium";

function run(title: string, command: string, args: string[]) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

if (!findChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

console.log(process.env.DATABASE_URL ? "Database: PostgreSQL server from DATABASE_URL" : "Database: embedded PGlite");
run("Build (Prisma client and Remix)", "npm", ["run", "build"]);
run("Type check", "npx", ["tsc", "--noEmit"]);
run("Unit and integration tests", "npx", ["vitest", "run"]);
run("End-to-end tests", "npx", ["playwright", "test"]);
