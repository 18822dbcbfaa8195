// An embedded (PGlite) data directory has exactly one opener: PGlite itself takes no lock, and two
// processes writing the same files corrupt the database. Every opener in this app — the server,
// db:migrate, admin:create, db:backup, db:restore — takes `<data dir>.lock` (beside the directory,
// so it never ends up in a backup) and releases it on close or exit. A lock left by a process that
// no longer runs (kill -9, power loss) is taken over; one held by a live process is refused. The
// holder touches the file every HEARTBEAT_MS: a lock written on another host (a container restarted
// under a new hostname, on the same volume) whose file has not been touched for STALE_MS is stale.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type Holder = { pid: number; hostname: string; since: string; command: string; token: string };

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid?: number; hostname?: string; command?: string } | undefined,
    detail: string,
  ) {
    super(`the embedded database ${dataDir} is in use ${detail}`);
    this.name = "DataDirInUseError";
  }
}

export type DataDirLock = { path: string; release: () => void };

/** How often a holder touches its lock file, and after how long without a touch another host's lock is stale. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

const held = new Map<string, Holder & { heartbeat: NodeJS.Timeout }>();
let exitHookInstalled = false;

export function lockPath(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/[\\/]+$/, "")}.lock`;
}

/** Takes the data directory's lock or throws DataDirInUseError saying who holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = lockPath(dataDir);
  const resolved = path.resolve(dataDir);
  if (held.has(file)) {
    throw new DataDirInUseError(resolved, { pid: process.pid }, "by this process: close it first");
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: Holder = {
    pid: process.pid,
    hostname: os.hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).map((a) => path.basename(a)).join(" ").slice(0, 200),
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  const content = JSON.stringify(holder);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: "wx", mode: 0o644 });
      held.set(file, { ...holder, heartbeat: startHeartbeat(file, holder.token) });
      installExitHook();
      return { path: file, release: () => releaseLock(file, holder.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const existing = readLock(file);
    const live = liveHolder(existing, file);
    if (live) throw new DataDirInUseError(resolved, live.holder, live.detail);
    // Stale: remove it unless another process replaced it in the meantime, then try once more.
    if (readLock(file)?.raw === existing?.raw) fs.rmSync(file, { force: true });
  }
  throw new DataDirInUseError(resolved, undefined, `(another process took ${file} at the same moment)`);
}

/** Touches the lock file while this process holds it (unref'd: never keeps the process alive). */
function startHeartbeat(file: string, token: string): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (held.get(file)?.token !== token) return;
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // Removed or unreachable: the next opener decides from what it finds.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return timer;
}

function releaseLock(file: string, token: string): void {
  const entry = held.get(file);
  if (entry?.token !== token) return;
  clearInterval(entry.heartbeat);
  held.delete(file);
  // Only remove the file if it is still ours.
  if (readLock(file)?.holder?.token === token) fs.rmSync(file, { force: true });
}

function readLock(file: string): { raw: string; holder: Partial<Holder> | undefined; mtimeMs: number } | undefined {
  try {
    const raw = fs.readFileSync(file, "utf8");
    const mtimeMs = fs.statSync(file).mtimeMs;
    try {
      return { raw, holder: JSON.parse(raw) as Partial<Holder>, mtimeMs };
    } catch {
      return { raw, holder: undefined, mtimeMs };
    }
  } catch {
    return undefined;
  }
}

/** Returns who holds the lock if that holder is (or may be) alive; undefined when the lock is stale. */
function liveHolder(
  existing: ReturnType<typeof readLock>,
  file: string,
): { holder: Partial<Holder> | undefined; detail: string } | undefined {
  if (!existing) return undefined; // vanished: released meanwhile
  const holder = existing.holder;
  if (!holder || typeof holder.pid !== "number") {
    // Being written right now, or garbage left by a crash: give a writer a few seconds.
    if (Date.now() - existing.mtimeMs < 10_000) return { holder: undefined, detail: `(lock file ${file} is being written)` };
    return undefined;
  }
  const who = `by process ${holder.pid}${holder.command ? ` (${holder.command})` : ""}`;
  if (holder.hostname && holder.hostname !== os.hostname()) {
    // Its pid means nothing here: only the heartbeat tells whether that process still runs.
    if (Date.now() - existing.mtimeMs > STALE_MS) return undefined;
    return {
      holder,
      detail: `${who} on host ${holder.hostname} (lock touched ${Math.round((Date.now() - existing.mtimeMs) / 1000)} s ago); if that process is gone, wait ${STALE_MS / 1000} s or delete ${file}`,
    };
  }
  // Our own pid but not held in this process: a previous process with the same pid (containers).
  if (holder.pid === process.pid) return undefined;
  return processAlive(holder.pid) ? { holder, detail: `${who}: stop it first` } : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [file, holder] of held) releaseLock(file, holder.token);
  });
}

/**
 * Other processes with files open under `dir` (Linux /proc; elsewhere an empty list). Catches an
 * opener that took no lock, such as a server started by an older version of this app.
 */
export function processesUsingDir(dir: string): number[] {
  const prefix = path.resolve(dir) + path.sep;
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const users: number[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith(prefix)) {
        users.push(Number(pid));
        break;
      }
    }
  }
  return users;
}
