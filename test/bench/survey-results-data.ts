// Bulk data for the satisfaction-results benchmark (test/bench/survey-results.bench.ts): survey
// responses and invitations generated in SQL with generate_series, spread like a real institution's
// (several years, offices, channels, trámites and officials; scores skewed positive; ~20 % with a
// comment). Not imported by the app.

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

/**
 * A second version of the demo template (from `since`): the same questions plus a single-choice
 * one, so the per-question figures span two versions.
 */
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

/**
 * Responses from..to over the `years` before now (uniform), template v1 before 400 days ago and
 * v2 after; ~40 % through an invitation after a case (with kind, area, trámite and official), the
 * rest from posters and kiosks (office and channel only, sometimes a trámite).
 */
export function responsesSql(institutionId: string, from: number, to: number, years: number): string {
  return `
    WITH ref AS (
      SELECT (SELECT array_agg("id" ORDER BY "code") FROM "Office" WHERE "institutionId" = '${institutionId}') AS offices,
             (SELECT array_agg("id" ORDER BY "code") FROM "Tramite" WHERE "institutionId" = '${institutionId}') AS tramites,
             (SELECT array_agg(u."id" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS officials,
             (SELECT array_agg(u."areaId" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS official_areas,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 1) AS v1,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 2) AS v2,
             ${sqlArray(COMMENT_WORDS)} AS words
    ),
    g AS (
      SELECT n, random() AS r_age, random() AS r_score, random() AS r_source, random() AS r_channel, random() AS r_office, random() AS r_tramite,
             random() AS r_official, random() AS r_kind, random() AS r_comment, random() AS r_q1, random() AS r_q2, random() AS r_q3
        FROM generate_series(${from}, ${to}) AS n
    ),
    shaped AS (
      SELECT g.*, ref.*,
             now() - g.r_age * interval '${years * 365} days' AS created,
             CASE WHEN g.r_score < 0.05 THEN 1 WHEN g.r_score < 0.09 THEN 2 WHEN g.r_score < 0.15 THEN 3 WHEN g.r_score < 0.25 THEN 4
                  WHEN g.r_score < 0.40 THEN 5 WHEN g.r_score < 0.65 THEN 6 ELSE 7 END AS score,
             g.r_source < 0.40 AS invited,
             1 + floor(g.r_official * array_length(ref.officials, 1))::int AS official_ix
        FROM g CROSS JOIN ref
    ),
    rows AS (
      SELECT s.*,
             CASE WHEN s.invited THEN
                    CASE WHEN s.r_channel < 0.55 THEN 'WEB' WHEN s.r_channel < 0.75 THEN 'EMAIL' WHEN s.r_channel < 0.88 THEN 'TELEFONO'
                         WHEN s.r_channel < 0.95 THEN 'PRESENCIAL' WHEN s.r_channel < 0.98 THEN 'CARTA' ELSE 'API' END
                  ELSE CASE WHEN s.r_channel < 0.55 THEN 'PRESENCIAL' WHEN s.r_channel < 0.90 THEN 'KIOSK' ELSE 'TELEFONO' END END AS channel,
             CASE WHEN s.invited THEN
                    CASE WHEN s.r_kind < 0.40 THEN 'RECLAMO' WHEN s.r_kind < 0.75 THEN 'CONSULTA' WHEN s.r_kind < 0.85 THEN 'SOLICITUD'
                         WHEN s.r_kind < 0.95 THEN 'SUGERENCIA' ELSE 'FELICITACION' END END AS kind,
             least(7, greatest(1, s.score + floor(s.r_q1 * 3)::int - 1)) AS effort,
             least(7, greatest(1, s.score + floor(s.r_q2 * 3)::int - 1)) AS time_score,
             least(7, greatest(1, s.score + floor(s.r_q3 * 2)::int)) AS treatment
        FROM shaped s
    )
    INSERT INTO "SurveyResponse" ("id", "institutionId", "templateId", "channel", "caseKind", "officeId", "areaId", "tramiteId", "officialId",
                                  "mainScore", "answers", "comment", "locale", "createdAt")
    SELECT gen_random_uuid(), '${institutionId}',
           CASE WHEN r.created < now() - interval '400 days' THEN r.v1 ELSE r.v2 END,
           r.channel::"Channel", r.kind::"CaseKind",
           CASE WHEN r.r_office < 0.45 THEN r.offices[1] WHEN r.r_office < 0.95 THEN r.offices[2 + floor((r.r_office - 0.45) / 0.50 * (array_length(r.offices, 1) - 1))::int] END,
           CASE WHEN r.invited THEN r.official_areas[r.official_ix] END,
           CASE WHEN r.invited OR r.r_tramite < 0.30 THEN r.tramites[1 + floor(r.r_tramite * array_length(r.tramites, 1))::int] END,
           CASE WHEN r.invited AND r.r_official < 0.90 THEN r.officials[r.official_ix] END,
           r.score,
           jsonb_strip_nulls(jsonb_build_object(
             'overall', r.score,
             'resolved', CASE WHEN r.r_q1 < 0.80 THEN CASE WHEN r.score >= 6 THEN 'yes' WHEN r.score >= 4 THEN 'partly' ELSE 'no' END END,
             'effort', CASE WHEN r.r_q2 < 0.60 THEN r.effort END,
             'time', CASE WHEN r.r_q3 < 0.60 THEN r.time_score END,
             'treatment', CASE WHEN r.r_q1 > 0.35 THEN r.treatment END,
             'clarity', CASE WHEN r.r_q2 > 0.40 THEN r.effort END,
             'contact', CASE WHEN r.created >= now() - interval '400 days' AND r.r_q3 < 0.70 THEN (ARRAY['web', 'phone', 'office'])[1 + floor(r.r_q3 / 0.70 * 3)::int] END,
             'comment', CASE WHEN r.r_comment < 0.20 THEN r.words[1 + floor(r.r_q1 * 20)::int] || ' ' || r.words[1 + floor(r.r_q2 * 20)::int] || ' ' || r.words[1 + floor(r.r_q3 * 20)::int] END)),
           CASE WHEN r.r_comment < 0.20 THEN r.words[1 + floor(r.r_q1 * 20)::int] || ' ' || r.words[1 + floor(r.r_q2 * 20)::int] || ' ' || r.words[1 + floor(r.r_q3 * 20)::int] END,
           CASE WHEN r.r_kind < 0.95 THEN 'es' ELSE 'en' END,
           r.created
      FROM rows r`;
}

/**
 * Invitations sent from..to over the same years (emails after a case): ~37 % answered (usedAt set),
 * so the response rate has a denominator.
 */
export function invitationsSql(institutionId: string, from: number, to: number, years: number): string {
  return `
    WITH ref AS (
      SELECT (SELECT array_agg("id" ORDER BY "code") FROM "Office" WHERE "institutionId" = '${institutionId}') AS offices,
             (SELECT array_agg("id" ORDER BY "code") FROM "Tramite" WHERE "institutionId" = '${institutionId}') AS tramites,
             (SELECT array_agg(u."id" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS officials,
             (SELECT array_agg(u."areaId" ORDER BY u."email") FROM "User" u WHERE u."institutionId" = '${institutionId}' AND u."role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER') AND u."areaId" IS NOT NULL) AS official_areas,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 1) AS v1,
             (SELECT "id" FROM "SurveyTemplate" WHERE "institutionId" = '${institutionId}' AND "key" = 'default' AND "version" = 2) AS v2
    ),
    g AS (
      SELECT n, random() AS r_age, random() AS r_channel, random() AS r_office, random() AS r_tramite, random() AS r_official, random() AS r_kind, random() AS r_used,
             now() - random() * interval '${years * 365} days' AS sent
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
           CASE WHEN g.r_used < 0.37 THEN g.sent + g.r_used * interval '5 days' END
      FROM g CROSS JOIN ref`;
}
