// The email that carries the implementation report to one recipient of the dissemination list.
// Strings in app/i18n/locales/<lng>/dissemination.json ("email.*"); the report itself is attached
// by the outbox worker when it sends (see app/domain/notify/attachments.server.ts).
import i18next, { type TFunction } from "i18next";
import { renderEmail, type EmailLocale } from "~/domain/notify/email-layout.server";
import { resources } from "~/i18n/resources";
import type { RecipientCategory } from "./dissemination";

let instance: typeof i18next | undefined;

function disseminationT(locale: EmailLocale): TFunction<"dissemination"> {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      ns: ["dissemination"],
      defaultNS: "dissemination",
      lng: "es",
      fallbackLng: "es",
      supportedLngs: ["es", "en"],
      initImmediate: false,
      // The layout escapes everything for HTML; the text part takes values as they are.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance.getFixedT(locale, "dissemination");
}

export function renderDisseminationEmail(input: {
  locale: EmailLocale;
  institutionName: string;
  year: number;
  recipient: { name: string; category: RecipientCategory };
  /** The committee's message, as typed (optional). */
  notes: string;
}): { subject: string; text: string; html: string } {
  const t = disseminationT(input.locale);
  const paragraphs = [t("email.greeting", { name: input.recipient.name }), t("email.intro", { year: input.year, institution: input.institutionName }), t("email.attached")];
  if (input.notes) paragraphs.push(t("email.notes", { notes: input.notes }));
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("email.title", { year: input.year }),
    paragraphs,
    footer: [t("email.why", { category: t(`categories.${input.recipient.category}`) }), t("email.noReply")],
  });
  return { subject: t("email.subject", { year: input.year, institution: input.institutionName }), text, html };
}
