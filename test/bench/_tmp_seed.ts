import pg from "pg";
import { openDatabase } from "~/db/client.server";
import { migrationSql } from "../setup/test-database";
import { seedDemo } from "../../prisma/seed";
import { benchDimensionsSql, secondTemplateSql, responsesSql, invitationsSql } from "./survey-results-data";
const server = "postgresql://postgres@127.0.0.1:55471/postgres";
const name = "results5m";
const url = "postgresql://postgres@127.0.0.1:55471/" + name;
async function main() {
  const a = new pg.Client({ connectionString: server }); await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${name}`); await a.query(`CREATE DATABASE ${name}`); await a.end();
  const database = openDatabase({ kind: "postgres", url });
  for (const sql of migrationSql()) await database.exec(sql);
  const s = await seedDemo(database.prisma, { password: "bench-password-2026" });
  const c = new pg.Client({ connectionString: url }); await c.connect();
  await c.query("SET session_replication_role = replica");
  await c.query(benchDimensionsSql(s.institutionId));
  await c.query(secondTemplateSql(s.institutionId));
  const N = Number(process.env.N ?? 5_000_000);
  let t = Date.now();
  for (let from = 1; from <= N; from += 250_000) { await c.query(responsesSql(s.institutionId, from, Math.min(N, from + 249_999), 4)); process.stdout.write("."); }
  console.log("responses", (Date.now() - t) / 1000);
  t = Date.now();
  for (let from = 1; from <= N / 2; from += 250_000) { await c.query(invitationsSql(s.institutionId, from, Math.min(N / 2, from + 249_999), 4)); process.stdout.write("."); }
  console.log("invitations", (Date.now() - t) / 1000);
  await c.query("VACUUM ANALYZE");
  await c.end(); await database.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
