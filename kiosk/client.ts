// Talking to the server from the totem: a rating or a request is sent at once when the server
// answers; when it does not (network down, timeout, 5xx) or asks to wait (429), the item goes to
// the encrypted offline queue with the Idempotency-Key it was first sent with, and the person sees
// the same thanks. The queue drains by itself, oldest first: one item at a time, waiting out
// Retry-After (ratings are limited to one every 5 s per kiosk) and backing off on errors, so a
// sync cut half-way resumes where it stopped and a replayed item is answered from the server's
// idempotency record — never stored twice. A revoked credential stops everything (401).
import type { KioskConfig } from "../app/domain/kiosk/totem";
import { enqueue, newKey, queuedItems, queueLength, remove, type QueueItem } from "./queue";

export const RATING_URL = "/api/v1/survey-responses";
export const REQUEST_URL = "/kiosco/solicitud";
export const HEARTBEAT_URL = "/kiosco/pulso";
export const COUNTER_CODE_URL = "/kiosco/codigo";
/** A live attempt waits this long before the item is queued instead. */
const LIVE_TIMEOUT_MS = 4000;
const HEARTBEAT_MS = 30_000;
const BACKOFF_MIN_MS = 3000;
const BACKOFF_MAX_MS = 60_000;

type Answer = { status: number; retryAfterMs: number; body: unknown };

async function post(url: string, credential: string, body: unknown, key: string | null, timeoutMs = LIVE_TIMEOUT_MS): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { "Content-Type": "application/json", Authorization: `Bearer ${credential}` };
    if (key) headers["Idempotency-Key"] = key;
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: controller.signal, credentials: "omit", cache: "no-store" });
    const retryAfter = Number(res.headers.get("Retry-After"));
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    return { status: res.status, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0, body: parsed };
  } catch {
    return { status: 0, retryAfterMs: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether an answer means "try again later" (queue it / keep it queued). */
function isTransient(a: Answer): boolean {
  return a.status === 0 || a.status === 429 || a.status === 408 || a.status >= 500;
}

/**
 * A rating with a counter code that the server refused because of the code (unknown, expired, or
 * already answered): the rating is kept, sent again without the code (anonymous).
 */
function codeRefused(item: QueueItem, a: Answer): boolean {
  if (item.type !== "rating" || typeof item.body.counterCode !== "string") return false;
  return a.status === 404 || a.status === 410 || (a.status === 409 && (a.body as { error?: string } | null)?.error === "already_answered");
}

function withoutCode(item: QueueItem): QueueItem {
  if (item.type !== "rating") return item;
  const { counterCode: _code, ...body } = item.body;
  return { ...item, body };
}

/** What the server said about a counter code the person typed. */
export type CodeCheck =
  | { kind: "ok"; code: string; expiresAt: string }
  | { kind: "offline" }
  | { kind: "refused" }
  | { kind: "error"; reason: "format" | "notFound" | "used" | "expired" | "rateLimited" | "server" };

function urlOf(item: QueueItem): string {
  return item.type === "rating" ? RATING_URL : REQUEST_URL;
}

export type SendOutcome =
  | { kind: "sent"; body: unknown }
  | { kind: "queued"; key: string }
  | { kind: "refused" }
  | { kind: "invalid"; body: unknown };

export type KioskClientEvents = {
  onRefused: () => void;
  onQueueLength: (n: number) => void;
  onConfig: (config: KioskConfig) => void;
};

export class KioskClient {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private again = false;
  private backoffMs = 0;
  private stopped = false;

  constructor(
    private readonly credential: string,
    private readonly events: KioskClientEvents,
  ) {}

  start() {
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    void this.heartbeat();
    this.kick();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.timer) clearTimeout(this.timer);
  }

  private onOnline = () => {
    this.backoffMs = 0;
    this.kick();
  };

  /** Sends one rating or request now, or queues it; the person sees thanks either way. */
  async send(type: QueueItem["type"], body: QueuedBody, queuedBody: QueuedBody = body): Promise<SendOutcome> {
    const key = newKey();
    // The body to keep if it has to wait (a request's provisional number goes only there). If the
    // live attempt did reach the server after all (a timeout after commit), the queued copy is
    // refused as an idempotency conflict (409) and dropped: the case exists once, never twice.
    const item = { type, key, capturedAt: new Date().toISOString(), body: queuedBody } as QueueItem;
    // Keep the order: while older items wait, a new one waits behind them.
    if ((await queueLength()) > 0) return this.queue(item);
    const answer = await post(urlOf(item), this.credential, body, key);
    if (isTransient(answer)) return this.queue(item, answer.retryAfterMs);
    if (answer.status === 401) {
      this.events.onRefused();
      return { kind: "refused" };
    }
    if (answer.status >= 200 && answer.status < 300) return { kind: "sent", body: answer.body };
    return { kind: "invalid", body: answer.body };
  }

  private async queue(item: QueueItem, delayMs = 0): Promise<SendOutcome> {
    await enqueue(item);
    this.events.onQueueLength(await queueLength());
    this.kick(delayMs);
    return { kind: "queued", key: item.key };
  }

  /** Runs a sync after `delayMs` (the earliest request wins). */
  kick(delayMs = 0) {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, delayMs);
  }

  private async sync() {
    if (this.running || this.stopped) return;
    this.running = true;
    let next: number | null = null;
    try {
      const run = () => this.drain();
      const locks = (navigator as Navigator & { locks?: { request: (name: string, opts: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<number | null>) => Promise<number | null> } }).locks;
      // One tab syncs at a time (a second kiosk tab on the same device waits its turn).
      next = locks ? await locks.request("oirs-kiosk-sync", { ifAvailable: true }, async (lock) => (lock ? run() : 2000)) : await run();
    } finally {
      this.running = false;
    }
    this.events.onQueueLength(await queueLength());
    if (this.again) {
      this.again = false;
      this.kick(next ?? 0);
    } else if (next !== null) this.kick(next);
  }

  /** Sends queued items oldest first; returns when to try again (ms), or null when the queue is empty or the device is refused. */
  private async drain(): Promise<number | null> {
    const items = await queuedItems();
    for (const { id, item } of items) {
      if (this.stopped) return null;
      let answer = await post(urlOf(item), this.credential, item.body, item.key);
      // Its counter code expired or was used while it waited: the rating still counts, anonymously.
      // (If this second try must wait, the item stays as it was and the same happens next time.)
      if (codeRefused(item, answer)) answer = await post(urlOf(item), this.credential, withoutCode(item).body, item.key);
      if (answer.status === 401) {
        this.events.onRefused();
        return null;
      }
      if (answer.status === 429) return Math.max(answer.retryAfterMs, 1000);
      if (isTransient(answer)) {
        this.backoffMs = Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, this.backoffMs * 2));
        return this.backoffMs;
      }
      // Recorded (201), already recorded (200, a replay), or refused for good (409, 422): done with it.
      this.backoffMs = 0;
      await remove(id);
      this.events.onQueueLength(await queueLength());
    }
    return null;
  }

  /**
   * Checks a "rate this attention" counter code. Needs the server: with no answer the caller tells
   * the person plainly and offers to rate without the code (never queued).
   */
  async checkCounterCode(code: string): Promise<CodeCheck> {
    if (typeof navigator !== "undefined" && navigator.onLine === false) return { kind: "offline" };
    const answer = await post(COUNTER_CODE_URL, this.credential, { code }, null);
    if (answer.status === 0) return { kind: "offline" };
    if (answer.status === 401) {
      this.events.onRefused();
      return { kind: "refused" };
    }
    if (answer.status === 200) {
      const body = answer.body as { code?: string; expiresAt?: string } | null;
      return { kind: "ok", code: body?.code ?? code, expiresAt: body?.expiresAt ?? "" };
    }
    const reason = ({ 422: "format", 404: "notFound", 409: "used", 410: "expired", 429: "rateLimited" } as const)[answer.status as 422 | 404 | 409 | 410 | 429];
    return { kind: "error", reason: reason ?? "server" };
  }

  /** Reports the queue length (last contact); picks up changed settings; learns of a revocation. */
  async heartbeat() {
    if (this.stopped) return;
    const answer = await post(HEARTBEAT_URL, this.credential, { queued: await queueLength() }, null, 10_000);
    if (answer.status === 401) this.events.onRefused();
    else if (answer.status === 200) {
      const config = (answer.body as { config?: KioskConfig } | null)?.config;
      if (config) this.events.onConfig(config);
      // Reachable again: sync now unless a sync is running or waiting out a Retry-After.
      if (!this.timer && !this.running) this.kick();
    }
  }
}

export type QueuedBody = Record<string, unknown> & { answers?: Record<string, unknown>; locale: string; counterCode?: string };
