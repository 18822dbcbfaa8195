// The one way the app sends email. With SMTP_URL it talks to that server (one connection per message,
// short timeouts so an outage fails fast and the outbox retries later). Without it (the embedded
// default) every message is written as an RFC 822 `.eml` file that a person can open in a mail client.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { getEnv } from "~/utils/env.server";

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
};

export type Mailer = {
  /** Where messages go, for logs: "smtp://host:port" (no credentials) or the `.eml` folder. */
  readonly target: string;
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
};

export type MailerOptions = { smtpUrl?: string; mailDir?: string; from?: string };

const DEFAULT_FROM = "OIRS <no-reply@oirs.example>";

/** Every message we send is machine-generated (RFC 3834): auto-responders must not answer it. */
const BASE_HEADERS = { "Auto-Submitted": "auto-generated" };

export function createMailer(options: MailerOptions = {}): Mailer {
  const from = options.from ?? DEFAULT_FROM;
  if (options.smtpUrl) return createSmtpMailer(options.smtpUrl, from);
  return createFileMailer(options.mailDir ?? defaultMailDir(), from);
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // The transport class directly (not createTransport(url)) so that our timeouts are kept and a
  // `?pool=true` in the URL cannot turn pooling on; other URL options (tls.*, auth) still apply.
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: smtpUrl,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 20_000,
      dnsTimeout: 5_000,
    }),
  );
  return {
    target: redactUrl(smtpUrl),
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { ...BASE_HEADERS, ...message.headers },
        attachments: message.attachments,
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

function createFileMailer(mailDir: string, from: string): Mailer {
  const dir = path.resolve(mailDir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  let ready: Promise<unknown> | undefined;
  return {
    target: dir,
    async send(message) {
      ready ??= fs.mkdir(dir, { recursive: true }).catch((error) => {
        ready = undefined;
        throw error;
      });
      await ready;
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { ...BASE_HEADERS, ...message.headers },
        attachments: message.attachments,
      });
      const bytes = info.message as Buffer; // buffer: true
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeFileName(info.messageId)}.eml`;
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const tmp = path.join(dir, `.${name}.${randomUUID()}.tmp`);
      try {
        await fs.writeFile(tmp, bytes, { mode: 0o600 });
        await fs.rename(tmp, path.join(dir, name));
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/** MAIL_DIR, else `<DATA_DIR>/mail`; with an in-memory DATA_DIR (tests, e2e) a folder under the OS temp dir. */
export function defaultMailDir(env: { MAIL_DIR?: string; DATA_DIR: string } = getEnv()): string {
  if (env.MAIL_DIR) return path.resolve(env.MAIL_DIR);
  if (env.DATA_DIR === "memory://") return path.join(os.tmpdir(), "oirs-mail");
  return path.resolve(env.DATA_DIR, "mail");
}

function safeFileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120) || randomUUID();
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "smtp";
  }
}

const KEY = Symbol.for("oirs.mailer");
type GlobalWithMailer = typeof globalThis & { [KEY]?: Mailer };

/** The process-wide mailer, created from the environment on first use. */
export function getMailer(): Mailer {
  const g = globalThis as GlobalWithMailer;
  if (!g[KEY]) {
    const env = getEnv();
    g[KEY] = createMailer({ smtpUrl: env.SMTP_URL, mailDir: defaultMailDir(env), from: env.MAIL_FROM });
  }
  return g[KEY];
}

/** Closes the process-wide mailer if it was ever created (server shutdown). */
export function closeMailer(): void {
  const g = globalThis as GlobalWithMailer;
  g[KEY]?.close();
  delete g[KEY];
}
