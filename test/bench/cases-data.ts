// Bulk case data for the benchmarks (inbox, committee), generated in SQL with generate_series:
// extra staff, and cases over the last ~3 years with realistic kinds, channels, areas, offices,
// trámites, statuses, deadlines and outcomes. Not imported by the app.

export const SUBJECT_WORDS = [
  "Atención", "Demora", "Transporte escolar", "Certificado", "Matrícula", "Sueldo", "Licencia médica", "Alimentación",
  "Infraestructura", "Plataforma", "Reembolso", "Beca", "Convivencia", "Horario", "Bus", "Baño", "Calefacción", "Profesor",
  "Correo", "Trámite",
];
export const DESCRIPTION_WORDS = [
  "no", "respondieron", "esperé", "dos", "horas", "colegio", "apoderado", "hijo", "hija", "oficina", "llamé", "varias", "veces",
  "pago", "atrasado", "recorrido", "liceo", "sala", "gotera", "clases", "documento", "solicito", "información", "gracias",
  "excelente", "atención", "funcionaria", "plazo", "vencido", "formulario",
];
export const FIRST_NAMES = ["María", "José", "Camila", "Juan", "Valentina", "Pedro", "Francisca", "Diego", "Catalina", "Matías", "Javiera", "Benjamín", "Fernanda", "Tomás", "Constanza"];
export const LAST_NAMES = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Araya"];

export const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")}]`;

/** Extra staff so the assignee column has a realistic spread: 6 officials per area, 4 OIRS officers. */
export function staffSql(institutionId: string): string {
  return `
    INSERT INTO "User" ("id", "institutionId", "email", "name", "passwordHash", "role", "areaId", "updatedAt")
    SELECT gen_random_uuid(), '${institutionId}', 'bench-' || a."code" || '-' || n || '@oirs.example', 'Funcionario/a ' || a."code" || ' ' || n,
           'x', 'AREA_OFFICIAL'::"Role", a."id", now()
      FROM "Area" a CROSS JOIN generate_series(1, 6) n
     WHERE a."institutionId" = '${institutionId}';
    INSERT INTO "User" ("id", "institutionId", "email", "name", "passwordHash", "role", "areaId", "updatedAt")
    SELECT gen_random_uuid(), '${institutionId}', 'bench-oirs-' || n || '@oirs.example', 'Encargado/a OIRS ' || n, 'x', 'OIRS_OFFICER'::"Role", NULL, now()
      FROM generate_series(1, 4) n;`;
}

/**
 * Cases from..to (generate_series): ~5 % open, received over the last 3 years (open ones in the
 * last 45 days), due at the end of a local day 14 or 28 calendar days later (≈ 10 or 20 business
 * days), kinds/channels/areas with realistic weights, subjects and descriptions from small word
 * lists (so full-text search has hits). Answered and closed cases (RESPONDIDA, CERRADA) have an
 * outcome — ~70 % RESOLVED, 20 % NOT_RESOLVED, 10 % NOT_APPLICABLE — so the resolution rate is
 * realistic; open, derived and desisted ones have none.
 */
export function casesSql(institutionId: string, from: number, to: number): string {
  return `
    WITH ref AS (
      SELECT (SELECT array_agg("id" ORDER BY "code") FROM "Area" WHERE "institutionId" = '${institutionId}') AS areas,
             (SELECT array_agg("id" ORDER BY "email") FROM "User" WHERE "institutionId" = '${institutionId}' AND "role" IN ('AREA_OFFICIAL', 'OIRS_OFFICER')) AS staff,
             (SELECT array_agg("id" ORDER BY "code") FROM "Tramite" WHERE "institutionId" = '${institutionId}') AS tramites,
             (SELECT array_agg("id" ORDER BY "code") FROM "Office" WHERE "institutionId" = '${institutionId}') AS offices,
             ${sqlArray(SUBJECT_WORDS)} AS subjects,
             ${sqlArray(DESCRIPTION_WORDS)} AS words,
             ${sqlArray(FIRST_NAMES)} AS firsts,
             ${sqlArray(LAST_NAMES)} AS lasts
    ),
    g AS (
      SELECT n, random() AS r_open, random() AS r_status, random() AS r_kind, random() AS r_channel, random() AS r_area,
             random() AS r_staff, random() AS r_tramite, random() AS r_office, random() AS r_age, random() AS r_reply, random() AS r_anon,
             random() AS r_outcome
        FROM generate_series(${from}, ${to}) AS n
    ),
    shaped AS (
      SELECT g.*, ref.*,
             (g.r_open < 0.05) AS is_open,
             CASE WHEN g.r_kind < 0.40 THEN 'RECLAMO' WHEN g.r_kind < 0.75 THEN 'CONSULTA' WHEN g.r_kind < 0.85 THEN 'SOLICITUD'
                  WHEN g.r_kind < 0.95 THEN 'SUGERENCIA' ELSE 'FELICITACION' END AS kind,
             CASE WHEN g.r_channel < 0.45 THEN 'WEB' WHEN g.r_channel < 0.60 THEN 'PRESENCIAL' WHEN g.r_channel < 0.75 THEN 'EMAIL'
                  WHEN g.r_channel < 0.85 THEN 'TELEFONO' WHEN g.r_channel < 0.92 THEN 'KIOSK' WHEN g.r_channel < 0.95 THEN 'CARTA'
                  WHEN g.r_channel < 0.98 THEN 'REDES' ELSE 'API' END AS channel,
             now() - CASE WHEN g.r_open < 0.05 THEN g.r_age * interval '45 days'
                          ELSE interval '45 days' + g.r_age * interval '1050 days' END AS received
        FROM g CROSS JOIN ref
    ),
    cases AS (
      SELECT s.*,
             CASE WHEN s.is_open THEN
                    CASE WHEN s.r_status < 0.20 THEN 'INGRESADA' WHEN s.r_status < 0.50 THEN 'ASIGNADA' WHEN s.r_status < 0.85 THEN 'EN_TRAMITE'
                         WHEN s.r_status < 0.93 THEN 'ESPERA_CIUDADANO' ELSE 'REABIERTA' END
                  ELSE
                    CASE WHEN s.r_status < 0.70 THEN 'CERRADA' WHEN s.r_status < 0.90 THEN 'RESPONDIDA' WHEN s.r_status < 0.95 THEN 'DERIVADA'
                         ELSE 'DESISTIDA' END END AS status,
             (date_trunc('day', (s.received + CASE WHEN s.kind IN ('RECLAMO', 'CONSULTA') THEN interval '14 days' ELSE interval '28 days' END)
                AT TIME ZONE 'America/Santiago') + interval '1 day' - interval '1 millisecond') AT TIME ZONE 'America/Santiago' AS due
        FROM shaped s
    )
    INSERT INTO "Case" ("id", "institutionId", "folio", "kind", "channel", "status", "subject", "description", "tramiteId", "officeId",
                        "areaId", "assigneeId", "anonymous", "citizenName", "citizenRut", "citizenEmail", "citizenPhone",
                        "accessCodeHash", "submittedAt", "receivedAt", "dueAt", "targetDays", "pausedAt", "respondedAt",
                        "responseBusinessDays", "closedAt", "outcome", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), '${institutionId}',
           'OIRS-' || extract(year FROM r.received AT TIME ZONE 'America/Santiago')::int || '-' || lpad(r.n::text, 7, '0'),
           r.kind::"CaseKind", r.channel::"Channel", r.status::"CaseStatus",
           r.subjects[1 + floor(r.r_reply * array_length(r.subjects, 1))::int] || ' ' || r.words[1 + floor(r.r_area * array_length(r.words, 1))::int],
           array_to_string(ARRAY[r.words[1 + floor(r.r_staff * 30)::int], r.words[1 + floor(r.r_tramite * 30)::int], r.words[1 + floor(r.r_office * 30)::int],
                                 r.words[1 + floor(r.r_age * 30)::int], r.subjects[1 + floor(r.r_kind * 20)::int]], ' ') || '. Caso de prueba de carga.',
           CASE WHEN r.r_tramite < 0.70 THEN r.tramites[1 + floor(r.r_tramite / 0.70 * array_length(r.tramites, 1))::int] END,
           CASE WHEN r.r_office < 0.60 THEN r.offices[1] WHEN r.r_office < 0.85 THEN r.offices[2] END,
           CASE WHEN r.r_area < 0.10 THEN NULL ELSE r.areas[1 + floor((r.r_area - 0.10) / 0.90 * array_length(r.areas, 1))::int] END,
           CASE WHEN r.status = 'INGRESADA' THEN NULL ELSE r.staff[1 + floor(r.r_staff * array_length(r.staff, 1))::int] END,
           r.r_anon < 0.08,
           CASE WHEN r.r_anon < 0.08 THEN NULL ELSE r.firsts[1 + floor(r.r_anon * 15)::int] || ' ' || r.lasts[1 + floor(r.r_channel * 15)::int] END,
           CASE WHEN r.r_anon < 0.30 THEN NULL ELSE (10000000 + r.n)::text || '-' || (r.n % 10)::text END,
           CASE WHEN r.r_anon < 0.20 THEN NULL ELSE 'persona' || r.n || '@example.cl' END,
           CASE WHEN r.r_anon < 0.50 THEN NULL ELSE '+569' || lpad((r.n % 100000000)::text, 8, '0') END,
           md5(r.n::text),
           r.received, r.received, r.due,
           CASE WHEN r.kind IN ('RECLAMO', 'CONSULTA') THEN 10 ELSE 20 END,
           CASE WHEN r.status = 'ESPERA_CIUDADANO' THEN now() - r.r_reply * interval '5 days' END,
           CASE WHEN NOT r.is_open THEN r.received + r.r_reply * (r.due - r.received) END,
           CASE WHEN NOT r.is_open THEN floor(r.r_reply * 14)::int END,
           CASE WHEN r.status IN ('CERRADA', 'DERIVADA', 'DESISTIDA') THEN r.received + r.r_reply * (r.due - r.received) + interval '1 day' END,
           CASE WHEN r.status IN ('CERRADA', 'RESPONDIDA') THEN
                  (CASE WHEN r.r_outcome < 0.70 THEN 'RESOLVED' WHEN r.r_outcome < 0.90 THEN 'NOT_RESOLVED' ELSE 'NOT_APPLICABLE' END)::"CaseOutcome" END,
           r.received, r.received
      FROM cases r`;
}
