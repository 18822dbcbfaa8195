// The app's database for the load benchmarks that run the real server (api, surveys, soak):
// migrated and seeded as a fresh deployment with the demo data, and survey invitations made in bulk.
import { openDatabase } from "~/db/client.server";
import { migrateDeploy } from "~/db/migrate.server";
import { seedDemo } from "../../prisma/seed";
import { withClient } from "./harness";

/** Applies the migrations to `appUrl` and seeds the demo (production never seeds); returns the institution's id. */
export async function seedAppDatabase(appUrl: string, seed: Parameters<typeof seedDemo>[1]): Promise<string> {
  await migrateDeploy({ ...process.env, DATABASE_URL: appUrl });
  const database = openDatabase({ kind: "postgres", url: appUrl });
  try {
    await seedDemo(database.prisma, seed);
    const institution = await database.prisma.institution.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { id: true } });
    return institution.id;
  } finally {
    await database.close();
  }
}

/**
 * `count` open web invitations to the default survey, for the first office; the token of the n-th
 * (1-based) is `${tokenPrefix}${n}` (only its hash is stored, as the app does).
 */
export async function createSurveyInvitations(appUrl: string, count: number, tokenPrefix: string): Promise<void> {
  await withClient(appUrl, async (c) => {
    await c.query(
      `INSERT INTO "SurveyInvitation" ("id", "institutionId", "tokenHash", "templateId", "channel", "caseKind", "officeId", "sentAt", "expiresAt")
       SELECT gen_random_uuid(), t."institutionId", encode(sha256(convert_to($1::text || g, 'UTF8')), 'hex'), t."id", 'WEB', 'RECLAMO', o."id", now(), now() + interval '30 days'
         FROM generate_series(1, $2::int) g
         CROSS JOIN (SELECT "id", "institutionId" FROM "SurveyTemplate" WHERE "isDefault" LIMIT 1) t
         CROSS JOIN (SELECT "id" FROM "Office" ORDER BY "code" LIMIT 1) o`,
      [tokenPrefix, count],
    );
    await c.query(`ANALYZE "SurveyInvitation"`);
  });
}
