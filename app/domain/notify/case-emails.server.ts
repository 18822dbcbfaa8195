// Emails about cases, in the citizen's language. Strings live in app/i18n/locales/<lng>/email.json.
import i18next, { type TFunction } from "i18next";
import { resources } from "~/i18n/resources";
import { renderEmail, type EmailLocale } from "./email-layout.server";

export type CaseKind = "CONSULTA" | "RECLAMO" | "SUGERENCIA" | "FELICITACION" | "SOLICITUD";

let instance: typeof i18next | undefined;

/** One i18next instance for all emails, initialised synchronously from the bundled resources. */
function emailT(locale: EmailLocale): TFunction<"email"> {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      ns: ["email"],
      defaultNS: "email",
      lng: "es",
      fallbackLng: "es",
      supportedLngs: ["es", "en"],
      initImmediate: false,
      // Plain text goes into the text part as is; the layout escapes everything for HTML.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance.getFixedT(locale, "email");
}

// Building an Intl formatter is costly; one per language is enough.
const emailDateFormats = {
  es: new Intl.DateTimeFormat("es-CL", { dateStyle: "long", timeZone: "America/Santiago" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "America/Santiago" }),
};

export function formatEmailDate(date: Date, locale: EmailLocale): string {
  return (emailDateFormats[locale] ?? emailDateFormats.es).format(date);
}

export type CaseReceivedEmailInput = {
  locale: EmailLocale;
  institutionName: string;
  folio: string;
  /** The citizen's tracking secret: shown in this email only, never stored in clear after sending. */
  accessCode: string;
  kind: CaseKind;
  /** Overrides the translated kind ("reclamo", "complaint"…) in subject and text. */
  kindLabel?: string;
  subject: string;
  receivedAt: Date;
  dueAt: Date;
  targetDays: number;
  trackingUrl: string;
};

/** The receipt sent when a case is filed: folio, access code, legal dates and the tracking link. */
export function renderCaseReceivedEmail(input: CaseReceivedEmailInput): { subject: string; text: string; html: string } {
  const t = emailT(input.locale);
  const kind = input.kindLabel ?? t(`kinds.${input.kind}`);
  const dueDate = formatEmailDate(input.dueAt, input.locale);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("caseReceived.title", { kind }),
    paragraphs: [
      t("caseReceived.intro", { kind, subject: input.subject }),
      t("caseReceived.due", { date: dueDate, count: input.targetDays }),
      t("caseReceived.keep"),
    ],
    facts: [
      [t("caseReceived.facts.folio"), input.folio],
      [t("caseReceived.facts.accessCode"), input.accessCode],
      [t("caseReceived.facts.kind"), capitalize(kind, input.locale)],
      [t("caseReceived.facts.subject"), input.subject],
      [t("caseReceived.facts.receivedAt"), formatEmailDate(input.receivedAt, input.locale)],
      [t("caseReceived.facts.dueAt"), dueDate],
    ],
    action: { label: t("caseReceived.action"), url: input.trackingUrl },
    footer: [t("footer.privacy"), t("footer.noReply")],
  });
  return { subject: oneLine(t("caseReceived.subject", { kind, folio: input.folio })), text, html };
}

function capitalize(value: string, locale: EmailLocale): string {
  return value.charAt(0).toLocaleUpperCase(locale === "es" ? "es-CL" : "en-GB") + value.slice(1);
}

/** Subjects are one header line. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Emails while a case is handled. Every subject carries the folio; the tracking link carries only
// the folio (the access code is never stored in clear), so the citizen types their code there.

type CaseEmailBase = {
  locale: EmailLocale;
  institutionName: string;
  folio: string;
  subject: string;
  /** /seguimiento?folio=… (without the access code). */
  trackingUrl: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

/** A text typed by staff (question, reason, answer) as paragraphs: one per non-empty line. */
function textParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0);
}

/** Art. 31: the officer's question; the clock is paused until the citizen answers, within 5 business days. */
export function renderInfoRequestEmail(input: CaseEmailBase & { message: string; answerBy: Date }): RenderedEmail {
  const t = emailT(input.locale);
  const answerBy = formatEmailDate(input.answerBy, input.locale);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("infoRequest.title"),
    paragraphs: [t("infoRequest.intro", { subject: input.subject, folio: input.folio }), ...textParagraphs(input.message), t("infoRequest.howTo", { date: answerBy }), t("infoRequest.paused")],
    facts: [
      [t("caseReceived.facts.folio"), input.folio],
      [t("caseReceived.facts.subject"), input.subject],
      [t("infoRequest.answerBy"), answerBy],
    ],
    action: { label: t("infoRequest.action"), url: input.trackingUrl },
    footer: [t("footer.privacy"), t("footer.noReply")],
  });
  return { subject: oneLine(t("infoRequest.subject", { folio: input.folio })), text, html };
}

/** Art. 26: the deadline moved once, with the reason. */
export function renderDeadlineExtendedEmail(input: CaseEmailBase & { reason: string; days: number; dueAt: Date }): RenderedEmail {
  const t = emailT(input.locale);
  const dueAt = formatEmailDate(input.dueAt, input.locale);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("extended.title"),
    paragraphs: [t("extended.intro", { subject: input.subject, folio: input.folio, count: input.days, date: dueAt }), t("extended.reasonLabel"), ...textParagraphs(input.reason)],
    facts: [
      [t("caseReceived.facts.folio"), input.folio],
      [t("caseReceived.facts.subject"), input.subject],
      [t("extended.newDueAt"), dueAt],
    ],
    action: { label: t("caseReceived.action"), url: input.trackingUrl },
    footer: [t("footer.privacy"), t("footer.noReply")],
  });
  return { subject: oneLine(t("extended.subject", { folio: input.folio })), text, html };
}

/** Art. 14: the request belongs to another institution; it was sent there. */
export function renderCaseDerivedEmail(input: CaseEmailBase & { derivedTo: string; reason: string }): RenderedEmail {
  const t = emailT(input.locale);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("derived.title", { institution: input.derivedTo }),
    paragraphs: [
      t("derived.intro", { subject: input.subject, folio: input.folio, institution: input.derivedTo }),
      t("derived.reasonLabel"),
      ...textParagraphs(input.reason),
      t("derived.next", { institution: input.derivedTo }),
    ],
    facts: [
      [t("caseReceived.facts.folio"), input.folio],
      [t("caseReceived.facts.subject"), input.subject],
      [t("derived.to"), input.derivedTo],
    ],
    action: { label: t("caseReceived.action"), url: input.trackingUrl },
    footer: [t("footer.privacy"), t("footer.noReply")],
  });
  return { subject: oneLine(t("derived.subject", { folio: input.folio })), text, html };
}

/** The answer to the case, as the officer wrote it. */
export function renderCaseReplyEmail(input: CaseEmailBase & { kind: CaseKind; message: string }): RenderedEmail {
  const t = emailT(input.locale);
  const kind = t(`kinds.${input.kind}`);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("reply.title", { kind }),
    paragraphs: textParagraphs(input.message),
    facts: [
      [t("caseReceived.facts.folio"), input.folio],
      [t("caseReceived.facts.subject"), input.subject],
    ],
    action: { label: t("reply.action"), url: input.trackingUrl },
    footer: [t("reply.notSatisfied"), t("footer.privacy"), t("footer.noReply")],
  });
  return { subject: oneLine(t("reply.subject", { kind, folio: input.folio })), text, html };
}

/** After a reply: the invitation to rate the service, with its single-use link. */
export function renderSurveyInvitationEmail(input: CaseEmailBase & { surveyUrl: string; expiresAt: Date }): RenderedEmail {
  const t = emailT(input.locale);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("surveyInvitation.title"),
    paragraphs: [t("surveyInvitation.intro", { subject: input.subject, folio: input.folio }), t("surveyInvitation.anonymous")],
    action: { label: t("surveyInvitation.action"), url: input.surveyUrl },
    footer: [t("surveyInvitation.validUntil", { date: formatEmailDate(input.expiresAt, input.locale) }), t("footer.noReply")],
  });
  return { subject: oneLine(t("surveyInvitation.subject", { folio: input.folio })), text, html };
}
