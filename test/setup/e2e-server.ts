// Starts the real server for the browser tests. With DATABASE_URL set it first creates a fresh
// database on that server so every run starts empty, and migrations apply through the CLI as in production.
import { spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

async function main() {
  const env = { ...process.env };
  if (env.DATABASE_URL) {
    const name = `oirs_e2e_${process.pid}`;
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  } else if (env.DATA_DIR) {
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], { env, stdio: "inherit" });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

void main();
