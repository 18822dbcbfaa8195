// Reply templates: plain text with placeholders such as {{folio}} and {{nombre}}. Pure. A
// placeholder the composer cannot fill (unknown name, or no value: an anonymous case has no name)
// is left exactly as written, so the preview shows the officer what still needs editing.

export const REPLY_PLACEHOLDERS = ["folio", "nombre", "fecha_recepcion", "fecha_plazo", "asunto", "institucion"] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];
export type ReplyTemplateValues = Partial<Record<ReplyPlaceholder, string | null | undefined>>;

/** Other spellings accepted for a placeholder (the first templates used {{fecha}} for the reception date). */
const ALIASES: Record<string, ReplyPlaceholder> = { fecha: "fecha_recepcion", institución: "institucion" };

const PLACEHOLDER_RE = /\{\{\s*([\p{L}_][\p{L}\p{N}_]*)\s*\}\}/gu;

function canonical(name: string): ReplyPlaceholder | null {
  const lower = name.toLowerCase();
  if ((REPLY_PLACEHOLDERS as readonly string[]).includes(lower)) return lower as ReplyPlaceholder;
  return ALIASES[lower] ?? null;
}

/** Fills the known placeholders that have a value; everything else is kept verbatim. */
export function renderReplyTemplate(body: string, values: ReplyTemplateValues): string {
  return body.replace(PLACEHOLDER_RE, (whole, name: string) => {
    const key = canonical(name);
    const value = key ? values[key] : undefined;
    return value === undefined || value === null || value === "" ? whole : value;
  });
}

/** The placeholders still in a text (after rendering: the ones that could not be filled), in order, once each. */
export function unresolvedPlaceholders(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER_RE)) found.add(match[0]);
  return [...found];
}
