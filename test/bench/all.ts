// `npm run bench`: every benchmark, one after another, against one PostgreSQL started here (or
// DATABASE_URL's), then bench-results/summary.json and bench-results/summary.md.
//
//   - Builds first (`npm run build`) when build/index.js is missing: the load benchmarks serve it.
//   - Each benchmark runs as its own process (as `npm run bench:<name>` would) with DATABASE_URL set to
//     the shared server; each creates and drops its own database there. Its output goes to the
//     terminal and to bench-results/<name>.log; its last `BENCH_RESULT {json}` line (harness.ts,
//     printBenchResult) gives the figures and targets.
//   - A failing benchmark (non-zero exit, no BENCH_RESULT line, or over BENCH_TIMEOUT_MINUTES, default
//     90) does not stop the others: the summary says it failed and why (the end of its output).
//   - BENCH_ONLY=api,surveys runs a subset, in the order below. Other BENCH_* / SOAK_* variables pass
//     through to the benchmarks (e.g. SOAK_MINUTES, BENCH_CASES).
// Exit code: 1 if a benchmark failed to run; missed targets are reported, not an error.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_RESULT_PREFIX, root, startServer, withClient, type BenchResult } from "./harness";

const BENCHES = [
  { name: "api", script: "test/bench/api-cases.bench.ts" },
  { name: "surveys", script: "test/bench/survey-responses.bench.ts" },
  { name: "kiosk", script: "test/bench/kiosk.bench.ts" },
  { name: "inbox", script: "test/bench/inbox.bench.ts" },
  { name: "survey-results", script: "test/bench/survey-results.bench.ts" },
  { name: "committee", script: "test/bench/committee.bench.ts" },
  { name: "soak", script: "test/bench/soak.bench.ts" },
] as const;

const OUT_DIR = path.join(root, "bench-results");
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 90) * 60_000;

type Run = {
  name: string;
  command: string;
  status: "ok" | "failed";
  /** Why it failed (exit code, timeout, missing result line) and the end of its output. */
  reason?: string;
  exitCode: number | null;
  seconds: number;
  loadAverage: { start: number; end: number };
  log: string;
  result?: BenchResult;
};

/** The machine and the run as a whole (summary.json's `machine`). */
type Machine = {
  date: string;
  started: string;
  finished: string;
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  postgres: string;
  loadAverage: { start: number[]; end: number[] };
  benchOnly: string | null;
};

type Summary = { machine: Machine; runs: Run[] };

const load1 = () => Number(os.loadavg()[0]!.toFixed(2));

function selected(): Array<(typeof BENCHES)[number]> {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  if (!only?.length) return [...BENCHES];
  const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown benchmark(s) ${unknown.join(", ")} (known: ${BENCHES.map((b) => b.name).join(", ")})`);
  return BENCHES.filter((b) => only.includes(b.name));
}

let current: ReturnType<typeof spawn> | undefined;

/** Kills a benchmark and everything it started (its own process group). */
function killGroup(child: ReturnType<typeof spawn>, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function runOne(bench: (typeof BENCHES)[number], env: NodeJS.ProcessEnv): Promise<Run> {
  const logPath = path.join(OUT_DIR, `${bench.name}.log`);
  const log = fs.createWriteStream(logPath);
  const started = Date.now();
  const loadStart = load1();
  const command = `node --import tsx ${bench.script}`;
  console.log(`\n=== bench:${bench.name} (${command}) — load average ${loadStart} ===`);
  return new Promise((resolve) => {
    // Its own process group, so a timeout or Ctrl-C also stops the servers and browsers it started.
    const child = spawn(process.execPath, ["--import", "tsx", bench.script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    current = child;
    let output = "";
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      to.write(chunk);
      log.write(chunk);
      output += chunk.toString("utf8");
      // Only the end matters for parsing and for the reason of a failure; keep memory bounded.
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
    };
    child.stdout!.on("data", (c: Buffer) => keep(c, process.stdout));
    child.stderr!.on("data", (c: Buffer) => keep(c, process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`[bench] bench:${bench.name} ran over ${TIMEOUT_MS / 60_000} min: stopping it`);
      killGroup(child, "SIGTERM");
      setTimeout(() => killGroup(child, "SIGKILL"), 20_000).unref();
    }, TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      log.end();
      const lines = output.split("\n");
      const resultLine = [...lines].reverse().find((l) => l.startsWith(BENCH_RESULT_PREFIX));
      let result: BenchResult | undefined;
      let parseError: string | undefined;
      if (resultLine) {
        try {
          result = JSON.parse(resultLine.slice(BENCH_RESULT_PREFIX.length)) as BenchResult;
        } catch (error) {
          parseError = `unreadable BENCH_RESULT line (${error instanceof Error ? error.message : error})`;
        }
      }
      const tail = lines
        .filter((l) => l.trim() && !l.startsWith(BENCH_RESULT_PREFIX))
        .slice(-8)
        .join("\n");
      const why = timedOut
        ? `timed out after ${TIMEOUT_MS / 60_000} min`
        : code !== 0
          ? `exit ${code ?? signal}`
          : !resultLine
            ? "no BENCH_RESULT line in its output"
            : parseError;
      resolve({
        name: bench.name,
        command,
        status: why ? "failed" : "ok",
        reason: why ? `${why}; last output:\n${tail}` : undefined,
        exitCode: code,
        seconds: Math.round((Date.now() - started) / 1000),
        loadAverage: { start: loadStart, end: load1() },
        log: path.relative(root, logPath),
        result,
      });
    });
  });
}

const cell = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("en", { maximumFractionDigits: 3 }) : String(v).replace(/\|/g, "\\|").replace(/\n/g, " "));

function markdown(summary: Summary): string {
  const m = summary.machine;
  const out = [
    "# Benchmarks (`npm run bench`)",
    "",
    `${m.date} · ${m.cores} × ${m.cpu}, ${m.ramGb} GB RAM, Node ${m.node}, PostgreSQL ${m.postgres} (local throwaway cluster, fsync off)`,
    `Started ${m.started}, finished ${m.finished}. Load average (1/5/15 min) at start ${m.loadAverage.start.join(" / ")}, at end ${m.loadAverage.end.join(" / ")}.`,
    "",
    "| benchmark | status | time | load avg start → end | targets met | measure | value | target | ratio | met |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of summary.runs) {
    const targets = r.result?.targets ?? [];
    const met = targets.filter((t) => t.met).length;
    const head = `| ${r.name} | ${r.status === "ok" ? "ran" : "**FAILED**"} | ${Math.round(r.seconds / 60)} min | ${r.loadAverage.start} → ${r.loadAverage.end} | ${targets.length ? `${met}/${targets.length}` : "—"}`;
    if (!targets.length) out.push(`${head} | — | — | — | — | — |`);
    targets.forEach((t, i) => {
      const prefix = i === 0 ? head : "| | | | |";
      out.push(`${prefix} | ${cell(t.label)} | ${`${cell(t.value)} ${t.unit}`.trim()} | ${`${t.better === "lower" ? "≤" : "≥"} ${cell(t.target)} ${t.unit}`.trim()} | ${cell(t.ratio)} | ${t.met ? "met" : "**MISSED**"} |`);
    });
  }
  for (const r of summary.runs) {
    out.push("", `## ${r.name}`, "", `\`${r.command}\` — ${r.status === "ok" ? "ran" : "**failed**"} in ${r.seconds} s; output in \`${r.log}\`.`);
    if (r.reason) out.push("", "```", r.reason, "```");
    const figures = r.result?.figures ?? [];
    if (figures.length) {
      const columns = [...new Set(figures.flatMap((f) => Object.keys(f)))];
      out.push("", `| ${columns.join(" | ")} |`, `|${"---|".repeat(columns.length)}`, ...figures.map((f) => `| ${columns.map((c) => cell(f[c])).join(" | ")} |`));
    }
    for (const note of r.result?.notes ?? []) out.push("", `- ${note}`);
  }
  return out.join("\n") + "\n";
}

async function main() {
  const benches = selected();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    console.log("[bench] build/index.js is missing: npm run build");
    const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status ?? built.signal})`);
  }
  const started = new Date();
  const loadStart = os.loadavg().map((n) => Number(n.toFixed(2)));
  const { serverUrl, stopServer } = await startServer();
  let stopped = false;
  const cleanUp = () => {
    if (stopped) return;
    stopped = true;
    stopServer();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      console.error(`[bench] ${signal}: stopping`);
      if (current) killGroup(current, "SIGTERM");
      setTimeout(() => {
        if (current) killGroup(current, "SIGKILL");
        cleanUp();
        process.exit(130);
      }, 5_000);
    });
  }
  const runs: Run[] = [];
  try {
    const postgres = await withClient(serverUrl, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
    for (const bench of benches) {
      runs.push(await runOne(bench, { ...process.env, DATABASE_URL: serverUrl }));
      const last = runs[runs.length - 1]!;
      console.log(`=== bench:${last.name}: ${last.status === "ok" ? "ran" : `FAILED (${last.reason?.split("\n")[0]})`} in ${last.seconds} s ===`);
    }
    const cpus = os.cpus();
    const summary: Summary = {
      machine: {
        date: started.toISOString().slice(0, 10),
        started: started.toISOString(),
        finished: new Date().toISOString(),
        cpu: cpus[0]?.model.trim() ?? "unknown",
        cores: cpus.length,
        ramGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres,
        loadAverage: { start: loadStart, end: os.loadavg().map((n) => Number(n.toFixed(2))) },
        benchOnly: process.env.BENCH_ONLY ?? null,
      },
      runs,
    };
    fs.writeFileSync(path.join(OUT_DIR, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    const md = markdown(summary);
    fs.writeFileSync(path.join(OUT_DIR, "summary.md"), md);
    console.log(`\n${md.split("\n## ")[0]}`);
    console.log(`[bench] wrote ${path.relative(root, OUT_DIR)}/summary.json and summary.md`);
  } finally {
    cleanUp();
  }
  if (runs.some((r) => r.status === "failed")) process.exit(1);
}

main().catch((error) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
