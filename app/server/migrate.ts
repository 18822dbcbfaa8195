// npm run db:migrate — applies pending migrations to the embedded database or to DATABASE_URL.
import { openDatabase } from "~/db/client.server";
import { applyMigrations } from "~/db/migrate.server";

const database = openDatabase();
applyMigrations(database)
  .then(() => database.close())
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await database.close();
    process.exit(1);
  });
