// The e2e mailbox: test/setup/e2e-server.ts runs a real SMTP server that stores every message the
// app sends as a raw `.eml` file in one folder; waitForEmail() polls that folder and parses the
// messages just enough for a test (headers, encoded words, the text/plain part in quoted-printable,
// base64 or 8bit). No dependencies beyond Node, so the server wrapper and playwright.config.ts can
// import the same path helpers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type Env = Record<string, string | undefined>;

/** The app's port in the e2e run (E2E_PORT, default 3210 as in playwright.config.ts). */
export function e2ePort(env: Env = process.env): number {
  return Number(env.E2E_PORT ?? 3210);
}

/** The SMTP server's port: E2E_SMTP_PORT, default the app's port + 1. */
export function smtpPort(env: Env = process.env): number {
  return Number(env.E2E_SMTP_PORT ?? e2ePort(env) + 1);
}

/** Where received messages are stored: E2E_MAILBOX, default `<tmp>/oirs-e2e-mailbox-<port>`. */
export function mailboxDir(env: Env = process.env): string {
  return path.resolve(env.E2E_MAILBOX ?? path.join(os.tmpdir(), `oirs-e2e-mailbox-${e2ePort(env)}`));
}

export type ReceivedEmail = { file: string; to: string; from: string; subject: string; text: string; html: string };

/**
 * Waits for a message whose To contains `to` (case-insensitive) and whose decoded Subject contains
 * `subjectIncludes`, and returns it. Fails after `timeoutMs` listing what did arrive.
 */
export async function waitForEmail(options: { to: string; subjectIncludes?: string; timeoutMs?: number }): Promise<ReceivedEmail> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const to = options.to.toLowerCase();
  for (;;) {
    const all = readMailbox();
    const match = all.find((m) => m.to.toLowerCase().includes(to) && (options.subjectIncludes === undefined || m.subject.includes(options.subjectIncludes)));
    if (match) return match;
    if (Date.now() > deadline) {
      const seen = all.map((m) => `  ${m.to} | ${m.subject}`).join("\n") || "  (none)";
      throw new Error(`No email to ${options.to}${options.subjectIncludes ? ` with subject containing "${options.subjectIncludes}"` : ""} in ${mailboxDir()} after ${options.timeoutMs ?? 15_000} ms. Received:\n${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every message in the mailbox, oldest first. */
export function readMailbox(dir = mailboxDir()): ReceivedEmail[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".eml") && !n.startsWith("."));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const file = path.join(dir, name);
    return { file, ...parseEmail(fs.readFileSync(file)) };
  });
}

// --- a minimal MIME reader ------------------------------------------------------------------------
// Strings hold raw bytes as latin1 (one char per byte) until a charset decodes them.

type Part = { headers: Map<string, string>; body: string };

export function parseEmail(raw: Buffer): Omit<ReceivedEmail, "file"> {
  const root = splitPart(raw.toString("latin1"));
  const text = findPart(root, "text/plain");
  const html = findPart(root, "text/html");
  const header = (name: string) => decodeWords(root.headers.get(name) ?? "");
  return { to: header("to"), from: header("from"), subject: header("subject"), text: text ? decodeBody(text) : "", html: html ? decodeBody(html) : "" };
}

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function findPart(part: Part, type: string): Part | undefined {
  const contentType = part.headers.get("content-type") ?? "text/plain";
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("multipart/")) {
    const boundary = param(contentType, "boundary");
    if (!boundary) return undefined;
    const pieces = part.body.split(new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    // pieces[0] is the preamble; the piece after the closing boundary is the epilogue.
    for (const piece of pieces.slice(1)) {
      if (!piece.trim()) continue;
      const found = findPart(splitPart(piece), type);
      if (found) return found;
    }
    return undefined;
  }
  const disposition = (part.headers.get("content-disposition") ?? "").toLowerCase();
  return mime === type && !disposition.startsWith("attachment") ? part : undefined;
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const charset = param(part.headers.get("content-type") ?? "", "charset") ?? "utf-8";
  let bytes: Buffer;
  if (encoding === "base64") bytes = Buffer.from(part.body.replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") bytes = qpBytes(part.body.replace(/=\r?\n/g, ""));
  else bytes = Buffer.from(part.body, "latin1");
  return new TextDecoder(charset).decode(bytes).replace(/\r\n/g, "\n");
}

function qpBytes(text: string): Buffer {
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
}

/**
 * RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). Whitespace between two of them is
 * dropped and their bytes are joined before decoding, so a character split across words survives.
 */
function decodeWords(value: string): string {
  // Outside encoded words, a header should be ASCII; read stray 8-bit bytes as UTF-8.
  const header = Buffer.from(value, "latin1").toString("utf8");
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  let out = "";
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) out += new TextDecoder(pending.charset).decode(Buffer.concat(pending.bytes));
    pending = null;
  };
  for (const match of header.matchAll(word)) {
    const between = header.slice(last, match.index);
    const charset = match[1]!.split("*")[0]!.toLowerCase();
    const bytes = match[2]!.toUpperCase() === "B" ? Buffer.from(match[3]!, "base64") : qpBytes(match[3]!.replace(/_/g, " "));
    if (!(pending && /^\s*$/.test(between) && pending.charset === charset)) {
      flush();
      out += between;
      pending = { charset, bytes: [] };
    }
    pending!.bytes.push(bytes);
    last = match.index + match[0].length;
  }
  flush();
  return out + header.slice(last);
}
