// The totem's wire formats and the rules of a request filed there, shared by the kiosk's browser code,
// its endpoints and tests. Pure and free of zod on purpose: this module is in the kiosk's first-screen
// bundle (issue 6 budgets its size); the server checks the same rules, then NewCaseSchema.

export const KIOSK_MODES = ["SURVEY", "REQUEST", "BOTH"] as const;
export type KioskModeValue = (typeof KIOSK_MODES)[number];
export const KIOSK_LANGUAGES = ["es", "en"] as const;

/** The kinds a person can file at the totem (SOLICITUD is a staff channel's concern). */
export const KIOSK_CASE_KINDS = ["RECLAMO", "CONSULTA", "SUGERENCIA", "FELICITACION"] as const;
export type KioskCaseKind = (typeof KIOSK_CASE_KINDS)[number];
export const KIOSK_DESCRIPTION_MAX = 2000;

/** Whether the kind needs a way to answer (then an email is required at the totem). */
export function kioskKindNeedsEmail(kind: KioskCaseKind): boolean {
  return kind === "RECLAMO" || kind === "CONSULTA";
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/**
 * The totem's request as the browser sends it. Checked in the browser before it is queued (so a
 * queued request is one the server will accept) and again on the server (then NewCaseSchema).
 */
export type KioskRequestBody = {
  kind: KioskCaseKind;
  description: string;
  name?: string;
  email?: string;
  locale: "es" | "en";
  /** Set when the request was queued offline: shown to the person, kept in the case's subject. */
  provisional?: string;
};

export type KioskRequestErrors = Partial<Record<"kind" | "description" | "name" | "email", string>>;

/** Same rules in the browser and on the server; values are i18n keys of the kiosk namespace. */
export function checkKioskRequest(body: Partial<KioskRequestBody>): KioskRequestErrors {
  const errors: KioskRequestErrors = {};
  const kind = body.kind;
  if (!kind || !(KIOSK_CASE_KINDS as readonly string[]).includes(kind)) errors.kind = "request.errors.kind";
  const description = (body.description ?? "").trim();
  if (!description) errors.description = "request.errors.description";
  else if (description.length > KIOSK_DESCRIPTION_MAX) errors.description = "request.errors.descriptionLong";
  const name = (body.name ?? "").trim();
  const email = (body.email ?? "").trim();
  if (name.length > 120) errors.name = "request.errors.nameLong";
  if (email && (!EMAIL_RE.test(email) || email.length > 254)) errors.email = "request.errors.email";
  if (kind && !errors.kind && kioskKindNeedsEmail(kind)) {
    if (!email) errors.email = errors.email ?? "request.errors.emailNeeded";
    if (!name) errors.name = "request.errors.nameNeeded";
  }
  if (email && !name && !errors.name) errors.name = "request.errors.nameForEmail";
  return errors;
}

/** What the kiosk learns about itself (after enrolment and with every heartbeat). */
export type KioskConfig = {
  name: string;
  officeName: string;
  mode: KioskModeValue;
  idleTimeoutSeconds: number;
  languages: Array<"es" | "en">;
  survey: KioskSurvey | null;
};

export type KioskQuestion = {
  key: string;
  type: "scale" | "yes_partly_no";
  label: { es: string; en: string };
  options?: Array<{ value: string; label: { es: string; en: string } }>;
  endLabels?: { es: [string, string]; en: [string, string] };
};

/** The main 1–7 question and at most two short follow-ups from the institution's default template. */
export type KioskSurvey = { main: KioskQuestion; followUps: KioskQuestion[] };
