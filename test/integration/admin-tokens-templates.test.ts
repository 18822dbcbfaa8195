import { createHash } from "node:crypto";
import { parseWithZod } from "@conform-to/zod";
import { db } from "~/db/client.server";
import { API_SCOPE_VALUES, apiTokenStatus, ApiTokenSchema } from "~/domain/admin/api-scopes";
import { API_TOKEN_PREFIX_LENGTH, createApiToken, getApiToken, listApiTokens, revokeApiToken } from "~/domain/admin/api-tokens.server";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { ReplyTemplateSchema } from "~/domain/admin/reply-template-schema";
import {
  createReplyTemplate,
  getReplyTemplate,
  InvalidPlaceholdersError,
  listReplyTemplates,
  setReplyTemplateActive,
  updateReplyTemplate,
} from "~/domain/admin/reply-templates.server";
import { createTramite } from "~/domain/admin/tramites.server";
import { authenticateToken } from "~/domain/api/tokens.server";
import { createSession } from "~/domain/auth/session.server";
import { hasStrayBraces, REPLY_PLACEHOLDERS, unknownPlaceholders } from "~/domain/cases/reply-placeholders";
import { action as revokeTokenAction, loader as tokensLoader } from "~/routes/admin.tokens._index";
import { action as newTokenAction } from "~/routes/admin.tokens.nuevo";
import { action as newTemplateAction } from "~/routes/admin.plantillas.nueva";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const DAY = 24 * 60 * 60 * 1000;

describe("API tokens and reply templates administration", () => {
  let institutionId: string;
  let otherInstitutionId: string;
  let actorId: string;
  let scope: { institutionId: string; actorId: string };
  let cookie: string;
  let foreignTramiteId: string;

  beforeAll(async () => {
    institutionId = (await db.institution.create({ data: { name: "Institución de prueba", shortName: "Prueba" } })).id;
    otherInstitutionId = (await db.institution.create({ data: { name: "Otra institución", shortName: "Otra" } })).id;
    actorId = (await db.user.create({ data: { institutionId, email: "admin@prueba.cl", name: "Admin Prueba", role: "ADMIN", passwordHash: "x" } })).id;
    scope = { institutionId, actorId };
    cookie = (await createSession({ userId: actorId })).setCookie.split(";")[0]!;
    foreignTramiteId = (await db.tramite.create({ data: { institutionId: otherInstitutionId, code: "AJENO", name: "Ajeno" } })).id;
  });

  const post = (url: string, fields: Array<[string, string]>) =>
    new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
  const routeArgs = (request: Request) => ({ request, params: {}, context: {} });

  describe("API tokens", () => {
    const now = new Date("2030-03-01T12:00:00Z");

    it("stores only the hash and the prefix of a new token, and returns the token once", async () => {
      const { token, row } = await createApiToken({
        ...scope,
        now,
        input: { name: " Portal municipal ", scopes: ["cases:write", "cases:read", "cases:write"], expiresInDays: 90 },
      });
      expect(token).toMatch(/^oirs_[0-9a-f]{64}$/);
      expect(row).toMatchObject({ name: "Portal municipal", prefix: token.slice(0, API_TOKEN_PREFIX_LENGTH), scopes: ["cases:read", "cases:write"], status: "active" });
      expect(row.prefix).toMatch(/^oirs_[0-9a-f]{7}$/);
      expect(row.createdBy?.name).toBe("Admin Prueba");

      const stored = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.tokenHash).toBe(sha256(token));
      expect(stored.createdById).toBe(actorId);
      // Neither the token nor its secret part is in any column.
      const storedText = JSON.stringify(stored);
      expect(storedText).not.toContain(token);
      expect(storedText).not.toContain(token.slice(API_TOKEN_PREFIX_LENGTH));

      // Two tokens never share a prefix by construction, but they always differ.
      const second = await createApiToken({ ...scope, now, input: { name: "Otro", scopes: ["cases:read"] } });
      expect(second.token).not.toBe(token);
    });

    it("computes the expiry from the days chosen, an exact date, or never", async () => {
      const in30 = await createApiToken({ ...scope, now, input: { name: "30 días", scopes: ["cases:read"], expiresInDays: 30 } });
      expect(in30.row.expiresAt?.toISOString()).toBe(new Date(now.getTime() + 30 * DAY).toISOString());
      const in365 = await createApiToken({ ...scope, now, input: { name: "Un año", scopes: ["cases:read"], expiresInDays: 365 } });
      expect(in365.row.expiresAt?.toISOString()).toBe("2031-03-01T12:00:00.000Z");
      const exact = new Date("2030-12-31T23:59:59Z");
      const dated = await createApiToken({ ...scope, now, input: { name: "Fecha exacta", scopes: ["cases:read"], expiresAt: exact } });
      expect(dated.row.expiresAt?.toISOString()).toBe(exact.toISOString());
      const never = await createApiToken({ ...scope, now, input: { name: "Sin vencimiento", scopes: ["cases:read"], expiresInDays: null } });
      expect(never.row.expiresAt).toBeNull();

      await expect(createApiToken({ ...scope, now, input: { name: "Cero días", scopes: ["cases:read"], expiresInDays: 0 } })).rejects.toThrow(RangeError);
    });

    it("refuses a token without scopes or with an unknown scope", async () => {
      await expect(createApiToken({ ...scope, input: { name: "Sin permisos", scopes: [] } })).rejects.toThrow(/at least one scope/);
      await expect(createApiToken({ ...scope, input: { name: "Raro", scopes: ["cases:read", "admin:all"] } })).rejects.toThrow(/admin:all/);
      expect(await db.apiToken.count({ where: { institutionId, name: { in: ["Sin permisos", "Raro"] } } })).toBe(0);
    });

    it("validates the form: a name, at least one known scope, one of the expiry choices", () => {
      const issues = (value: Record<string, unknown>) =>
        ApiTokenSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]) ?? [];
      expect(ApiTokenSchema.parse({ name: " Kiosco ", scopes: ["surveys:write", "cases:read", "cases:read"], expiresIn: "never" })).toEqual({
        name: "Kiosco",
        scopes: ["cases:read", "surveys:write"],
        expiresInDays: null,
      });
      expect(ApiTokenSchema.parse({ name: "x", scopes: ["cases:read"], expiresIn: "365" }).expiresInDays).toBe(365);
      expect(issues({ name: "x", scopes: [], expiresIn: "30" })).toEqual([["scopes", "admin:apiTokens.errors.noScope"]]);
      expect(issues({ name: "x", expiresIn: "30" })).toEqual([["scopes", "admin:apiTokens.errors.noScope"]]);
      expect(issues({ name: "x", scopes: ["admin:all"], expiresIn: "30" })).toEqual([["scopes.0", "validation.choice"]]);
      expect(issues({ name: "x", scopes: ["cases:read"], expiresIn: "7" })).toEqual([["expiresIn", "validation.choice"]]);
      expect(issues({ name: "x".repeat(121), scopes: ["cases:read"], expiresIn: "30" })).toEqual([["name", "validation.tooLong"]]);

      // One ticked checkbox posts a single value; Conform turns it into a list.
      const form = new FormData();
      form.append("name", "Un permiso");
      form.append("scopes", "indicators:read");
      form.append("expiresIn", "90");
      const submission = parseWithZod(form, { schema: ApiTokenSchema });
      expect(submission.status === "success" && submission.value).toEqual({ name: "Un permiso", scopes: ["indicators:read"], expiresInDays: 90 });
      expect(API_SCOPE_VALUES).toEqual(["cases:read", "cases:write", "cases:manage", "indicators:read", "surveys:write"]);
    });

    it("revokes a token (idempotently) and lists each token's status", async () => {
      const active = await createApiToken({ ...scope, now, input: { name: "Vigente", scopes: ["cases:read"], expiresInDays: 30 } });
      const expiring = await createApiToken({ ...scope, now, input: { name: "Por vencer", scopes: ["cases:read"], expiresInDays: 30 } });
      const revoked = await createApiToken({ ...scope, now, input: { name: "Revocado", scopes: ["cases:read"] } });

      const revokedAt = new Date(now.getTime() + DAY);
      expect(await revokeApiToken({ ...scope, id: revoked.row.id, now: revokedAt })).toBe(true);
      expect(await revokeApiToken({ ...scope, id: revoked.row.id, now: new Date(now.getTime() + 2 * DAY) })).toBe(true);
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: revoked.row.id } })).revokedAt?.toISOString()).toBe(revokedAt.toISOString());
      expect(await db.auditLog.count({ where: { entityId: revoked.row.id, action: "apiToken.revoke" } })).toBe(1);

      const later = new Date(now.getTime() + 31 * DAY);
      const statuses = Object.fromEntries((await listApiTokens({ institutionId, now: later })).map((t) => [t.name, t.status]));
      expect(statuses).toMatchObject({ Vigente: "expired", "Por vencer": "expired", Revocado: "revoked", "Sin vencimiento": "active" });
      expect((await getApiToken({ institutionId, id: active.row.id, now }))?.status).toBe("active");
      expect(apiTokenStatus({ expiresAt: expiring.row.expiresAt, revokedAt: null }, expiring.row.expiresAt!)).toBe("expired");

      // The bearer check agrees: revoked and expired tokens no longer authorise calls.
      expect((await authenticateToken(active.token, now)).kind).toBe("ok");
      expect((await authenticateToken(active.token, later)).kind).toBe("invalid");
      expect((await authenticateToken(revoked.token, now)).kind).toBe("invalid");
    });

    it("does not list, revoke or show another institution's tokens", async () => {
      const foreign = await createApiToken({ institutionId: otherInstitutionId, actorId, input: { name: "Token ajeno", scopes: ["cases:read"] } });
      expect((await listApiTokens({ institutionId })).map((t) => t.id)).not.toContain(foreign.row.id);
      expect(await getApiToken({ institutionId, id: foreign.row.id })).toBeNull();
      expect(await revokeApiToken({ ...scope, id: foreign.row.id })).toBe(false);
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: foreign.row.id } })).revokedAt).toBeNull();
    });

    it("audits creation and revocation with the prefix, never the token", async () => {
      const { token, row } = await createApiToken({ ...scope, now, input: { name: "Auditado", scopes: ["cases:manage"], expiresInDays: 30 } });
      await revokeApiToken({ ...scope, id: row.id });
      const rows = await db.auditLog.findMany({ where: { institutionId, entityId: row.id }, select: { action: true, entity: true, data: true } });
      expect(rows.map((r) => r.action).sort()).toEqual(["apiToken.create", "apiToken.revoke"]);
      expect(rows.find((r) => r.action === "apiToken.create")).toEqual({
        action: "apiToken.create",
        entity: "ApiToken",
        data: { name: "Auditado", prefix: row.prefix, scopes: ["cases:manage"], expiresAt: "2030-03-31T12:00:00.000Z" },
      });
      for (const r of rows) {
        const text = JSON.stringify(r);
        expect(text).not.toContain(token);
        expect(text).not.toContain(token.slice(API_TOKEN_PREFIX_LENGTH));
        expect(text).not.toContain(sha256(token));
      }
    });

    it("the new-token page returns the token in the action response only, uncached, and no cookie", async () => {
      const response = await newTokenAction(
        routeArgs(
          post("/admin/tokens/nuevo", [
            ["name", "Desde el formulario"],
            ["scopes", "cases:read"],
            ["scopes", "indicators:read"],
            ["expiresIn", "30"],
          ]),
        ),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Set-Cookie")).toBeNull();
      expect(response.headers.get("Location")).toBeNull();
      const body = (await response.json()) as { created: { token: string; prefix: string; scopes: string[] } };
      expect(body.created.token).toMatch(/^oirs_[0-9a-f]{64}$/);
      expect(body.created.scopes).toEqual(["cases:read", "indicators:read"]);
      const stored = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256(body.created.token) } });
      expect(stored).toMatchObject({ institutionId, name: "Desde el formulario", prefix: body.created.prefix });

      const invalid = await newTokenAction(routeArgs(post("/admin/tokens/nuevo", [["name", "Sin permisos"], ["expiresIn", "30"]])));
      expect(invalid.status).toBe(400);
      const reply = (await invalid.json()) as { created: null; result: { error: Record<string, string[]> } };
      expect(reply.created).toBeNull();
      expect(reply.result.error.scopes).toEqual(["admin:apiTokens.errors.noScope"]);
    });

    it("the list page asks for confirmation, then revokes with a plain POST", async () => {
      const { row } = await createApiToken({ ...scope, input: { name: "Para revocar", scopes: ["cases:read"] } });
      const get = (url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
      const confirm = await (await tokensLoader(routeArgs(get(`/admin/tokens?revocar=${row.id}`)))).json();
      expect(confirm).toMatchObject({ confirm: { id: row.id, name: "Para revocar" }, tokens: null });

      const response = await revokeTokenAction(routeArgs(post(`/admin/tokens?index&revocar=${row.id}`, [["intent", "revoke"], ["id", row.id]])));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/admin/tokens?revoked=1");
      expect((await getApiToken({ institutionId, id: row.id }))?.status).toBe("revoked");

      // A revoked token has nothing left to confirm: the list is shown.
      const list = (await (await tokensLoader(routeArgs(get(`/admin/tokens?revocar=${row.id}`)))).json()) as { confirm: null; tokens: Array<{ id: string }> };
      expect(list.confirm).toBeNull();
      expect(list.tokens.map((t) => t.id)).toContain(row.id);
    });
  });

  describe("reply templates", () => {
    const base = { name: "Respuesta a reclamo", locale: "es", body: "Estimado/a {{nombre}}: su reclamo {{folio}} fue respondido." };

    it("finds unknown placeholders and stray braces", () => {
      expect(REPLY_PLACEHOLDERS).toEqual(["folio", "nombre", "fecha_recepcion", "fecha_plazo", "asunto", "institucion"]);
      expect(unknownPlaceholders("Hola {{nombre}}, folio {{ folio }}, {{fecha_recepcion}} {{fecha_plazo}} {{asunto}} {{institucion}}")).toEqual([]);
      expect(unknownPlaceholders("Hola {{nombr}}, {{folio}} {{Folio}} {{nombr}} {{}}")).toEqual(["nombr", "Folio", ""]);
      expect(unknownPlaceholders("Sin marcas { ni } llaves dobles")).toEqual([]);
      expect(hasStrayBraces("Hola {{nombre}}")).toBe(false);
      expect(hasStrayBraces("Hola {{nombre}")).toBe(true);
      expect(hasStrayBraces("Hola {nombre}}")).toBe(true);
      expect(hasStrayBraces("Conjunto {a, b}")).toBe(false);
    });

    it("refuses unknown placeholders with a field error that names them", () => {
      const result = ReplyTemplateSchema.safeParse({ ...base, body: "Estimado/a {{nombr}}: folio {{folio}}, {{fecha}}." });
      expect(result.success).toBe(false);
      const issues = result.error!.issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toEqual(["body"]);
      const [key, params] = issues[0]!.message.split("|");
      expect(key).toBe("admin:replyTemplates.errors.unknownPlaceholders");
      expect(JSON.parse(params!)).toMatchObject({ names: "{{nombr}}, {{fecha}}" });
      expect(JSON.parse(params!).allowed).toContain("{{fecha_recepcion}}");

      const braces = ReplyTemplateSchema.safeParse({ ...base, body: "Folio {{folio}" }).error?.issues.map((i) => i.message.split("|")[0]);
      expect(braces).toEqual(["admin:replyTemplates.errors.strayBraces"]);
    });

    it("validates the other fields and normalises the body", () => {
      const issues = (value: Record<string, unknown>) =>
        ReplyTemplateSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]) ?? [];
      expect(ReplyTemplateSchema.parse({ ...base, body: "  Línea 1\r\nLínea 2 {{folio}}\r\n " })).toEqual({ ...base, body: "Línea 1\nLínea 2 {{folio}}" });
      expect(issues({ ...base, body: "x".repeat(8000) })).toEqual([]);
      expect(issues({ ...base, body: "x".repeat(8001) })).toEqual([["body", "validation.tooLong"]]);
      expect(issues({ ...base, body: "   " })).toEqual([["body", "validation.required"]]);
      expect(issues({ name: base.name, locale: "es" })).toEqual([["body", "validation.required"]]);
      expect(issues({ ...base, name: "x".repeat(121) })).toEqual([["name", "validation.tooLong"]]);
      expect(issues({ ...base, locale: "fr" })).toEqual([["locale", "validation.choice"]]);
      expect(issues({ ...base, kind: "OTRO" })).toEqual([["kind", "validation.choice"]]);
      expect(issues({ ...base, tramiteId: "no-es-un-id" })).toEqual([["tramiteId", "validation.notFound"]]);
    });

    it("creates, updates and deactivates a template, auditing each change", async () => {
      const tramite = await createTramite({ ...scope, input: { code: "MATRICULA", name: "Matrícula" } });
      const template = await createReplyTemplate({ ...scope, input: ReplyTemplateSchema.parse({ ...base, kind: "RECLAMO", tramiteId: tramite.id }) });
      expect(template).toMatchObject({ name: base.name, kind: "RECLAMO", tramiteId: tramite.id, locale: "es", body: base.body, active: true });
      expect(template.tramite?.name).toBe("Matrícula");

      const changed = ReplyTemplateSchema.parse({ name: "Reply", locale: "en", body: "Dear {{nombre}}, case {{folio}} ({{institucion}})." });
      expect(await updateReplyTemplate({ ...scope, id: template.id, input: changed })).toBe(template.id);
      expect(await getReplyTemplate({ institutionId, id: template.id })).toMatchObject({ name: "Reply", kind: null, tramiteId: null, locale: "en" });

      expect(await setReplyTemplateActive({ ...scope, id: template.id, active: false })).toBe(true);
      expect((await listReplyTemplates({ institutionId })).find((t) => t.id === template.id)?.active).toBe(false);

      const rows = await db.auditLog.findMany({ where: { institutionId, entityId: template.id }, select: { action: true, data: true } });
      expect(rows.map((r) => r.action).sort()).toEqual(["replyTemplate.create", "replyTemplate.deactivate", "replyTemplate.update"]);
      expect(rows.find((r) => r.action === "replyTemplate.create")?.data).toMatchObject({ kind: "RECLAMO", tramiteId: tramite.id, locale: "es" });
    });

    it("refuses a trámite of another institution", async () => {
      const foreign = await createReplyTemplate({ ...scope, input: ReplyTemplateSchema.parse({ ...base, tramiteId: foreignTramiteId }) }).catch((e: unknown) => e);
      expect(unknownReferenceField(foreign)).toBe("tramiteId");

      const template = await createReplyTemplate({ ...scope, input: ReplyTemplateSchema.parse(base) });
      const update = await updateReplyTemplate({ ...scope, id: template.id, input: ReplyTemplateSchema.parse({ ...base, tramiteId: foreignTramiteId }) }).catch(
        (e: unknown) => e,
      );
      expect(unknownReferenceField(update)).toBe("tramiteId");
      expect((await getReplyTemplate({ institutionId, id: template.id }))?.tramiteId).toBeNull();
    });

    it("refuses unknown placeholders also when the form is bypassed", async () => {
      const error = await createReplyTemplate({ ...scope, input: { ...base, locale: "es", body: "Hola {{nombr}}" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPlaceholdersError);
      expect((error as InvalidPlaceholdersError).names).toEqual(["nombr"]);
      expect(await db.replyTemplate.count({ where: { institutionId, body: "Hola {{nombr}}" } })).toBe(0);
    });

    it("does not touch another institution's templates", async () => {
      const foreign = await db.replyTemplate.create({ data: { institutionId: otherInstitutionId, name: "Ajena", body: "Hola" } });
      expect(await getReplyTemplate({ institutionId, id: foreign.id })).toBeNull();
      expect(await updateReplyTemplate({ ...scope, id: foreign.id, input: ReplyTemplateSchema.parse(base) })).toBeNull();
      expect(await setReplyTemplateActive({ ...scope, id: foreign.id, active: false })).toBe(false);
      expect(await db.replyTemplate.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ name: "Ajena", active: true });
    });

    it("the new-template page answers a typo in a placeholder with a field error", async () => {
      const response = (await newTemplateAction(
        routeArgs(
          post("/admin/plantillas/nueva", [
            ["name", "Con error"],
            ["locale", "es"],
            ["body", "Estimado/a {{nombr}}"],
          ]),
        ),
      )) as Response;
      expect(response.status).toBe(400);
      const reply = (await response.json()) as { error: Record<string, string[]> };
      expect(reply.error.body).toHaveLength(1);
      expect(reply.error.body![0]).toContain("{{nombr}}");
      expect(await db.replyTemplate.count({ where: { institutionId, name: "Con error" } })).toBe(0);
    });
  });
});
