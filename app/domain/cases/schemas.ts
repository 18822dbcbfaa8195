// The one set of rules for a citizen's request, shared by the web form (through Conform, on the
// client and the server), the kiosk and the JSON APIs. Messages are i18n keys (see utils/validation).
import { z } from "zod";
import { isValidRut, normalizeRut } from "~/domain/cases/rut";
import { msg, optionalText, requiredText } from "~/utils/validation";

export const CASE_KINDS = ["CONSULTA", "RECLAMO", "SUGERENCIA", "FELICITACION", "SOLICITUD"] as const;
export type CaseKindValue = (typeof CASE_KINDS)[number];

/** The kinds a citizen chooses on the home page, with their URL slug. */
export const CITIZEN_KIND_SLUGS = {
  reclamo: "RECLAMO",
  consulta: "CONSULTA",
  sugerencia: "SUGERENCIA",
  felicitacion: "FELICITACION",
} as const satisfies Record<string, CaseKindValue>;
export type CitizenKindSlug = keyof typeof CITIZEN_KIND_SLUGS;

export function kindFromSlug(slug: string | undefined): CaseKindValue | null {
  // Own keys only: "__proto__" or "constructor" in the URL must not pass as a kind.
  return slug && Object.prototype.hasOwnProperty.call(CITIZEN_KIND_SLUGS, slug) ? CITIZEN_KIND_SLUGS[slug as CitizenKindSlug] : null;
}

export function slugFromKind(kind: CaseKindValue): string {
  return Object.entries(CITIZEN_KIND_SLUGS).find(([, k]) => k === kind)?.[0] ?? "consulta";
}

export const REPLY_CHANNELS = ["EMAIL", "POSTAL", "PRESENCIAL"] as const;
export const GENDERS = ["FEMENINO", "MASCULINO", "OTRO", "PREFIERO_NO_DECIR"] as const;
export const AGE_RANGES = ["MENOS_18", "18_29", "30_44", "45_59", "60_MAS"] as const;

/** Kinds that need a way to answer: they cannot be anonymous. */
export function requiresContact(kind: CaseKindValue): boolean {
  return kind === "RECLAMO" || kind === "CONSULTA" || kind === "SOLICITUD";
}

export const SUBJECT_MAX = 150;
export const DESCRIPTION_MAX = 4000;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values, { errorMap: () => ({ message: msg("validation.choice") }) })
    .optional();

const rut = () =>
  z
    .string()
    .trim()
    .max(20, msg("validation.rut"))
    .optional()
    .refine((v) => !v || isValidRut(v), msg("validation.rut"))
    .transform((v) => (v ? (normalizeRut(v) ?? undefined) : undefined));

/** The citizen's email as every form takes it (intake, staff registration, rectification). */
export const contactEmail = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, msg("validation.tooLong", { max: 254 }))
    .email(msg("validation.email"))
    .optional();

export const contactPhone = () =>
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{8,20}$/, msg("validation.phone"))
    .optional();

/**
 * A required text that reports "required" without aborting the parse, so the cross-field rules
 * (contact data) still run and the citizen sees every problem at once.
 */
const presentText = (max: number) => z.preprocess((v) => (v === undefined || v === null ? "" : v), requiredText(max));

/**
 * The flat shape every channel is mapped to. Field names are the web form's; the JSON API maps
 * its nested `citizen` object onto them (and its error paths back).
 */
export const caseFields = {
  subject: presentText(SUBJECT_MAX),
  description: presentText(DESCRIPTION_MAX),
  tramiteId: z.string().uuid(msg("validation.notFound")).optional(),
  tramiteCode: z.string().trim().max(30).optional(),
  officeId: z.string().uuid(msg("validation.notFound")).optional(),
  officeCode: z.string().trim().max(30).optional(),
  anonymous: z.boolean().default(false),
  name: optionalText(120),
  rut: rut(),
  email: contactEmail(),
  phone: contactPhone(),
  address: optionalText(200),
  commune: optionalText(80),
  region: optionalText(10),
  replyChannel: optionalEnum(REPLY_CHANNELS),
  gender: optionalEnum(GENDERS),
  ageRange: optionalEnum(AGE_RANGES),
  locale: z.enum(["es", "en"]).default("es"),
};

const CaseFieldsObject = z.object({ kind: z.enum(CASE_KINDS, { errorMap: () => ({ message: msg("validation.choice") }) }), ...caseFields });
export type CaseFieldsInput = z.input<typeof CaseFieldsObject>;

/** Contact rules that depend on the kind and on each other. */
function checkContact(value: z.infer<typeof CaseFieldsObject>, ctx: z.RefinementCtx) {
  const needsContact = requiresContact(value.kind);
  if (value.anonymous) {
    if (needsContact) ctx.addIssue({ code: "custom", path: ["anonymous"], message: msg("cases:validation.anonymousNotAllowed") });
    return;
  }
  if (!value.name) ctx.addIssue({ code: "custom", path: ["name"], message: msg("validation.required") });
  if (needsContact && !value.email && !value.address) {
    ctx.addIssue({ code: "custom", path: ["email"], message: msg("cases:validation.contactNeeded") });
  }
  if (value.replyChannel === "EMAIL" && !value.email) {
    ctx.addIssue({ code: "custom", path: ["email"], message: msg("cases:validation.emailForReply") });
  }
  if (value.replyChannel === "POSTAL" && !value.address) {
    ctx.addIssue({ code: "custom", path: ["address"], message: msg("cases:validation.addressForReply") });
  }
  if (needsContact && !value.replyChannel) {
    ctx.addIssue({ code: "custom", path: ["replyChannel"], message: msg("validation.choice") });
  }
}

/** Anonymous requests keep no contact data even if some was typed. */
function dropContactWhenAnonymous<T extends z.infer<typeof CaseFieldsObject>>(value: T): T {
  if (!value.anonymous) return value;
  return {
    ...value,
    name: undefined,
    rut: undefined,
    email: undefined,
    phone: undefined,
    address: undefined,
    replyChannel: undefined,
  };
}

export const NewCaseSchema = CaseFieldsObject.superRefine(checkContact).transform(dropContactWhenAnonymous);
export type NewCaseInput = z.output<typeof NewCaseSchema>;

/**
 * The web form for one kind: the kind comes from the URL, `website` is a honeypot that people
 * never see (bots fill it), and the anonymous checkbox arrives as "on".
 */
export function citizenFormSchema(kind: CaseKindValue) {
  return z
    .object({
      ...caseFields,
      anonymous: z
        .union([z.literal("on"), z.boolean()])
        .optional()
        .transform((v) => v === "on" || v === true),
      website: z.string().optional(),
    })
    .superRefine((value, ctx) => checkContact({ ...value, kind }, ctx))
    .transform(({ website, ...rest }) => ({ ...dropContactWhenAnonymous({ ...rest, kind }), honeypot: Boolean(website) }));
}

/** Channels an officer registers by hand (web, kiosk and API file themselves). */
export const STAFF_CHANNELS = ["PRESENCIAL", "TELEFONO", "EMAIL", "CARTA", "REDES"] as const;

/**
 * An officer registering a request received by phone, at the counter, by letter or by email: the
 * citizen's fields plus the kind, the channel and when it really arrived (the legal clock follows
 * that date; the domain refuses future dates).
 */
export const StaffRegisterSchema = z
  .object({
    ...caseFields,
    kind: z.enum(CASE_KINDS, { errorMap: () => ({ message: msg("validation.choice") }) }),
    channel: z.enum(STAFF_CHANNELS, { errorMap: () => ({ message: msg("validation.choice") }) }),
    receivedDate: z.preprocess((v) => v ?? "", z.string().regex(/^\d{4}-\d{2}-\d{2}$/, msg("cases:validation.date"))),
    receivedTime: z.preprocess((v) => v ?? "", z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg("cases:validation.time"))),
    anonymous: z
      .union([z.literal("on"), z.boolean()])
      .optional()
      .transform((v) => v === "on" || v === true),
  })
  .superRefine((value, ctx) => checkContact(value, ctx))
  .transform((value) => dropContactWhenAnonymous(value));
export type StaffRegisterInput = z.output<typeof StaffRegisterSchema>;
