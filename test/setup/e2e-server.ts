// Starts the real server for the browser tests. With DATABASE_URL set it first creates a fresh
// database on that server so every run starts empty, and migrations apply through the CLI as in production.
// It also runs a real SMTP server on 127.0.0.1:E2E_SMTP_PORT (default E2E_PORT+1) that stores every
// message it receives as a raw `.eml` file in E2E_MAILBOX (emptied at start), and points the app at
// it, so the tests read the emails the app really sent over SMTP (see test/e2e/mailbox.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { mailboxDir, smtpPort } from "../e2e/mailbox";

async function startSmtp(port: number, dir: string): Promise<SMTPServer> {
  // Emptied of earlier runs' messages (only ours: E2E_MAILBOX may point at a folder with other files).
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) if (name.endsWith(".eml") || name.endsWith(".eml.tmp")) fs.rmSync(path.join(dir, name), { force: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        count += 1;
        const name = `${Date.now()}-${String(count).padStart(4, "0")}.eml`;
        // Written under a temporary name and renamed, so a reader never sees half a message.
        const tmp = path.join(dir, `.${name}.tmp`);
        try {
          fs.writeFileSync(tmp, Buffer.concat(chunks));
          fs.renameSync(tmp, path.join(dir, name));
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => console.error("[e2e-smtp]", error.message));
  console.log(`[e2e-smtp] listening on 127.0.0.1:${port}, mailbox ${dir}`);
  return server;
}

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

  const port = smtpPort(env);
  const smtp = await startSmtp(port, mailboxDir(env));
  env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  env.OUTBOX_INTERVAL_MS ??= "300";

  const child = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], { env, stdio: "inherit" });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => {
    smtp.close();
    process.exit(code ?? 0);
  });
}

void main();
