// The kiosk's offline queue: ratings and requests that could not reach the server, kept in
// IndexedDB in the order they were made, each encrypted at rest with AES-GCM under a key that
// WebCrypto generated as non-extractable (the key object is stored in IndexedDB; its bytes can
// never be read by script, exported or copied off the tablet). Each item carries its
// Idempotency-Key from the moment it was made, so sending it again never creates a duplicate.
// Survives reloads and restarts; only the idle reset's "everything else" is cleared, never this.

export type QueuedRating = { type: "rating"; key: string; capturedAt: string; body: { answers: Record<string, unknown>; locale: string; counterCode?: string } };
export type QueuedRequest = { type: "request"; key: string; capturedAt: string; body: Record<string, unknown> };
export type QueueItem = QueuedRating | QueuedRequest;
export type StoredItem = { id: number; item: QueueItem };

const DB_NAME = "oirs-kiosk";
const DB_VERSION = 1;
const KEYS = "keys";
const QUEUE = "queue";
const KEY_ID = "queue-key";

type Row = { id?: number; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };

let dbPromise: Promise<IDBDatabase> | null = null;
let keyPromise: Promise<CryptoKey> | null = null;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: "id", autoIncrement: true });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).catch((error: unknown) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

async function store(name: string, mode: IDBTransactionMode) {
  const db = await openDb();
  return db.transaction(name, mode).objectStore(name);
}

/** The queue's key: created once per device, non-extractable. */
function queueKey(): Promise<CryptoKey> {
  keyPromise ??= (async () => {
    const existing = (await request((await store(KEYS, "readonly")).get(KEY_ID))) as CryptoKey | undefined;
    if (existing) return existing;
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    const keys = await store(KEYS, "readwrite");
    // add(): if another tab won the race, use its key.
    try {
      await request(keys.add(key, KEY_ID));
      return key;
    } catch {
      return (await request((await store(KEYS, "readonly")).get(KEY_ID))) as CryptoKey;
    }
  })().catch((error: unknown) => {
    keyPromise = null;
    throw error;
  });
  return keyPromise;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function enqueue(item: QueueItem): Promise<void> {
  const key = await queueKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, encoder.encode(JSON.stringify(item)));
  const row: Row = { iv, data };
  await request((await store(QUEUE, "readwrite")).add(row));
}

/** Every queued item, oldest first. An item that cannot be decrypted (its key lost) is dropped. */
export async function queuedItems(): Promise<StoredItem[]> {
  const rows = (await request((await store(QUEUE, "readonly")).getAll())) as Array<Required<Row>>;
  if (rows.length === 0) return [];
  const key = await queueKey();
  const items: StoredItem[] = [];
  for (const row of rows.sort((a, b) => a.id - b.id)) {
    try {
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: row.iv }, key, row.data);
      items.push({ id: row.id, item: JSON.parse(decoder.decode(plain)) as QueueItem });
    } catch {
      await remove(row.id);
    }
  }
  return items;
}

export async function remove(id: number): Promise<void> {
  await request((await store(QUEUE, "readwrite")).delete(id));
}

export async function queueLength(): Promise<number> {
  try {
    return await request((await store(QUEUE, "readonly")).count());
  } catch {
    return 0;
  }
}

/** A random Idempotency-Key (UUID v4 where available). */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
