// THE table of who may do what: one rule per route file in app/routes, read by
// access-control.test.ts, which lists app/routes itself and fails for a route file without a rule
// here (and for a rule whose file is gone). A new route gets its rule in this file, in the same
// change.
//
// A rule says where the route lives (its URL and params, built from the test's fixtures: a real
// case, attachment, poster…), which of `loader` (GET) and `action` (POST) the module exports —
// exactly those, checked against the module — and for each principal the outcome:
//
//   allow         2xx or 3xx other than a redirect to /login (for an action, any status < 500 that is
//                 not one of the refusals below: an empty form may well get 400 or 422)
//   login         redirect to /login?redirectTo=<the requested address>
//   forbidden     403
//   unauthorized  401
//   notfound      404 (where hiding that something exists is the design)
//   method        405 (a POST-only endpoint's GET, for everyone: nothing behind it)
//
// An array means "any of these" (an area official asking for another area's case: 403 or 404).
// No combination may ever answer 5xx, whatever the rule says.
//
// Principals: anonymous (no credential); citizen (a valid folio + access code, only where they
// count); the AREA_OFFICIAL of area A and of area B (the fixture case and its attachment are in
// area A); OIRS_OFFICER; COMMITTEE; ADMIN; an API token holding the scope the route needs and one
// holding every other scope but that one (every /api route); a kiosk's device credential (the
// kiosk's endpoints). Anonymous and the five staff principals are required in every rule.

export const STAFF_PRINCIPALS = ["areaA", "areaB", "officer", "committee", "admin"] as const;
export const BASE_PRINCIPALS = ["anonymous", ...STAFF_PRINCIPALS] as const;
export const TOKEN_PRINCIPALS = ["tokenScoped", "tokenUnscoped"] as const;
export const PRINCIPALS = [...BASE_PRINCIPALS, "citizen", ...TOKEN_PRINCIPALS, "kiosk"] as const;

export type StaffPrincipal = (typeof STAFF_PRINCIPALS)[number];
export type Principal = (typeof PRINCIPALS)[number];
export type Outcome = "allow" | "login" | "forbidden" | "unauthorized" | "notfound" | "method";
export type Expectation = Outcome | readonly Outcome[];
export type Expectations = Partial<Record<Principal, Expectation>>;
export type Method = "loader" | "action";

export const API_SCOPES = ["cases:write", "cases:read", "cases:manage", "indicators:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Real rows the test creates before the table runs (demo seed + a case of area A and its files). */
export type Fixtures = {
  caseA: { id: string; folio: string; accessCode: string };
  attachmentA: string;
  invitationToken: string;
  posterCode: string;
  posterId: string;
  areaId: string;
  officeId: string;
  holidayId: string;
  surveyTemplateId: string;
  replyTemplateId: string;
  routingRuleId: string;
  tramiteId: string;
  userId: string;
  activityId: string;
  indicatorId: string;
  evidenceId: string;
};

/** What a rule's functions see: the fixtures and who is calling. */
export type CallContext = { f: Fixtures; principal: Principal; method: Method };

export type Body = { contentType: string; text: string };

export type RouteRule = {
  /** The address, e.g. `/gestion/casos/${f.caseA.id}`. */
  path: (f: Fixtures) => string;
  /** The route params the loader/action receive. */
  params?: (f: Fixtures) => Record<string, string>;
  /** Query parameters: where a credential travels in the address (access code, Open311 api_key). */
  query?: (c: CallContext) => Record<string, string> | undefined;
  /**
   * The POST body of an allowed call (default: an empty form). A refused call always gets an empty
   * form — the refusal must come before the body is read — unless `credentialInBody`.
   */
  body?: (c: CallContext) => Body;
  /** The credential travels in the body (citizen's folio and code, a survey's poster code): refused calls get `body` too. */
  credentialInBody?: boolean;
  /** How an API token is presented: `Authorization: Bearer` (default) or Open311's `api_key` parameter. */
  tokenVia?: "bearer" | "api_key";
  /** The scope "tokenScoped" holds and "tokenUnscoped" lacks, per method (default: none needed). */
  scope?: Partial<Record<Method, ApiScope>>;
  /** Each call gets a new staff session (the route ends the one it is given: /logout). */
  freshSession?: boolean;
  loader?: Expectations;
  action?: Expectations;
};

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Signed-in staff with one of `allowed` get in; other staff 403; anonymous visitors go to /login. */
function signedIn(allowed: readonly StaffPrincipal[]): Expectations {
  const out: Expectations = { anonymous: "login" };
  for (const p of STAFF_PRINCIPALS) out[p] = allowed.includes(p) ? "allow" : "forbidden";
  return out;
}

/** The same, for one case of area A: area B's official must be refused (403 or 404), never served. */
function caseOfAreaA(allowed: readonly StaffPrincipal[]): Expectations {
  return { ...signedIn(allowed), areaB: ["forbidden", "notfound"] };
}

/** Everyone gets the same outcome (public pages; methods nobody may use). */
function everyone(outcome: Expectation, extra: readonly Principal[] = []): Expectations {
  const out: Expectations = {};
  for (const p of [...BASE_PRINCIPALS, ...extra]) out[p] = outcome;
  return out;
}

/** A staff API endpoint: only a bearer token with the scope; a session cookie is no credential. */
function tokenOnly(): Expectations {
  return { ...everyone("unauthorized"), tokenScoped: "allow", tokenUnscoped: "forbidden" };
}

/** A kiosk endpoint: only a device credential. */
function kioskOnly(): Expectations {
  return { ...everyone("unauthorized"), kiosk: "allow" };
}

const ADMIN = signedIn(["admin"]);
const ANY_STAFF = signedIn(STAFF_PRINCIPALS);
const INBOX = signedIn(["areaA", "areaB", "officer", "admin"]); // cases:inbox (area officials: their area only)
const REGISTER = signedIn(["officer", "admin"]); // cases:register
const PERSONAL_DATA = signedIn(["officer", "admin"]); // personal-data:manage
const RESULTS = signedIn(["officer", "committee", "admin"]); // surveys:results
const PLAN_VIEW = signedIn(["officer", "committee", "admin"]); // plan:view
const PLAN_MANAGE = signedIn(["committee", "admin"]); // plan:manage
const PUBLIC = everyone("allow");
const WITH_TOKENS = [...TOKEN_PRINCIPALS] as const;

export const form = (fields: Record<string, string>): Body => ({
  contentType: "application/x-www-form-urlencoded",
  text: new URLSearchParams(fields).toString(),
});
export const json = (value: unknown): Body => ({ contentType: "application/json", text: JSON.stringify(value) });

/** An access code no case has: what every principal but the citizen presents. */
export const WRONG_CODE = "ZZZZZZZZZZ";
const codeFor = (c: CallContext) => (c.principal === "citizen" ? c.f.caseA.accessCode : WRONG_CODE);

/** An admin page with the loader and action, at `path`. */
const adminPage = (path: string): RouteRule => ({ path: () => path, loader: ADMIN, action: ADMIN });
/** An admin page about one row, /admin/<section>/<id>. */
const adminRow = (section: string, id: (f: Fixtures) => string, withAction = true): RouteRule => ({
  path: (f) => `/admin/${section}/${id(f)}`,
  params: (f) => ({ id: id(f) }),
  loader: ADMIN,
  ...(withAction ? { action: ADMIN } : {}),
});
/** A Staff API action on the fixture case (POST only, scope cases:manage). */
const caseApiAction = (action: string): RouteRule => ({
  path: (f) => `/api/v1/cases/${f.caseA.folio}/${action}`,
  params: (f) => ({ folio: f.caseA.folio }),
  body: () => json({}),
  scope: { action: "cases:manage" },
  loader: everyone("method", WITH_TOKENS),
  action: tokenOnly(),
});
/** A kiosk endpoint (POST with the device credential; GET is 405 for everyone). */
const kioskEndpoint = (path: string, body: unknown): RouteRule => ({
  path: () => path,
  body: () => json(body),
  loader: everyone("method", ["kiosk"]),
  action: kioskOnly(),
});

// ---------------------------------------------------------------------------------------------
// The table: one entry per file of app/routes.

export const ACCESS_RULES: Record<string, RouteRule> = {
  // Public pages and files
  "_index.tsx": { path: () => "/", loader: PUBLIC },
  "comprobante.tsx": { path: () => "/comprobante", loader: PUBLIC },
  "healthz.ts": { path: () => "/healthz", loader: PUBLIC },
  "i18n.$lng.$ns.ts": { path: () => "/i18n/es/common", params: () => ({ lng: "es", ns: "common" }), loader: PUBLIC },
  "idioma.tsx": { path: () => "/idioma", body: () => form({ lng: "en", redirectTo: "/" }), loader: PUBLIC, action: PUBLIC },
  "ingresar.$tipo.tsx": { path: () => "/ingresar/reclamo", params: () => ({ tipo: "reclamo" }), loader: PUBLIC, action: PUBLIC },
  "privacidad.tsx": { path: () => "/privacidad", loader: PUBLIC },
  "transparencia.tsx": { path: () => "/transparencia", loader: PUBLIC },
  "transparencia[.]csv.tsx": { path: () => "/transparencia.csv", loader: PUBLIC },
  "login.tsx": { path: () => "/login", loader: PUBLIC, action: PUBLIC },
  // Ends the session it is given, so each call gets one of its own.
  "logout.tsx": { path: () => "/logout", freshSession: true, loader: PUBLIC, action: PUBLIC },

  // Citizens: the folio and access code are the credential; staff sessions count for nothing.
  "seguimiento.tsx": {
    path: () => "/seguimiento",
    query: (c) => (c.method === "loader" ? { folio: c.f.caseA.folio, codigo: codeFor(c) } : undefined),
    // The case is not waiting for information: the citizen's answer is a 409, past the credential check.
    body: (c) => form({ folio: c.f.caseA.folio, codigo: codeFor(c), answer: "Adjunto la información pedida." }),
    credentialInBody: true,
    loader: { ...everyone("notfound"), citizen: "allow" },
    action: { ...everyone("notfound"), citizen: "allow" },
  },

  // Surveys: the token or poster code in the address is the credential.
  "encuesta.$token.tsx": {
    path: (f) => `/encuesta/${f.invitationToken}`,
    params: (f) => ({ token: f.invitationToken }),
    loader: PUBLIC,
    action: PUBLIC,
  },
  "e.$code.tsx": { path: (f) => `/e/${f.posterCode}`, params: (f) => ({ code: f.posterCode }), loader: PUBLIC, action: PUBLIC },
  "encuesta.gracias.tsx": { path: () => "/encuesta/gracias" }, // no loader, no action: a static page

  // Kiosk (device credential as Authorization: Bearer, never a cookie)
  "kiosco._index.tsx": { path: () => "/kiosco" }, // no server data
  "kiosco.activar.tsx": { path: () => "/kiosco/activar", body: () => form({ code: "XXXX-XXXX" }), loader: PUBLIC, action: PUBLIC },
  "kiosco.icon[.]svg.ts": { path: () => "/kiosco/icon.svg", loader: PUBLIC },
  "kiosco.manifest[.]webmanifest.ts": { path: () => "/kiosco/manifest.webmanifest", loader: PUBLIC },
  "kiosco.sw[.]js.ts": { path: () => "/kiosco/sw.js", loader: PUBLIC },
  "kiosco.codigo.ts": kioskEndpoint("/kiosco/codigo", {}),
  "kiosco.pulso.ts": kioskEndpoint("/kiosco/pulso", { queued: 0 }),
  "kiosco.solicitud.ts": kioskEndpoint("/kiosco/solicitud", {}),

  // Every signed-in staff member
  "cuenta.tsx": { path: () => "/cuenta", loader: ANY_STAFF, action: ANY_STAFF },

  // Casework
  "gestion._index.tsx": { path: () => "/gestion", loader: INBOX },
  "gestion.exportar[.]csv.ts": { path: () => "/gestion/exportar.csv", loader: INBOX },
  "gestion.exportar[.]xlsx.ts": { path: () => "/gestion/exportar.xlsx", loader: INBOX },
  "gestion.registrar.tsx": { path: () => "/gestion/registrar", loader: REGISTER, action: REGISTER },
  "gestion.casos.$id.tsx": {
    path: (f) => `/gestion/casos/${f.caseA.id}`,
    params: (f) => ({ id: f.caseA.id }),
    // Allowed calls add an internal note (303 back to the case); refused ones send an empty form.
    body: () => form({ intent: "note", text: "Nota de la prueba de control de acceso." }),
    loader: caseOfAreaA(["areaA", "officer", "admin"]),
    action: caseOfAreaA(["areaA", "officer", "admin"]), // cases:handle, on a case they can see
  },
  "gestion.casos.$id.adjuntos.$attachmentId.tsx": {
    path: (f) => `/gestion/casos/${f.caseA.id}/adjuntos/${f.attachmentA}`,
    params: (f) => ({ id: f.caseA.id, attachmentId: f.attachmentA }),
    loader: caseOfAreaA(["areaA", "officer", "admin"]),
  },

  // Personal data (personal-data:manage: OIRS officers and administrators)
  "gestion.datos-personales.tsx": { path: () => "/gestion/datos-personales", loader: PERSONAL_DATA, action: PERSONAL_DATA },
  "gestion.datos-personales_.exportar.ts": {
    path: () => "/gestion/datos-personales/exportar",
    loader: everyone("method"), // POST only; the GET answers 405 to everyone and reads nothing
    action: PERSONAL_DATA,
  },

  // Satisfaction results
  "satisfaccion._index.tsx": { path: () => "/satisfaccion", loader: RESULTS },
  "satisfaccion.exportar[.]csv.ts": { path: () => "/satisfaccion/exportar.csv", loader: RESULTS },
  "satisfaccion.exportar[.]xlsx.ts": { path: () => "/satisfaccion/exportar.xlsx", loader: RESULTS },

  // Committee: the plan is read by plan:view (OIRS officers too) and edited by plan:manage
  "comite._index.tsx": { path: () => "/comite", loader: PLAN_VIEW },
  "comite.difusion.tsx": { path: () => "/comite/difusion", loader: PLAN_VIEW, action: PLAN_MANAGE },
  "comite.difusion_.destinatarios[.]xlsx.ts": { path: () => "/comite/difusion/destinatarios.xlsx", loader: PLAN_VIEW },
  "comite.informe.tsx": { path: () => "/comite/informe", loader: PLAN_VIEW },
  "comite.informe[.]docx.tsx": { path: () => "/comite/informe.docx", loader: PLAN_VIEW },
  "comite.plan.tsx": { path: () => "/comite/plan", loader: PLAN_VIEW },
  "comite.plan._index.tsx": { path: () => "/comite/plan", loader: PLAN_VIEW, action: PLAN_MANAGE },
  "comite.plan.actividades.$id.tsx": {
    path: (f) => `/comite/plan/actividades/${f.activityId}`,
    params: (f) => ({ id: f.activityId }),
    loader: PLAN_VIEW,
    action: PLAN_MANAGE,
  },
  "comite.plan.actividades.nueva.tsx": { path: () => "/comite/plan/actividades/nueva", loader: PLAN_MANAGE, action: PLAN_MANAGE },
  "comite.plan.cambios.tsx": { path: () => "/comite/plan/cambios", loader: PLAN_VIEW, action: PLAN_MANAGE },
  "comite.plan.dificultades.tsx": { path: () => "/comite/plan/dificultades", loader: PLAN_VIEW, action: PLAN_MANAGE },
  "comite.plan.indicadores._index.tsx": { path: () => "/comite/plan/indicadores", loader: PLAN_VIEW },
  "comite.plan.indicadores.$id.tsx": {
    path: (f) => `/comite/plan/indicadores/${f.indicatorId}`,
    params: (f) => ({ id: f.indicatorId }),
    loader: PLAN_VIEW,
    action: PLAN_MANAGE,
  },
  "comite.plan_.evidencias.$evidenceId.tsx": {
    path: (f) => `/comite/plan/evidencias/${f.evidenceId}`,
    params: (f) => ({ evidenceId: f.evidenceId }),
    loader: PLAN_VIEW,
  },

  // Administration (admin:manage)
  "admin.tsx": { path: () => "/admin", loader: ADMIN },
  "admin._index.tsx": { path: () => "/admin", loader: ADMIN },
  "admin.institucion.tsx": adminPage("/admin/institucion"),
  "admin.afiches._index.tsx": adminPage("/admin/afiches"),
  "admin.afiches.nuevo.tsx": adminPage("/admin/afiches/nuevo"),
  "admin.afiches.$id.tsx": adminRow("afiches", (f) => f.posterId),
  "admin.afiches.$id_.imprimir.tsx": {
    path: (f) => `/admin/afiches/${f.posterId}/imprimir`,
    params: (f) => ({ id: f.posterId }),
    loader: ADMIN,
  },
  "admin.areas._index.tsx": adminPage("/admin/areas"),
  "admin.areas.nueva.tsx": adminPage("/admin/areas/nueva"),
  "admin.areas.$id.tsx": adminRow("areas", (f) => f.areaId),
  "admin.encuestas._index.tsx": adminPage("/admin/encuestas"),
  "admin.encuestas.nueva.tsx": adminPage("/admin/encuestas/nueva"),
  "admin.encuestas.$id.tsx": adminRow("encuestas", (f) => f.surveyTemplateId),
  "admin.feriados._index.tsx": { path: () => "/admin/feriados", loader: ADMIN },
  "admin.feriados.nuevo.tsx": adminPage("/admin/feriados/nuevo"),
  "admin.feriados.$id.tsx": adminRow("feriados", (f) => f.holidayId),
  "admin.kioscos._index.tsx": adminPage("/admin/kioscos"),
  "admin.kioscos.nuevo.tsx": adminPage("/admin/kioscos/nuevo"),
  "admin.oficinas._index.tsx": adminPage("/admin/oficinas"),
  "admin.oficinas.nueva.tsx": adminPage("/admin/oficinas/nueva"),
  "admin.oficinas.$id.tsx": adminRow("oficinas", (f) => f.officeId),
  "admin.plantillas._index.tsx": adminPage("/admin/plantillas"),
  "admin.plantillas.nueva.tsx": adminPage("/admin/plantillas/nueva"),
  "admin.plantillas.$id.tsx": adminRow("plantillas", (f) => f.replyTemplateId),
  "admin.reglas._index.tsx": adminPage("/admin/reglas"),
  "admin.reglas.nueva.tsx": adminPage("/admin/reglas/nueva"),
  "admin.reglas.$id.tsx": adminRow("reglas", (f) => f.routingRuleId),
  "admin.tokens._index.tsx": adminPage("/admin/tokens"),
  "admin.tokens.nuevo.tsx": adminPage("/admin/tokens/nuevo"),
  "admin.tramites._index.tsx": adminPage("/admin/tramites"),
  "admin.tramites.nuevo.tsx": adminPage("/admin/tramites/nuevo"),
  "admin.tramites.$id.tsx": adminRow("tramites", (f) => f.tramiteId),
  "admin.usuarios._index.tsx": adminPage("/admin/usuarios"),
  "admin.usuarios.nuevo.tsx": adminPage("/admin/usuarios/nuevo"),
  "admin.usuarios.$id.tsx": adminRow("usuarios", (f) => f.userId),

  // Staff API v1 (bearer tokens with scopes; a session cookie is not a credential)
  "api.v1.cases.ts": {
    path: () => "/api/v1/cases",
    body: () => json({}),
    scope: { loader: "cases:read", action: "cases:write" },
    loader: tokenOnly(),
    action: tokenOnly(),
  },
  "api.v1.cases.$folio.ts": {
    // Without a bearer token this is the citizen's lookup: the access code is the credential.
    path: (f) => `/api/v1/cases/${f.caseA.folio}`,
    params: (f) => ({ folio: f.caseA.folio }),
    query: (c) => (c.principal === "tokenScoped" || c.principal === "tokenUnscoped" ? undefined : { accessCode: codeFor(c) }),
    scope: { loader: "cases:read" },
    loader: { ...everyone("notfound"), citizen: "allow", tokenScoped: "allow", tokenUnscoped: "forbidden" },
    action: everyone("method", WITH_TOKENS),
  },
  "api.v1.cases.$folio.assign.ts": caseApiAction("assign"),
  "api.v1.cases.$folio.close.ts": caseApiAction("close"),
  "api.v1.cases.$folio.notes.ts": caseApiAction("notes"),
  "api.v1.cases.$folio.reply.ts": caseApiAction("reply"),
  "api.v1.indicators.satisfaction.ts": {
    path: () => "/api/v1/indicators/satisfaction",
    query: () => ({ from: "2026-01-01", to: "2026-12-31" }),
    scope: { loader: "indicators:read" },
    loader: tokenOnly(),
    action: everyone("method", WITH_TOKENS),
  },
  "api.v1.openapi[.]json.ts": { path: () => "/api/v1/openapi.json", loader: everyone("allow", WITH_TOKENS) },
  // Public: the credential (invitation token, poster code) is in the body, or a kiosk's device
  // credential in Authorization — so an API token there is an unknown device (401).
  "api.v1.survey-responses.ts": {
    path: () => "/api/v1/survey-responses",
    body: (c) => json(c.principal === "kiosk" || c.principal.startsWith("token") ? { answers: {} } : { posterCode: c.f.posterCode, answers: {} }),
    credentialInBody: true,
    loader: everyone("method", [...WITH_TOKENS, "kiosk"]),
    action: { ...everyone("allow"), kiosk: "allow", tokenScoped: "unauthorized", tokenUnscoped: "unauthorized" },
  },
  // Any other /api address: a JSON 404.
  "api.$.ts": {
    path: () => "/api/v1/nada",
    params: () => ({ "*": "v1/nada" }),
    loader: everyone("notfound", WITH_TOKENS),
    action: everyone("notfound", WITH_TOKENS),
  },

  // Open311 GeoReport v2 (api_key parameter; filing is open to anyone, reading needs the code)
  "api.open311.v2.services[.]json.ts": {
    path: () => "/api/open311/v2/services.json",
    tokenVia: "api_key",
    loader: everyone("allow", WITH_TOKENS),
    action: everyone("method", WITH_TOKENS),
  },
  "api.open311.v2.requests[.]json.ts": {
    path: () => "/api/open311/v2/requests.json",
    tokenVia: "api_key",
    scope: { action: "cases:write" },
    loader: everyone("method", WITH_TOKENS), // listing other people's requests is not offered
    action: { ...everyone("allow"), tokenScoped: "allow", tokenUnscoped: "forbidden" },
  },
  "api.open311.v2.requests.$id[.]json.ts": {
    path: (f) => `/api/open311/v2/requests/${f.caseA.folio}.json`,
    params: (f) => ({ id: f.caseA.folio }),
    tokenVia: "api_key",
    query: (c) => (c.principal === "tokenScoped" || c.principal === "tokenUnscoped" ? undefined : { access_code: codeFor(c) }),
    scope: { loader: "cases:read" },
    // Without the code or a key with cases:read, the case does not exist.
    loader: { ...everyone("notfound"), citizen: "allow", tokenScoped: "allow", tokenUnscoped: "notfound" },
    action: everyone("method", WITH_TOKENS),
  },
};
