// Placeholders of reply templates: `{{folio}}` in a template body is replaced with the case's data
// when a reply is written. Shared by the template admin (validation) and the reply renderer.

/** Every placeholder a template may use, in the order the admin hint lists them. */
export const REPLY_PLACEHOLDERS = ["folio", "nombre", "fecha_recepcion", "fecha_plazo", "asunto", "institucion"] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];

/**
 * One placeholder: a name between double braces, spaces around the name allowed (`{{ folio }}`).
 * Group 1 is the name untrimmed. Global: use with matchAll/replace (both reset lastIndex).
 */
export const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

export function isReplyPlaceholder(name: string): name is ReplyPlaceholder {
  return (REPLY_PLACEHOLDERS as readonly string[]).includes(name);
}

/** The names of every placeholder in the body (trimmed, in order of appearance, repeats included). */
export function placeholderNames(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]!.trim());
}

/**
 * The placeholders of the body that are not in REPLY_PLACEHOLDERS, once each, in order of
 * appearance: `unknownPlaceholders("Hola {{nombr}}")` is `["nombr"]`. Names are case-sensitive.
 */
export function unknownPlaceholders(body: string): string[] {
  return [...new Set(placeholderNames(body).filter((name) => !isReplyPlaceholder(name)))];
}

/** True when braces are left over once the placeholders are taken out (`{{folio}`, `{nombre}}`). */
export function hasStrayBraces(body: string): boolean {
  return /\{\{|\}\}/.test(body.replace(PLACEHOLDER_PATTERN, ""));
}
