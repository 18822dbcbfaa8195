// "Rate this attention" at the counter: the short code an officer reads out (or shows) so the
// person can rate the attention just given at the office totem, linked to the case and the
// official. Pure: shared by the case page, the kiosk's endpoint and the kiosk screens.

/** Letters and digits people cannot confuse (no 0/O, 1/I), as for poster codes: 32 of them, about 10⁹ codes. */
export const COUNTER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const COUNTER_CODE_LENGTH = 6;
/** A counter code can be used this long after the officer creates it (the QR link follows the invitation's own expiry). */
export const COUNTER_CODE_TTL_MINUTES = 30;
export const COUNTER_CODE_TTL_MS = COUNTER_CODE_TTL_MINUTES * 60_000;

const CODE_RE = new RegExp(`^[${COUNTER_CODE_ALPHABET}]{${COUNTER_CODE_LENGTH}}$`);

/**
 * What people type, as the code's canonical form: upper case, spaces and dashes dropped. Null when
 * it cannot be a counter code (wrong length or a character outside the alphabet).
 */
export function normalizeCounterCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 40) return null;
  const code = input.replace(/[\s\-–—_.]/g, "").toUpperCase();
  return CODE_RE.test(code) ? code : null;
}

/** "K7M29Q" → "K7M-29Q", as it is shown and read out. */
export function formatCounterCode(code: string): string {
  return code.length === COUNTER_CODE_LENGTH ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}
