// Routing rules: which area a new case goes to. Pure (no I/O), shared by the server and the admin forms.
//
// Rules are tried by priority (lower number first; ties by name). A rule matches when every condition
// it sets holds: same kind, same trámite, and — if it has keywords — at least one keyword occurs in the
// subject or the description as a whole word or phrase, ignoring case and accents.

export type RoutingRuleLike = {
  id: string;
  name: string;
  priority: number;
  kind: string | null;
  tramiteId: string | null;
  keywords: string[];
  areaId: string;
};

export type RoutingInput = { kind: string; tramiteId?: string | null; subject: string; description: string };

/** Lower case without accents or other combining marks: "Remuneración" → "remuneracion", "Ñuble" → "nuble". */
export function foldText(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A case- and accent-insensitive pattern for one keyword or phrase, to be run on folded text: it must
 * not be preceded or followed by a letter or digit, so "bus" does not match "búsqueda" and the words of
 * a phrase may be separated by any whitespace.
 */
function keywordPattern(keyword: string): RegExp | null {
  const words = foldText(keyword).trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join("\\s+")}(?![\\p{L}\\p{N}])`, "u");
}

/** Whether any of the keywords occurs as a whole word or phrase in any of the texts. */
export function containsKeyword(keywords: readonly string[], ...texts: string[]): boolean {
  const folded = texts.map(foldText);
  return keywords.some((keyword) => {
    const pattern = keywordPattern(keyword);
    return pattern !== null && folded.some((text) => pattern.test(text));
  });
}

/** Rules in the order they are tried: priority ascending, then name, then id (so the order is total). */
export function sortRoutingRules<R extends Pick<RoutingRuleLike, "id" | "name" | "priority">>(rules: readonly R[]): R[] {
  return [...rules].sort(
    (a, b) => a.priority - b.priority || a.name.localeCompare(b.name, "es", { sensitivity: "base" }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function ruleMatches(rule: RoutingRuleLike, input: RoutingInput): boolean {
  if (rule.kind !== null && rule.kind !== input.kind) return false;
  if (rule.tramiteId !== null && rule.tramiteId !== (input.tramiteId ?? null)) return false;
  if (rule.keywords.length > 0 && !containsKeyword(rule.keywords, input.subject, input.description)) return false;
  return true;
}

/**
 * The first rule that matches the case, or null. Pass only active rules. A rule that sets no condition
 * at all matches every case; the admin forms refuse to create one.
 */
export function matchRoutingRule<R extends RoutingRuleLike>(rules: readonly R[], input: RoutingInput): R | null {
  return sortRoutingRules(rules).find((rule) => ruleMatches(rule, input)) ?? null;
}
