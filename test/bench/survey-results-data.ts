// Bulk data for the satisfaction-results benchmark (test/bench/survey-results.bench.ts), generated in
// SQL with generate_series and spread like a real institution's: several years, offices, channels,
// trámites and officials; scores skewed positive; ~20 % with a comment. Invitations are emailed after
// cases (~37 % answered: each answered one has its response, with the invitation's dimensions);
// the other responses come from posters and kiosks. Rows are inserted in time order, as responses
// that arrive one by one lie in the table. Not imported by the app.
import { performance } from "node:perf_hooks";
import { withClient } from "./harness";

/** Extra offices and officials, so groups have a realistic spread: 4 more offices, 5 officials per area. */
export function benchDimensionsSql(institutionId: string): string {
  return `
    INSERT INTO "Office" ("id", "institutionId", "code", "name", "address", "commune", "region", "updatedAt")
    SELECT gen_random_uuid(), '${institutionId}', 'BENCH' || n, 'Oficina de prueba ' || n, 'Calle ' || n, 'La Serena', 'CL-CO', now()
      FROM generate_series(1, 4) n
    ON CONFLICT DO NOTHING;
    INSERT INTO "User" ("id", "institutionId", "email", "name", "passwordHash", "role", "areaId", "updatedAt")
    SELECT gen_random_uuid(), '${institutionId}', 'bench-results-' || a."code" || '-' || n || '@oirs.example', 'Funcionario/a ' || a."code" || ' ' || n,
           'x', 'AREA_OFFICIAL'::"Role", a."id", now()
      FROM "Area" a CROSS JOIN generate_series(1, 5) n
     WHERE a."institutionId" = '${institutionId}'
    ON CONFLICT DO NOTHING;`;
}

/** Template version 2 (from 400 days ago): the demo's questions plus a single-choice one. */
export function secondTemplateSql(institutionId: string): string {
  return `
    INSERT INTO "SurveyTemplate" ("id", "institutionId", "key", "version", "title", "questions", "isDefault", "active", "createdAt")
    SELECT gen_random_uuid(), t."institutionId", t."key", 2, t."title",
           t."questions" || jsonb_build_array(jsonb_build_object(
             'key', 'contact', 'type', 'single', 'required', false,
             'label', jsonb_build_object('es', '¿Cómo nos contactó?', 'en', 'How did you contact us?'),
             'options', jsonb_build_array(
               jsonb_build_object('value', 'web', 'label', jsonb_build_object('es', 'Sitio web', 'en', 'Website')),
               jsonb_build_object('value', 'phone', 'label', jsonb_build_object('es', 'Teléfono', 'en', 'Phone')),
               jsonb_build_object('value', 'office', 'label', jsonb_build_object('es', 'Oficina', 'en', 'Office'))))),
           true, true, now() - interval '400 days'
      FROM "SurveyTemplate" t
     WHERE t."institutionId" = '${institutionId}' AND t."key" = 'default' AND t."version" = 1
    ON CONFLICT DO NOTHING;
    UPDATE "SurveyTemplate" SET "isDefault" = false, "active" = false WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 1;`;
}

const COMMENT_WORDS = [
  "excelente", "atención", "rápida", "amable", "demora", "espera", "largo", "funcionaria", "clara", "información",
  "gracias", "mejorar", "horario", "oficina", "teléfono", "respuesta", "trámite", "colegio", "bus", "certificado",
];
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")}]`;

function refSql(institutionId: string): string {
  return `
      SELECT (SELECT array_agg("id" ORDER BY "code") FROM "Office" WHERE "institutionId" = '${institutionId}') AS offices,
             (SELECT array_agg("id" ORDER BY "code") FROM "Tramite" WHERE "institutionId" = '${institutionId}') AS tramites,
             (SELECT array_agg(u."id" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS officials,
             (SELECT array_agg(u."areaId" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS official_areas,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 1) AS v1,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 2) AS v2,
             ${sqlArray(COMMENT_WORDS)} AS words`;
}

/** A 1–7 score from r in [0, 1): skewed positive (ISU ≈ 60 %). */
const SCORE = (r: string) =>
  `(CASE WHEN ${r} < 0.05 THEN 1 WHEN ${r} < 0.09 THEN 2 WHEN ${r} < 0.15 THEN 3 WHEN ${r} < 0.25 THEN 4 WHEN ${r} < 0.40 THEN 5 WHEN ${r} < 0.65 THEN 6 ELSE 7 END)`;

/** answers, comment and locale columns for a row `x` with score, created, r_q1..r_q3, r_comment, words. */
const ANSWERS_AND_COMMENT = `
           jsonb_strip_nulls(jsonb_build_object(
             'overall', x.score,
             'resolved', CASE WHEN x.r_q1 < 0.80 THEN CASE WHEN x.score >= 6 THEN 'yes' WHEN x.score >= 4 THEN 'partly' ELSE 'no' END END,
             'effort', CASE WHEN x.r_q2 < 0.60 THEN least(7, greatest(1, x.score + floor(x.r_q1 * 3)::int - 1)) END,
             'time', CASE WHEN x.r_q3 < 0.60 THEN least(7, greatest(1, x.score + floor(x.r_q2 * 3)::int - 1)) END,
             'treatment', CASE WHEN x.r_q1 > 0.35 THEN least(7, greatest(1, x.score + floor(x.r_q3 * 2)::int)) END,
             'clarity', CASE WHEN x.r_q2 > 0.40 THEN least(7, greatest(1, x.score + floor(x.r_q1 * 3)::int - 1)) END,
             'contact', CASE WHEN x.created >= now() - interval '400 days' AND x.r_q3 < 0.70 THEN (ARRAY['web', 'phone', 'office'])[1 + floor(x.r_q3 / 0.70 * 3)::int] END,
             'comment', CASE WHEN x.r_comment < 0.20 THEN x.words[1 + floor(x.r_q1 * 20)::int] || ' ' || x.words[1 + floor(x.r_q2 * 20)::int] || ' ' || x.words[1 + floor(x.r_q3 * 20)::int] END)),
           CASE WHEN x.r_comment < 0.20 THEN x.words[1 + floor(x.r_q1 * 20)::int] || ' ' || x.words[1 + floor(x.r_q2 * 20)::int] || ' ' || x.words[1 + floor(x.r_q3 * 20)::int] END,
           CASE WHEN x.r_q3 < 0.95 THEN 'es' ELSE 'en' END`;

/**
 * Invitations from..to of `total`, sent evenly over the `years` before now in the order of n:
 * emailed after a case (kind, area, trámite, official), valid 30 days, ~37 % answered within 5 days
 * (usedAt; never later than now). Their responses are invitedResponsesSql's.
 */
export function invitationsSql(institutionId: string, from: number, to: number, total: number, years: number): string {
  return `
    WITH ref AS (${refSql(institutionId)}),
    g AS (
      SELECT n, random() AS r_channel, random() AS r_office, random() AS r_tramite, random() AS r_official, random() AS r_kind, random() AS r_used,
             now() - interval '${years * 365} days' + ((n - 1) + random()) / ${total}::float8 * interval '${years * 365} days' AS sent
        FROM generate_series(${from}, ${to}) AS n
    )
    INSERT INTO "SurveyInvitation" ("id", "institutionId", "tokenHash", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                    "sentAt", "expiresAt", "usedAt")
    SELECT gen_random_uuid(), '${institutionId}', md5('bench-invitation-' || g.n),
           CASE WHEN g.sent < now() - interval '400 days' THEN ref.v1 ELSE ref.v2 END,
           (CASE WHEN g.r_channel < 0.55 THEN 'WEB' WHEN g.r_channel < 0.75 THEN 'EMAIL' WHEN g.r_channel < 0.88 THEN 'TELEFONO'
                 WHEN g.r_channel < 0.95 THEN 'PRESENCIAL' WHEN g.r_channel < 0.98 THEN 'CARTA' ELSE 'API' END)::"Channel",
           (CASE WHEN g.r_kind < 0.40 THEN 'RECLAMO' WHEN g.r_kind < 0.75 THEN 'CONSULTA' WHEN g.r_kind < 0.85 THEN 'SOLICITUD'
                 WHEN g.r_kind < 0.95 THEN 'SUGERENCIA' ELSE 'FELICITACION' END)::"CaseKind",
           CASE WHEN g.r_office < 0.45 THEN ref.offices[1] WHEN g.r_office < 0.95 THEN ref.offices[2 + floor((g.r_office - 0.45) / 0.50 * (array_length(ref.offices, 1) - 1))::int] END,
           ref.official_areas[1 + floor(g.r_official * array_length(ref.officials, 1))::int],
           ref.tramites[1 + floor(g.r_tramite * array_length(ref.tramites, 1))::int],
           CASE WHEN g.r_kind < 0.90 THEN ref.officials[1 + floor(g.r_official * array_length(ref.officials, 1))::int] END,
           g.sent, g.sent + interval '30 days',
           CASE WHEN g.r_used < 0.37 THEN least(now() - interval '1 second', g.sent + (g.r_used / 0.37) * interval '5 days') END
      FROM g CROSS JOIN ref`;
}

/** The responses to the invitations answered in [from, to): the invitation's dimensions, created when it was used. */
export function invitedResponsesSql(institutionId: string, from: Date, to: Date): string {
  return `
    WITH ref AS (${refSql(institutionId)}),
    x AS (
      SELECT v.*, v."usedAt" AS created, ${SCORE("random()")} AS score, random() AS r_q1, random() AS r_q2, random() AS r_q3, random() AS r_comment, ref.words
        FROM "SurveyInvitation" v CROSS JOIN ref
       WHERE v."institutionId" = '${institutionId}' AND v."usedAt" >= '${from.toISOString()}' AND v."usedAt" < '${to.toISOString()}'
       ORDER BY v."usedAt"
    )
    INSERT INTO "SurveyResponse" ("id", "institutionId", "templateId", "invitationId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                  "mainScore", "answers", "comment", "locale", "createdAt")
    SELECT gen_random_uuid(), '${institutionId}', x."templateId", x."id", x."channel", x."caseKind", x."officeId", x."areaId", x."tramiteId", x."officialId",
           x.score, ${ANSWERS_AND_COMMENT}, x.created
      FROM x`;
}

/**
 * Poster and kiosk responses from..to of `total`, spread evenly over the `years` before now in the
 * order of n: counter, kiosk or phone at an office (a few without one), sometimes a trámite.
 */
export function posterResponsesSql(institutionId: string, from: number, to: number, total: number, years: number): string {
  return `
    WITH ref AS (${refSql(institutionId)}),
    g AS (
      SELECT n, random() AS r_channel, random() AS r_office, random() AS r_tramite, random() AS r_score,
             now() - interval '${years * 365} days' + ((n - 1) + random()) / ${total}::float8 * interval '${years * 365} days' AS created
        FROM generate_series(${from}, ${to}) AS n
    ),
    x AS (
      SELECT g.*, ref.*, ${SCORE("g.r_score")} AS score, random() AS r_q1, random() AS r_q2, random() AS r_q3, random() AS r_comment
        FROM g CROSS JOIN ref
    )
    INSERT INTO "SurveyResponse" ("id", "institutionId", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                  "mainScore", "answers", "comment", "locale", "createdAt")
    SELECT gen_random_uuid(), '${institutionId}',
           CASE WHEN x.created < now() - interval '400 days' THEN x.v1 ELSE x.v2 END,
           (CASE WHEN x.r_channel < 0.55 THEN 'PRESENCIAL' WHEN x.r_channel < 0.90 THEN 'KIOSK' ELSE 'TELEFONO' END)::"Channel", NULL,
           CASE WHEN x.r_office < 0.45 THEN x.offices[1] WHEN x.r_office < 0.97 THEN x.offices[2 + floor((x.r_office - 0.45) / 0.52 * (array_length(x.offices, 1) - 1))::int] END,
           NULL,
           CASE WHEN x.r_tramite < 0.30 THEN x.tramites[1 + floor(x.r_tramite / 0.30 * array_length(x.tramites, 1))::int] END,
           NULL,
           x.score, ${ANSWERS_AND_COMMENT}, x.created
      FROM x`;
}

/**
 * The whole load (survey-results.bench.ts, committee.bench.ts): 4 more offices, 5 officials per area,
 * template version 2, `responses` responses over `years` years (the answers to responses / 2
 * emailed invitations, ~37 % answered, and the rest from posters and kiosks) in time order, with the
 * secondary indexes dropped during the load and rebuilt after, then VACUUM ANALYZE of the raw tables.
 * Rollups are the caller's (rebuildSatisfactionRollup).
 */
export async function bulkLoadSurveys(
  url: string,
  institutionId: string,
  options: { responses: number; years: number; log: (message: string) => void; chunk?: number },
): Promise<void> {
  const { log } = options;
  const RESPONSES = options.responses;
  const INVITATIONS = Math.floor(RESPONSES / 2);
  const YEARS = options.years;
  const CHUNK = options.chunk ?? 250_000;
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await fn();
    log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
    return result;
  };
  await withClient(url, async (c) => {
    await c.query("SET maintenance_work_mem = '512MB'");
    try {
      // Skip per-row foreign-key triggers during the load (superuser only; the data is consistent by construction).
      await c.query("SET session_replication_role = replica");
    } catch {
      log("not a superuser: foreign keys are checked row by row during the load (slower)");
    }
    await c.query(benchDimensionsSql(institutionId));
    await c.query(secondTemplateSql(institutionId));
    const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('SurveyResponse', 'SurveyInvitation') AND indexname NOT LIKE '%_pkey'`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.indexname}"`);
    log(`dropped ${indexes.length} secondary indexes for the load`);
    await timed(`${INVITATIONS.toLocaleString("en")} invitations`, async () => {
      for (let from = 1; from <= INVITATIONS; from += CHUNK) {
        await c.query(invitationsSql(institutionId, from, Math.min(INVITATIONS, from + CHUNK - 1), INVITATIONS, YEARS));
        process.stdout.write(".");
      }
      process.stdout.write("\n");
    });
    await c.query(`CREATE INDEX "bench_invitation_used" ON "SurveyInvitation" ("usedAt") WHERE "usedAt" IS NOT NULL`);
    const { rows: usedRows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "SurveyInvitation" WHERE "usedAt" IS NOT NULL`);
    const invited = Number(usedRows[0]!.n);
    const posters = Math.max(0, RESPONSES - invited);
    await timed(`${RESPONSES.toLocaleString("en")} responses (${invited.toLocaleString("en")} through invitations, ${posters.toLocaleString("en")} from posters and kiosks)`, async () => {
      // In time order: for each twentieth of the span, the answers to invitations, then the posters'.
      const end = Date.now() + 86_400_000;
      const start = Date.now() - YEARS * 365 * 86_400_000;
      const slices = 20;
      for (let k = 0; k < slices; k++) {
        const t1 = new Date(k === 0 ? 0 : start + ((end - start) * k) / slices);
        const t2 = new Date(start + ((end - start) * (k + 1)) / slices);
        await c.query(invitedResponsesSql(institutionId, t1, t2));
        const from = Math.floor((posters * k) / slices) + 1;
        const to = Math.floor((posters * (k + 1)) / slices);
        if (to >= from) await c.query(posterResponsesSql(institutionId, from, to, posters, YEARS));
        process.stdout.write(".");
      }
      process.stdout.write("\n");
    });
    await c.query(`DROP INDEX "bench_invitation_used"`);
    await timed(`rebuild ${indexes.length} indexes`, async () => {
      for (const ix of indexes) await c.query(ix.indexdef);
    });
    await c.query("SET session_replication_role = DEFAULT").catch(() => undefined);
    await timed("VACUUM ANALYZE (raw tables)", async () => {
      for (const table of ["SurveyResponse", "SurveyInvitation", "SurveyTemplate", "User", "Office"]) await c.query(`VACUUM (ANALYZE) "${table}"`);
    });
  });
}
