// Applies committed migrations with `prisma migrate deploy` at start-up, using the same adapter
// choice as the app (prisma.config.ts). It runs in a child process before the app opens the
// database, because an embedded PGlite data directory has a single opener.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function migrateDeploy(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cli = require.resolve("prisma/build/index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) {
        const applied = output.match(/following migration\(s\) have been applied[\s\S]*?(?=\n\n|$)/);
        console.log(applied ? `[db] ${applied[0].trim()}` : "[db] migrations up to date");
        resolve();
      } else {
        reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
      }
    });
  });
}
