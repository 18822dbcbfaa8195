// The embedded database's one-opener lock (app/db/data-dir-lock.server.ts): who may take it, and
// when a lock left behind is stale.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DataDirInUseError, HEARTBEAT_MS, lockDataDir, lockPath, processesUsingDir, STALE_MS } from "~/db/data-dir-lock.server";

let root: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "oirs-lock-test-"));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function dataDir(name: string): string {
  return path.join(root, name, "db");
}

function writeLock(dir: string, holder: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.writeFileSync(lockPath(dir), JSON.stringify(holder));
}

function sleeper(stdout: "ignore" | number = "ignore"): ChildProcess {
  const child = spawn("sleep", ["30"], { stdio: ["ignore", stdout, "ignore"] });
  children.push(child);
  return child;
}

describe("data directory lock", () => {
  it("is taken beside the directory and released on request", () => {
    const dir = dataDir("plain");
    const lock = lockDataDir(dir);
    expect(lock.path).toBe(`${dir}.lock`);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
    lockDataDir(dir).release();
  });

  it("refuses a second opener in the same process", () => {
    const dir = dataDir("twice");
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    lock.release();
  });

  it("refuses while another live process holds it, naming that process", async () => {
    const dir = dataDir("live");
    const child = sleeper();
    writeLock(dir, { pid: child.pid, hostname: os.hostname(), command: "main.ts", token: "t" });
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${child.pid} (main.ts): stop it first`);
    expect(fs.existsSync(lockPath(dir))).toBe(true); // left alone
  });

  it("takes over a lock whose process is gone", async () => {
    const dir = dataDir("stale");
    const child = spawn("true");
    await new Promise((resolve) => child.on("exit", resolve));
    writeLock(dir, { pid: child.pid, hostname: os.hostname(), token: "old" });
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("refuses a fresh lock from another host, and takes over one not touched for STALE_MS (a container restarted under a new hostname)", () => {
    const dir = dataDir("host");
    writeLock(dir, { pid: 1, hostname: "some-other-host", token: "t" });
    expect(() => lockDataDir(dir)).toThrow(/on host some-other-host \(lock touched 0 s ago\); if that process is gone, wait 60 s or delete/);
    const old = new Date(Date.now() - STALE_MS - 1000);
    fs.utimesSync(lockPath(dir), old, old);
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    lock.release();
  });

  it("keeps its own lock file touched while held (the heartbeat another host reads)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    try {
      const dir = dataDir("heartbeat");
      const lock = lockDataDir(dir);
      const old = new Date(Date.now() - 5 * 60_000);
      fs.utimesSync(lock.path, old, old);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(Date.now() - fs.statSync(lock.path).mtimeMs).toBeLessThan(HEARTBEAT_MS);
      lock.release();
      expect(fs.existsSync(lock.path)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("waits for a lock file being written, and takes over an old unreadable one", () => {
    const dir = dataDir("garbage");
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPath(dir), "");
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath(dir), old, old);
    lockDataDir(dir).release();
  });

  it.skipIf(!fs.existsSync("/proc/self/fd"))("finds other processes with files open in the directory (Linux)", () => {
    const dir = dataDir("open-files");
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(path.join(dir, "PG_VERSION"), "w");
    const child = sleeper(fd);
    fs.closeSync(fd);
    expect(processesUsingDir(dir)).toEqual([child.pid]);
    expect(processesUsingDir(dataDir("plain"))).toEqual([]);
  });
});
