// npm run admin:create -- --email ana@servicio.cl --name "Ana Pérez" [--institution "Servicio X" --short-name "SX"]
// The password comes from OIRS_ADMIN_PASSWORD or is asked for on the terminal.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { openDatabase } from "~/db/client.server";
import { applyMigrations } from "~/db/migrate.server";
import { createFirstAdmin } from "~/domain/admin/bootstrap.server";

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      institution: { type: "string" },
      "short-name": { type: "string" },
    },
  });
  if (!values.email || !values.name) {
    console.error('Usage: npm run admin:create -- --email EMAIL --name "NAME" [--institution "NAME" --short-name "SHORT"]');
    process.exit(2);
  }
  let password = process.env.OIRS_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("Password (12+ characters): ");
    rl.close();
  }
  const database = openDatabase();
  await applyMigrations(database);
  try {
    const { institution, user } = await createFirstAdmin({
      email: values.email,
      name: values.name,
      password,
      institutionName: values.institution,
      institutionShortName: values["short-name"],
    });
    console.log(`Administrator ${user.email} created for ${institution.name}.`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
