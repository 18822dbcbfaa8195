import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    globals: true,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", globals: true, include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          globals: true,
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          setupFiles: ["test/setup/integration.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database; runs after the unit tests.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
