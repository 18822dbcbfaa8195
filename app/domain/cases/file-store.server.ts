// Attachment bytes live on disk under DATA_DIR/files (FILES_DIR overrides); the database keeps
// the metadata and a storage key. Files are written before the case's transaction and removed
// again if it fails, so a failed submission leaves nothing behind.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getEnv } from "~/utils/env.server";

export function filesDir(): string {
  const env = getEnv();
  if (env.FILES_DIR) return path.resolve(env.FILES_DIR);
  if (env.DATA_DIR.startsWith("memory://")) return path.join(os.tmpdir(), "oirs-files");
  return path.resolve(env.DATA_DIR, "files");
}

export type StoredFile = { storageKey: string; sha256: string; size: number };

export async function storeFile(bytes: Uint8Array, now = new Date()): Promise<StoredFile> {
  const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${randomUUID()}`;
  const target = path.join(filesDir(), storageKey);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.tmp`;
  await fs.writeFile(temporary, bytes, { flag: "wx" });
  await fs.rename(temporary, target);
  return { storageKey, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

export async function removeFiles(storageKeys: string[]): Promise<void> {
  await Promise.all(storageKeys.map((key) => fs.rm(path.join(filesDir(), key), { force: true })));
}

export function filePath(storageKey: string): string {
  const root = filesDir();
  const resolved = path.resolve(root, storageKey);
  if (!resolved.startsWith(root + path.sep)) throw new Error("storage key outside the files folder");
  return resolved;
}
