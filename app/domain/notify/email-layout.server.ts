// One layout for every outgoing email: a plain-text part and a small, accessible HTML part
// (lang attribute, real headings and lists, inline styles only, no layout tables, no images).
// Every interpolated value is HTML-escaped; callers pass plain text, never markup.
import { htmlLang } from "~/i18n/config";

export type EmailLocale = "es" | "en";

export type EmailContent = {
  locale: EmailLocale;
  institutionName: string;
  title: string;
  paragraphs: string[];
  /** Label/value pairs shown as a definition list (folio, dates…). */
  facts?: Array<[label: string, value: string]>;
  action?: { label: string; url: string };
  /** Small print: personal-data notice, "do not reply"… One paragraph per entry. */
  footer?: string | string[];
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only http(s) links become clickable; anything else is shown as text. */
function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

const styles = {
  body: "margin:0;padding:0;background:#f4f5f7;",
  wrapper: "max-width:600px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;",
  card: "background:#ffffff;border:1px solid #d0d4da;border-radius:6px;padding:24px;",
  institution: "margin:0 0 16px;font-size:14px;font-weight:bold;color:#0b3d91;",
  h1: "margin:0 0 16px;font-size:22px;line-height:1.3;color:#1b1b1b;",
  p: "margin:0 0 16px;",
  dl: "margin:0 0 20px;padding:12px 16px;background:#f4f5f7;border-radius:4px;",
  dt: "margin:8px 0 0;font-size:14px;color:#4a4f55;",
  dd: "margin:0;font-size:17px;font-weight:bold;color:#1b1b1b;word-break:break-word;",
  button: "display:inline-block;padding:12px 20px;background:#0b3d91;color:#ffffff;text-decoration:underline;font-weight:bold;border-radius:4px;",
  linkText: "margin:8px 0 20px;font-size:14px;color:#4a4f55;word-break:break-all;",
  link: "color:#0b3d91;",
  footer: "margin:16px 0 0;font-size:13px;color:#4a4f55;",
} as const;

export function renderEmail(content: EmailContent): { text: string; html: string } {
  const footer = content.footer === undefined ? [] : Array.isArray(content.footer) ? content.footer : [content.footer];
  return { text: renderText(content, footer), html: renderHtml(content, footer) };
}

function renderText(content: EmailContent, footer: string[]): string {
  const blocks: string[] = [content.institutionName, content.title, ...content.paragraphs];
  if (content.facts?.length) blocks.push(content.facts.map(([label, value]) => `${label}: ${value}`).join("\n"));
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  if (footer.length) blocks.push(["--", ...footer].join("\n"));
  return blocks.join("\n\n") + "\n";
}

function renderHtml(content: EmailContent, footer: string[]): string {
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push(`<p style="${styles.institution}">${e(content.institutionName)}</p>`);
  parts.push(`<h1 style="${styles.h1}">${e(content.title)}</h1>`);
  for (const paragraph of content.paragraphs) parts.push(`<p style="${styles.p}">${e(paragraph)}</p>`);
  if (content.facts?.length) {
    const items = content.facts
      .map(([label, value]) => `<dt style="${styles.dt}">${e(label)}</dt><dd style="${styles.dd}">${e(value)}</dd>`)
      .join("");
    parts.push(`<dl style="${styles.dl}">${items}</dl>`);
  }
  if (content.action) {
    const href = safeUrl(content.action.url);
    if (href) {
      parts.push(`<p style="${styles.p}"><a href="${e(href)}" style="${styles.button}">${e(content.action.label)}</a></p>`);
      // The address in full too, for clients that hide buttons and for copying by hand.
      parts.push(`<p style="${styles.linkText}"><a href="${e(href)}" style="${styles.link}">${e(href)}</a></p>`);
    } else {
      parts.push(`<p style="${styles.p}">${e(content.action.label)}: ${e(content.action.url)}</p>`);
    }
  }
  for (const line of footer) parts.push(`<p style="${styles.footer}">${e(line)}</p>`);

  return [
    "<!DOCTYPE html>",
    `<html lang="${htmlLang(content.locale)}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(content.title)}</title>`,
    "</head>",
    `<body style="${styles.body}">`,
    `<div style="${styles.wrapper}">`,
    `<div style="${styles.card}">`,
    ...parts,
    "</div>",
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");
}
