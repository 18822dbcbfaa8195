// Personal data (Ley 19.628; Ley 21.719 from 1 December 2026), the pure part: what anonymising a
// case keeps and erases, when the retention policy makes a closed case due, how staff find a
// person's cases (RUT or email), the staff tool's form schemas, the rectification rules that depend
// on the case, and the shape of the access-right export. No I/O: shared by the browser (form
// validation) and the server (anonymise.server.ts, personal-data.server.ts).
import { z } from "zod";
import { contactEmail, contactPhone, requiresContact, type CaseKindValue } from "~/domain/cases/schemas";
import { normalizeRut } from "~/domain/cases/rut";
import { msg, optionalText, requiredText } from "~/utils/validation";

/** What replaces free text (subject, description, messages, comments) in an anonymised case. */
export const ANONYMISED_TEXT = "[anonimizado]";

/** Final statuses with a closing time (closedAt): the retention clock runs from it. */
export const CLOSED_STATUSES = ["CERRADA", "DERIVADA", "DESISTIDA"] as const;
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

export function isClosedStatus(status: string): status is ClosedStatus {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/** Cases anonymised per institution in one run of the retention job (one transaction). */
export const RETENTION_BATCH_SIZE = 500;
/** The institution setting's bounds (Institution.retentionMonths, default 60). */
export const RETENTION_MIN_MONTHS = 12;
export const RETENTION_MAX_MONTHS = 240;

/**
 * The instant before which a case must have been closed to be anonymised: `now` minus `months`
 * calendar months (UTC), the day clamped to the month's length (31 March − 1 month = 28/29 February).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const whole = Math.max(0, Math.floor(months));
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - whole;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(targetYear, targetMonth, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
  );
}

/**
 * The citizen's columns of a case that anonymising sets to NULL. Everything else stays: kind,
 * channel, status, outcome, dates and response days, office, area, trámite, assignee, reply
 * channel, language, the anonymous flag, the institution it was derived to. Commune, region,
 * gender and age range go too: no statistic reads them, and next to the exact dates, office and
 * trámite that must stay they could single a person out (DECISIONS.md, "Personal data").
 */
export const ERASED_CASE_COLUMNS = [
  "citizenName",
  "citizenRut",
  "citizenEmail",
  "citizenPhone",
  "citizenAddress",
  "citizenCommune",
  "citizenRegion",
  "citizenGender",
  "citizenAgeRange",
] as const;

/** Keys of CaseEvent.data that can hold free text (answers, notes, reasons, file names): replaced by ANONYMISED_TEXT. */
export const FREE_TEXT_EVENT_KEYS = ["answer", "note", "reason", "fileName", "text", "message"] as const;

/**
 * Emails to the citizen about a case (outbox dedupeKey `<kind>:<eventId>`, see emailCitizen in
 * cases/actions.server.ts; the receipt is `case-received:<caseId>`): their recipient and subject
 * are erased with the case, and one not yet sent is never sent.
 */
export const CITIZEN_EMAIL_KINDS = ["case-info-request", "case-extended", "case-derived", "case-reply", "survey-invitation"] as const;
export const RECEIPT_EMAIL_PREFIX = "case-received:";

// --- finding a person -------------------------------------------------------------------------

export type PersonQuery = { kind: "rut"; value: string } | { kind: "email"; value: string };

const EMAIL = z.string().email();

/** "12.345.678-5" → RUT 12345678-5; "Ana@Example.CL " → email ana@example.cl; anything else → null. */
export function parsePersonQuery(input: string): PersonQuery | null {
  const value = String(input ?? "").trim();
  if (!value) return null;
  if (value.includes("@")) {
    const email = value.toLowerCase();
    return email.length <= 254 && EMAIL.safeParse(email).success ? { kind: "email", value: email } : null;
  }
  const rut = normalizeRut(value);
  return rut ? { kind: "rut", value: rut } : null;
}

/** The search box: a RUT (any usual spelling, check digit verified) or an email address. */
export const personQueryField = () =>
  z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .trim()
    .min(1, msg("validation.required"))
    .max(254, msg("validation.tooLong", { max: 254 }))
    .transform((value, ctx) => {
      const query = parsePersonQuery(value);
      if (!query) {
        ctx.addIssue({ code: "custom", message: msg(value.includes("@") ? "validation.email" : "personaldata:errors.query") });
        return z.NEVER;
      }
      return query;
    });

/** Why staff look: kept in the audit log with every action on the person's data. */
const reasonField = () => requiredText(500);

export const SearchSchema = z.object({ q: personQueryField(), reason: reasonField() });
export type SearchInput = z.output<typeof SearchSchema>;

/** Export: the same search, carried by the results page. */
export const ExportSchema = SearchSchema;

/** Rectification of one case's contact data: the intake form's rules for these four fields. */
export const RectifySchema = z.object({
  q: personQueryField(),
  reason: reasonField(),
  caseId: z.string({ required_error: msg("validation.required") }).uuid(msg("validation.notFound")),
  name: requiredText(120),
  email: contactEmail(),
  phone: contactPhone(),
  address: optionalText(200),
});
export type RectifyInput = z.output<typeof RectifySchema>;
export const RECTIFIABLE_FIELDS = ["name", "email", "phone", "address"] as const;
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number];

/** At most this many cases are anonymised in one request. */
export const MAX_SELECTED = 200;

const caseIds = () =>
  z
    .array(z.string().uuid(msg("validation.notFound")), { required_error: msg("personaldata:errors.noneSelected"), invalid_type_error: msg("personaldata:errors.noneSelected") })
    .min(1, msg("personaldata:errors.noneSelected"))
    .max(MAX_SELECTED, msg("personaldata:errors.tooMany", { max: MAX_SELECTED }));

/** First step of the deletion right: the cases ticked in the results. */
export const AnonymiseReviewSchema = z.object({ q: personQueryField(), reason: reasonField(), caseIds: caseIds() });
/** Second step: confirmed, with the reason for the deletion. */
export const AnonymiseSchema = AnonymiseReviewSchema.extend({ erasureReason: requiredText(1000) });
export type AnonymiseInput = z.output<typeof AnonymiseSchema>;

// --- rules that depend on the case ------------------------------------------------------------

export type CaseContact = { name: string | null; email: string | null; phone: string | null; address: string | null };

/**
 * The intake form's contact rules for the case being corrected: a reply by email needs an email,
 * by letter an address, and a reclamo, consulta or solicitud needs one of the two.
 */
export function rectificationErrors(c: { kind: CaseKindValue; replyChannel: string | null }, input: Pick<RectifyInput, "email" | "address">): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (c.replyChannel === "EMAIL" && !input.email) errors.email = [msg("cases:validation.emailForReply")];
  else if (requiresContact(c.kind) && !input.email && !input.address) errors.email = [msg("cases:validation.contactNeeded")];
  if (c.replyChannel === "POSTAL" && !input.address) errors.address = [msg("cases:validation.addressForReply")];
  return errors;
}

/** The fields whose value changes (names of RECTIFIABLE_FIELDS), in form order. */
export function changedFields(before: CaseContact, after: { [K in RectifiableField]?: string | null }): RectifiableField[] {
  return RECTIFIABLE_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
}

// --- the access-right export -------------------------------------------------------------------

export const EXPORT_FORMAT = "oirs-personal-data/1";

export type ExportCaseRow = {
  folio: string;
  kind: string;
  channel: string;
  status: string;
  outcome: string | null;
  submittedAt: Date;
  receivedAt: Date;
  dueAt: Date;
  respondedAt: Date | null;
  closedAt: Date | null;
  derivedTo: string | null;
  office: string | null;
  area: string | null;
  tramite: string | null;
  anonymous: boolean;
  citizenName: string | null;
  citizenRut: string | null;
  citizenEmail: string | null;
  citizenPhone: string | null;
  citizenAddress: string | null;
  citizenCommune: string | null;
  citizenRegion: string | null;
  citizenGender: string | null;
  citizenAgeRange: string | null;
  replyChannel: string | null;
  locale: string;
  subject: string;
  description: string;
  attachments: Array<{ fileName: string; mimeType: string; size: number; createdAt: Date }>;
  events: Array<{ type: string; createdAt: Date; message: string | null; data: unknown }>;
  responses: Array<{ createdAt: Date; mainScore: number | null; answers: unknown; comment: string | null }>;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The citizen's own text in a public event's data (their answer to an information request). */
function eventAnswer(data: unknown): string | null {
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const answer = (data as Record<string, unknown>).answer;
    if (typeof answer === "string") return answer;
  }
  return null;
}

/**
 * Everything stored about the person in these cases, as one JSON document: contact and statistical
 * fields, what they wrote, the files they sent (metadata; the files themselves from each case
 * page), what the institution told them (public timeline), and their survey answers. Internal notes
 * and staff-only events are the institution's working record and stay out.
 */
export function buildPersonalDataExport(options: {
  institution: { name: string; email: string | null; phone: string | null; address: string | null };
  query: PersonQuery;
  generatedAt: Date;
  cases: ExportCaseRow[];
}) {
  return {
    format: EXPORT_FORMAT,
    generatedAt: options.generatedAt.toISOString(),
    controller: options.institution,
    searchedBy: options.query,
    caseCount: options.cases.length,
    cases: options.cases.map((c) => ({
      folio: c.folio,
      kind: c.kind,
      channel: c.channel,
      status: c.status,
      outcome: c.outcome,
      submittedAt: iso(c.submittedAt),
      receivedAt: iso(c.receivedAt),
      dueAt: iso(c.dueAt),
      respondedAt: iso(c.respondedAt),
      closedAt: iso(c.closedAt),
      derivedTo: c.derivedTo,
      office: c.office,
      area: c.area,
      tramite: c.tramite,
      personalData: {
        anonymous: c.anonymous,
        name: c.citizenName,
        rut: c.citizenRut,
        email: c.citizenEmail,
        phone: c.citizenPhone,
        address: c.citizenAddress,
        commune: c.citizenCommune,
        region: c.citizenRegion,
        gender: c.citizenGender,
        ageRange: c.citizenAgeRange,
        replyChannel: c.replyChannel,
        language: c.locale,
      },
      subject: c.subject,
      description: c.description,
      attachments: c.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, size: a.size, uploadedAt: iso(a.createdAt) })),
      timeline: c.events.map((e) => ({ type: e.type, at: iso(e.createdAt), message: e.message, answer: eventAnswer(e.data) })),
      surveyResponses: c.responses.map((r) => ({ at: iso(r.createdAt), mainScore: r.mainScore, answers: r.answers, comment: r.comment })),
    })),
  };
}

export type PersonalDataExport = ReturnType<typeof buildPersonalDataExport>;

/** "datos-personales-12345678-5-2026-12-02.json" / "datos-personales-correo-2026-12-02.json". */
export function exportFileName(query: PersonQuery, generatedAt: Date): string {
  const day = generatedAt.toISOString().slice(0, 10);
  return query.kind === "rut" ? `datos-personales-${query.value}-${day}.json` : `datos-personales-correo-${day}.json`;
}
