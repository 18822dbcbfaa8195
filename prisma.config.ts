// Prisma CLI configuration: the JavaScript schema engine over a driver adapter, so no Rust
// binary is downloaded. The adapter choice is the same one the app makes at start.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./app/db/adapter.server";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: createMigrationAdapter,
});
