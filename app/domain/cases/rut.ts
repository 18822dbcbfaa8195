// Chilean RUT/RUN: a body of up to 8 digits and a módulo-11 check digit (0–9 or K).
// Stored normalised as "12345678-5" (no dots, a hyphen, uppercase K); shown as "12.345.678-5".
// Pure: shared by the browser and the server.

/** Strips dots, whitespace and hyphens (any dash) and uppercases: " 12.345.678-k " → "12345678K". */
export function cleanRut(input: string): string {
  return String(input ?? "")
    .replace(/[.\s\-‐‑‒–—]/g, "")
    .toUpperCase();
}

/** The módulo-11 check digit of a RUT body ("12345678" → "5"). */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const rest = 11 - (sum % 11);
  return rest === 11 ? "0" : rest === 10 ? "K" : String(rest);
}

/** Body (leading zeros dropped) and check digit, or null when the shape or check digit is wrong. */
function parseRut(input: string): { body: string; dv: string } | null {
  if (typeof input !== "string") return null;
  const match = /^0*(\d{1,8})([0-9K])$/.exec(cleanRut(input));
  if (!match) return null;
  const [, body, dv] = match;
  if (Number(body) === 0) return null;
  return rutCheckDigit(body) === dv ? { body, dv } : null;
}

/** Whether the input is a well-formed RUT with the right check digit (dots and hyphen optional). */
export function isValidRut(input: string): boolean {
  return parseRut(input) !== null;
}

/** "12.345.678-k" → "12345678-K"; null when invalid. */
export function normalizeRut(input: string): string | null {
  const rut = parseRut(input);
  return rut ? `${rut.body}-${rut.dv}` : null;
}

/**
 * For display: "12345678-5" → "12.345.678-5". Accepts any valid form; an invalid input is
 * returned trimmed, unchanged, so a display never throws.
 */
export function formatRut(normalized: string): string {
  const rut = parseRut(normalized);
  if (!rut) return String(normalized ?? "").trim();
  return `${rut.body.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}-${rut.dv}`;
}
