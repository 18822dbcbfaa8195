// Every integration test file runs against its own fresh database (see test-database.ts).
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase } from "./test-database";

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});
