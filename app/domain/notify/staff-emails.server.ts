// Emails to staff about deadlines: the "about to expire" warning, the overdue escalation and the daily
// digest. Localised by the recipient's own locale (User.locale); strings live in
// app/i18n/locales/<lng>/alerts.json. Plain text + HTML through the shared layout.
import i18next, { type TFunction } from "i18next";
import { resources } from "~/i18n/resources";
import { formatEmailDate, type CaseKind } from "./case-emails.server";
import { escapeHtml, renderEmail, type EmailLocale } from "./email-layout.server";

export type RenderedEmail = { subject: string; text: string; html: string };

let instance: typeof i18next | undefined;

function alertsT(locale: EmailLocale): TFunction<"alerts"> {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      ns: ["alerts"],
      defaultNS: "alerts",
      lng: "es",
      fallbackLng: "es",
      supportedLngs: ["es", "en"],
      initImmediate: false,
      // The layout escapes everything for HTML; the text part takes values as they are.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance.getFixedT(locale, "alerts");
}

/** A user's stored locale as an email locale (anything but "en" is Spanish). */
export function staffLocale(locale: string | null | undefined): EmailLocale {
  return locale === "en" ? "en" : "es";
}

/** Why someone receives an alert; shown in the email so nobody wonders. */
export type AlertReason = "assignee" | "areaHead" | "officer";

export type AlertCase = {
  folio: string;
  subject: string;
  kind: CaseKind;
  areaName: string | null;
  assigneeName: string | null;
  dueAt: Date;
  /** Back-office page of the case. */
  url: string;
};

function caseFacts(t: TFunction<"alerts">, c: AlertCase, locale: EmailLocale): Array<[string, string]> {
  return [
    [t("facts.folio"), c.folio],
    [t("facts.kind"), capitalize(t(`kinds.${c.kind}`), locale)],
    [t("facts.subject"), c.subject],
    [t("facts.area"), c.areaName ?? t("facts.none")],
    [t("facts.assignee"), c.assigneeName ?? t("facts.none")],
    [t("facts.dueAt"), formatEmailDate(c.dueAt, locale)],
  ];
}

/** Sent once per case when 2 business days or fewer remain. */
export function renderDeadlineWarningEmail(input: {
  locale: EmailLocale;
  institutionName: string;
  case: AlertCase;
  /** Business days left after today (0 = due today). */
  businessDaysLeft: number;
  dueToday: boolean;
  reason: AlertReason;
}): RenderedEmail {
  const t = alertsT(input.locale);
  const c = input.case;
  const count = input.businessDaysLeft;
  const today = input.dueToday || count === 0;
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("warning.title"),
    paragraphs: [
      t("warning.intro", { folio: c.folio, subject: c.subject, date: formatEmailDate(c.dueAt, input.locale) }),
      today ? t("warning.remainingToday") : t("warning.remaining", { count }),
      t(`warning.reason.${input.reason}`, { area: c.areaName ?? "" }),
    ],
    facts: caseFacts(t, c, input.locale),
    action: { label: t("warning.action"), url: c.url },
    footer: [t("footer.once"), t("footer.automatic")],
  });
  const subject = today ? t("warning.subjectToday", { folio: c.folio }) : t("warning.subject", { folio: c.folio, count });
  return { subject: oneLine(subject), text, html };
}

/** Sent once per case when it becomes overdue: to the area head, the OIRS officers and the assignee. */
export function renderOverdueEscalationEmail(input: {
  locale: EmailLocale;
  institutionName: string;
  case: AlertCase;
  /** Business days late (at least 1). */
  businessDaysLate: number;
  reason: AlertReason;
}): RenderedEmail {
  const t = alertsT(input.locale);
  const c = input.case;
  const count = Math.max(1, input.businessDaysLate);
  const { text, html } = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("overdue.title"),
    paragraphs: [
      t("overdue.intro", { folio: c.folio, subject: c.subject, date: formatEmailDate(c.dueAt, input.locale) }),
      t("overdue.late", { count }),
      t("overdue.legal"),
      t(`overdue.reason.${input.reason}`, { area: c.areaName ?? "" }),
    ],
    facts: caseFacts(t, c, input.locale),
    action: { label: t("overdue.action"), url: c.url },
    footer: [t("footer.once"), t("footer.automatic")],
  });
  return { subject: oneLine(t("overdue.subject", { folio: c.folio, count })), text, html };
}

export type DigestCase = {
  folio: string;
  subject: string;
  dueAt: Date;
  url: string;
  overdue: boolean;
  dueToday: boolean;
  /** Business days left (not overdue) or late (overdue), as in deadlineState. */
  businessDays: number;
};

export type DigestCounts = { open: number; dueSoon: number; overdue: number; waiting: number };

// The layout has no list block: the digest's counts and list replace this placeholder paragraph.
const BODY_PLACEHOLDER = "@@oirs-digest-body@@";
// Same look as the layout's facts (email-layout.server.ts), plus the case list.
const DIGEST_STYLES = {
  dl: "margin:0 0 20px;padding:12px 16px;background:#f4f5f7;border-radius:4px;",
  dt: "margin:8px 0 0;font-size:14px;color:#4a4f55;",
  dd: "margin:0;font-size:17px;font-weight:bold;color:#1b1b1b;",
  h2: "margin:0 0 12px;font-size:18px;line-height:1.3;color:#1b1b1b;",
  ol: "margin:0 0 20px;padding-left:24px;",
  li: "margin:0 0 12px;",
  link: "color:#0b3d91;font-weight:bold;",
  small: "font-size:14px;color:#4a4f55;",
} as const;

/** The daily summary of one official's open cases. */
export function renderDailyDigestEmail(input: {
  locale: EmailLocale;
  institutionName: string;
  recipientName: string;
  /** The day the digest is for. */
  date: Date;
  counts: DigestCounts;
  /** The most urgent cases, most urgent first. */
  cases: DigestCase[];
  inboxUrl: string;
  accountUrl: string;
}): RenderedEmail {
  const t = alertsT(input.locale);
  const date = formatEmailDate(input.date, input.locale);
  const { counts } = input;
  const facts: Array<[string, string]> = [
    [t("digest.counts.open"), String(counts.open)],
    [t("digest.counts.dueSoon"), String(counts.dueSoon)],
    [t("digest.counts.overdue"), String(counts.overdue)],
  ];
  if (counts.waiting > 0) facts.push([t("digest.counts.waiting"), String(counts.waiting)]);
  const more = Math.max(0, counts.open - input.cases.length);
  // Counts, then the list, then "and N more": the layout puts facts after all paragraphs, so both
  // the counts and the list go into one block that replaces the placeholder.
  const paragraphs = [t("digest.greeting", { name: input.recipientName }), BODY_PLACEHOLDER];
  if (more > 0) paragraphs.push(t("digest.listMore", { count: more }));

  const rendered = renderEmail({
    locale: input.locale,
    institutionName: input.institutionName,
    title: t("digest.title", { date }),
    paragraphs,
    action: { label: t("digest.action"), url: input.inboxUrl },
    footer: [t("digest.optOut", { url: input.accountUrl }), t("footer.automatic")],
  });

  const items = input.cases.map((c) => {
    const state = c.overdue
      ? t("digest.state.overdue", { count: Math.max(1, c.businessDays) })
      : c.dueToday
        ? t("digest.state.today")
        : t("digest.state.left", { count: c.businessDays });
    return { ...c, state, due: t("digest.due", { date: formatEmailDate(c.dueAt, input.locale) }) };
  });
  const title = t("digest.listTitle");

  const textBlocks = [facts.map(([label, value]) => `${label}: ${value}`).join("\n")];
  if (items.length > 0) {
    textBlocks.push([title, ...items.map((c, i) => `${i + 1}. ${c.folio} — ${c.subject}\n   ${c.due} (${c.state})\n   ${c.url}`)].join("\n"));
  }
  const e = escapeHtml;
  const htmlBlocks = [
    `<dl style="${DIGEST_STYLES.dl}">` +
      facts.map(([label, value]) => `<dt style="${DIGEST_STYLES.dt}">${e(label)}</dt><dd style="${DIGEST_STYLES.dd}">${e(value)}</dd>`).join("") +
      `</dl>`,
  ];
  if (items.length > 0) {
    htmlBlocks.push(
      `<h2 style="${DIGEST_STYLES.h2}">${e(title)}</h2>`,
      `<ol style="${DIGEST_STYLES.ol}">`,
      ...items.map(
        (c) =>
          `<li style="${DIGEST_STYLES.li}"><a href="${e(c.url)}" style="${DIGEST_STYLES.link}">${e(c.folio)}</a> — ${e(c.subject)}` +
          `<br><span style="${DIGEST_STYLES.small}">${e(c.due)} (${e(c.state)})</span></li>`,
      ),
      `</ol>`,
    );
  }

  // Function replacements: a "$&" in a case subject must stay literal.
  const text = rendered.text.replace(BODY_PLACEHOLDER, () => textBlocks.join("\n\n"));
  const html = rendered.html.replace(new RegExp(`<p[^>]*>${BODY_PLACEHOLDER}</p>`), () => htmlBlocks.join("\n"));
  const subject = t("digest.subject", { date, open: counts.open, overdue: counts.overdue });
  return { subject: oneLine(subject), text, html };
}

function capitalize(value: string, locale: EmailLocale): string {
  return value.charAt(0).toLocaleUpperCase(locale === "es" ? "es-CL" : "en-GB") + value.slice(1);
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}
