import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { mailboxDir, smtpPort } from "./test/e2e/mailbox";
import { CHROMIUM_MISSING, findChromium } from "./test/setup/chromium";

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_MISSING);

const port = Number(process.env.E2E_PORT ?? 3210);
// A throwaway embedded database per run, or a fresh database on the server in DATABASE_URL.
const dataDir = path.join(os.tmpdir(), `oirs-e2e-${process.pid}`);
// The SMTP server the e2e server runs (test/setup/e2e-server.ts) and the folder it stores mail in:
// fixed here in the environment so the server and the test workers (test/e2e/mailbox.ts) agree.
const mailSmtpPort = String(smtpPort());
const mailbox = mailboxDir();
process.env.E2E_SMTP_PORT = mailSmtpPort;
process.env.E2E_MAILBOX = mailbox;

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "es-CL",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx test/setup/e2e-server.ts",
    url: `http://localhost:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: "test",
      TRUST_PROXY: "true",
      SEED_PASSWORD: "e2e-password-2026",
      SEED_API_TOKEN: "oirs_e2e_token_0123456789abcdef",
      E2E_SMTP_PORT: mailSmtpPort,
      E2E_MAILBOX: mailbox,
      SMTP_URL: `smtp://127.0.0.1:${mailSmtpPort}`,
      OUTBOX_INTERVAL_MS: "300",
    },
  },
});
