// Reply templates: plain text with placeholders such as {{folio}} and {{nombre}} (the list is in
// reply-placeholders.ts, shared with the template admin). Pure. A placeholder the composer cannot
// fill (unknown name, or no value: an anonymous case has no name) is left exactly as written, so
// the preview shows the officer what still needs editing.
import { PLACEHOLDER_PATTERN, REPLY_PLACEHOLDERS, type ReplyPlaceholder } from "./reply-placeholders";

export { REPLY_PLACEHOLDERS, type ReplyPlaceholder };
export type ReplyTemplateValues = Partial<Record<ReplyPlaceholder, string | null | undefined>>;

/** Other spellings accepted for a placeholder: the demo seed's templates use {{fecha}} for the reception date. */
const ALIASES: Record<string, ReplyPlaceholder> = { fecha: "fecha_recepcion", institución: "institucion" };

function canonical(name: string): ReplyPlaceholder | null {
  const key = name.trim().toLowerCase();
  if ((REPLY_PLACEHOLDERS as readonly string[]).includes(key)) return key as ReplyPlaceholder;
  return ALIASES[key] ?? null;
}

/** Fills the known placeholders that have a value; everything else is kept verbatim. */
export function renderReplyTemplate(body: string, values: ReplyTemplateValues): string {
  return body.replace(new RegExp(PLACEHOLDER_PATTERN.source, "g"), (whole, name: string) => {
    const key = canonical(name);
    const value = key ? values[key] : undefined;
    return value === undefined || value === null || value === "" ? whole : value;
  });
}

/** The placeholders still in a text (after rendering: the ones that could not be filled), in order, once each. */
export function unresolvedPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, "g"))].map((m) => m[0]))];
}
