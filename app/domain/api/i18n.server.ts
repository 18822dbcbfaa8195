// Server-side translation for the JSON APIs: real sentences in the caller's language (the body's
// `locale`, else Accept-Language, else Spanish). The app's namespaces come from i18n/resources;
// the API's own sentences live here, in the `api` namespace, next to the code that uses them.
import { createInstance, type TFunction } from "i18next";
import { defaultNS, fallbackLanguage, isLanguage, supportedLanguages, type Language } from "~/i18n/config";
import { resources } from "~/i18n/resources";

const api = {
  es: {
    errors: {
      unauthorized: "Falta el token de acceso o no es válido (use Authorization: Bearer <token>).",
      forbidden: "El token no tiene el permiso necesario para esta operación ({{scope}}).",
      notFound: "No encontramos una solicitud con ese folio y código de acceso.",
      routeNotFound: "Esta dirección no existe en la API.",
      methodNotAllowed: "Método no permitido en esta dirección. Use {{allow}}.",
      idempotencyConflict: "Esta Idempotency-Key ya se usó con un contenido distinto. Use una clave nueva para otra solicitud.",
      idempotencyKey: "El encabezado Idempotency-Key debe tener entre 1 y 200 caracteres imprimibles.",
      tooLarge: "El contenido supera el máximo permitido de {{max}} KB.",
      mediaType: "Envíe el contenido como JSON (Content-Type: application/json).",
      mediaTypeForm: "Envíe el contenido como formulario (application/x-www-form-urlencoded) o como JSON.",
      malformedJson: "El contenido no es JSON válido.",
      notAnObject: "El contenido debe ser un objeto JSON.",
      tooDeep: "El JSON está anidado en más de {{max}} niveles.",
      rateLimited: "Demasiadas solicitudes. Intente nuevamente en {{seconds}} segundos.",
      trackingLimited: "Demasiados intentos con datos incorrectos. Intente nuevamente en {{seconds}} segundos.",
      unavailable: "El servicio no está disponible por un momento. Intente nuevamente en {{seconds}} segundos.",
      internal: "Ocurrió un error inesperado. Ya fue registrado; intente nuevamente.",
      caseNotFound: "No existe un caso con ese folio en la institución.",
      illegalTransition: "La acción {{action}} no está permitida para un caso en estado {{status}}.",
      illegalClose: "Un caso en estado {{status}} no se puede cerrar con el resultado {{outcome}}. Resultados permitidos ahora: {{allowed}}.",
    },
    validation: {
      unknownField: "Este campo no existe en la API.",
      unknownParameter: "Este parámetro no existe en la API.",
      object: "Debe ser un objeto JSON.",
      invalid: "El valor no es válido.",
      oneOf: "Debe ser uno de: {{values}}.",
      dateTime: "Debe ser una fecha y hora ISO 8601 con zona horaria (ej.: 2026-03-02T09:15:00-03:00).",
      areaNotFound: "No existe un área activa con ese código en la institución.",
      areaCodeNotFound: "No existe un área con ese código en la institución.",
      assigneeNotFound: "No hay un funcionario/a activo con ese correo en la institución.",
      boolean: "Debe ser true o false.",
    },
    open311: {
      groupKinds: "Tipos de solicitud",
      groupTramites: "Trámites y servicios",
      kindDescription: {
        CONSULTA: "Pregunte sobre un trámite, un beneficio o un servicio.",
        RECLAMO: "Un servicio o una atención no fue como debía ser. Requiere datos de contacto para responderle.",
        SUGERENCIA: "Una idea para mejorar la atención. Puede ser anónima.",
        FELICITACION: "Reconozca una buena atención. Puede ser anónima.",
        SOLICITUD: "Una petición general a la institución. Requiere datos de contacto para responderle.",
      },
      kindKeywords: {
        CONSULTA: "consulta, pregunta, información",
        RECLAMO: "reclamo, queja, problema",
        SUGERENCIA: "sugerencia, idea, mejora",
        FELICITACION: "felicitación, agradecimiento",
        SOLICITUD: "solicitud, petición",
      },
      notice: "Guarde el folio {{folio}} y el código de acceso {{accessCode}}: los necesita para ver el estado. Plazo de respuesta: {{count}} días hábiles (hasta el {{date}}).",
      unknownService: "service_code: no existe ese servicio. Consulte services.json.",
      invalidApiKey: "api_key no es válida, está revocada o venció.",
      lookupNeedsAccess: "No encontramos esa solicitud. Indique access_code o un api_key con permiso de lectura.",
      listing: "El listado de solicitudes no está disponible; consulte una por su folio y access_code.",
      unknownFields: "Campos no reconocidos: {{fields}}.",
    },
  },
  en: {
    errors: {
      unauthorized: "The access token is missing or not valid (use Authorization: Bearer <token>).",
      forbidden: "The token lacks the permission this operation needs ({{scope}}).",
      notFound: "We found no request with that folio and access code.",
      routeNotFound: "This address does not exist in the API.",
      methodNotAllowed: "Method not allowed at this address. Use {{allow}}.",
      idempotencyConflict: "This Idempotency-Key was already used with a different body. Use a new key for another request.",
      idempotencyKey: "The Idempotency-Key header must be 1 to 200 printable characters.",
      tooLarge: "The body exceeds the {{max}} KB limit.",
      mediaType: "Send the body as JSON (Content-Type: application/json).",
      mediaTypeForm: "Send the body form-encoded (application/x-www-form-urlencoded) or as JSON.",
      malformedJson: "The body is not valid JSON.",
      notAnObject: "The body must be a JSON object.",
      tooDeep: "The JSON is nested more than {{max}} levels deep.",
      rateLimited: "Too many requests. Try again in {{seconds}} seconds.",
      trackingLimited: "Too many attempts with wrong details. Try again in {{seconds}} seconds.",
      unavailable: "The service is briefly unavailable. Try again in {{seconds}} seconds.",
      internal: "An unexpected error occurred. It has been logged; please try again.",
      caseNotFound: "There is no case with that folio in the institution.",
      illegalTransition: "The {{action}} action is not allowed for a case in status {{status}}.",
      illegalClose: "A case in status {{status}} cannot be closed with outcome {{outcome}}. Outcomes allowed now: {{allowed}}.",
    },
    validation: {
      unknownField: "This field does not exist in the API.",
      unknownParameter: "This parameter does not exist in the API.",
      object: "Must be a JSON object.",
      invalid: "This value is not valid.",
      oneOf: "Must be one of: {{values}}.",
      dateTime: "Must be an ISO 8601 date and time with a time zone (e.g. 2026-03-02T09:15:00-03:00).",
      areaNotFound: "There is no active area with that code in the institution.",
      areaCodeNotFound: "There is no area with that code in the institution.",
      assigneeNotFound: "There is no active official with that email in the institution.",
      boolean: "Must be true or false.",
    },
    open311: {
      groupKinds: "Request types",
      groupTramites: "Procedures and services",
      kindDescription: {
        CONSULTA: "Ask about a procedure, a benefit or a service.",
        RECLAMO: "A service or an attention was not as it should have been. Needs contact details to answer you.",
        SUGERENCIA: "An idea to improve the service. May be anonymous.",
        FELICITACION: "Recognise good service. May be anonymous.",
        SOLICITUD: "A general petition to the institution. Needs contact details to answer you.",
      },
      kindKeywords: {
        CONSULTA: "question, enquiry, information",
        RECLAMO: "complaint, problem",
        SUGERENCIA: "suggestion, idea, improvement",
        FELICITACION: "compliment, thanks",
        SOLICITUD: "request, petition",
      },
      notice: "Keep folio {{folio}} and access code {{accessCode}}: you need them to check the status. Reply due within {{count}} business days (by {{date}}).",
      unknownService: "service_code: no such service. See services.json.",
      invalidApiKey: "api_key is not valid, revoked or expired.",
      lookupNeedsAccess: "We found no such request. Give access_code or an api_key allowed to read cases.",
      listing: "Listing requests is not offered; look one up by its folio and access_code.",
      unknownFields: "Unknown fields: {{fields}}.",
    },
  },
} as const;

// Fallbacks for validation keys of namespaces that may not exist yet in every deployment.
const FALLBACK_KEY = "api:validation.invalid";

const i18n = createInstance();
void i18n.init({
  resources: {
    es: { ...resources.es, api: api.es },
    en: { ...resources.en, api: api.en },
  },
  lng: fallbackLanguage,
  fallbackLng: fallbackLanguage,
  supportedLngs: [...supportedLanguages],
  ns: [...Object.keys(resources.es), "api"],
  defaultNS,
  interpolation: { escapeValue: false },
  returnNull: false,
  initImmediate: false, // resources are inline: initialise synchronously
});

const fixed = new Map<Language, TFunction>();

/** A translate function for one language. */
export function apiT(locale: Language): TFunction {
  let t = fixed.get(locale);
  if (!t) {
    t = i18n.getFixedT(locale);
    fixed.set(locale, t);
  }
  return t;
}

/**
 * Translates a validation message as the schemas write them: "key", "ns:key" or
 * "key|{json params}" (default namespace common). Unknown keys and Zod's own English messages
 * become a generic "not valid" sentence rather than leaking a key or an English text.
 */
export function translateMessage(locale: Language, message: string): string {
  const t = apiT(locale);
  const bar = message.indexOf("|");
  const rawKey = bar === -1 ? message : message.slice(0, bar);
  let params: Record<string, unknown> = {};
  if (bar !== -1) {
    try {
      params = JSON.parse(message.slice(bar + 1)) as Record<string, unknown>;
    } catch {
      params = {};
    }
  }
  if (!/^[A-Za-z0-9_.:-]+$/.test(rawKey)) return t(FALLBACK_KEY);
  const key = rawKey.includes(":") ? rawKey : `${defaultNS}:${rawKey}`;
  if (!i18n.exists(key, { lng: locale })) return t(FALLBACK_KEY);
  return t(key, params) as string;
}

/** The language for an API answer: an explicit choice (body or query), else Accept-Language, else Spanish. */
export function apiLocale(request: Request, explicit?: unknown): Language {
  if (isLanguage(explicit)) return explicit;
  return languageFromHeader(request.headers.get("accept-language")) ?? fallbackLanguage;
}

export function languageFromHeader(header: string | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split("-")[0]!, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLanguage) ?? null;
}
