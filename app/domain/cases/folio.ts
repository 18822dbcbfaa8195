// Case folios ("OIRS-2026-000123") and the citizen's tracking access code ("ABCDE-FGHJK").
// Server-side (node:crypto) for generateAccessCode; the rest is pure.
import { randomInt } from "node:crypto";

export type ParsedFolio = { prefix: string; year: number; seq: number };

const SEQ_DIGITS = 6;
const PREFIX_RE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/**
 * "OIRS", 2026, 123 → "OIRS-2026-000123": the sequence zero-padded to 6 digits (numbers above
 * 999999 keep all their digits). The prefix is trimmed and uppercased. Throws RangeError on a
 * prefix that is not letters/digits (optionally hyphen-separated), a year outside 1000–9999 or a
 * sequence that is not a positive integer.
 */
export function formatFolio(prefix: string, year: number, seq: number): string {
  const p = String(prefix ?? "").trim().toUpperCase();
  if (!PREFIX_RE.test(p)) throw new RangeError(`Invalid folio prefix: ${prefix}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid folio year: ${year}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Invalid folio number: ${seq}`);
  return `${p}-${year}-${String(seq).padStart(SEQ_DIGITS, "0")}`;
}

/**
 * Reads a folio as a citizen may type it: case-insensitive, trimmed, with hyphens and/or spaces
 * between the parts ("oirs 2026 123", " OIRS - 2026 - 000123 "). The prefix is the part before
 * the 4-digit year; the sequence is the trailing 1–12 digits. Null when it does not fit.
 */
export function parseFolio(input: string): ParsedFolio | null {
  if (typeof input !== "string") return null;
  const text = input.trim().toUpperCase();
  if (text.length === 0 || text.length > 60) return null;
  const match = /^([A-Z0-9]+(?:[\s-]+[A-Z0-9]+)*?)[\s-]+(\d{4})[\s-]+(\d{1,12})$/.exec(text);
  if (!match) return null;
  const prefix = match[1].replace(/[\s-]+/g, "-");
  const year = Number(match[2]);
  const seq = Number(match[3]);
  if (year < 1000 || seq < 1 || !Number.isSafeInteger(seq)) return null;
  return { prefix, year, seq };
}

/**
 * Normalises a typed folio for lookup: the canonical form (formatFolio) when it parses, so
 * "oirs-2026-123" finds "OIRS-2026-000123"; otherwise just trimmed and uppercased, or "" when it
 * has a character no folio has (a lookup then finds nothing without sending, say, a NUL byte to
 * the database, which would refuse it with an error).
 */
export function normalizeFolioInput(input: string): string {
  const parsed = parseFolio(input);
  if (parsed) return formatFolio(parsed.prefix, parsed.year, parsed.seq);
  const text = String(input ?? "").trim().toUpperCase();
  return /^[A-Z0-9\s-]*$/.test(text) ? text : "";
}

/** No 0/O, 1/I/L: easy to read aloud and to type back. 31 symbols, 10 of them ≈ 49.5 bits. */
export const ACCESS_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const ACCESS_CODE_LENGTH = 10;
const ACCESS_CODE_GROUP = 5;

/** A new random access code, "XXXXX-XXXXX", from a CSPRNG. */
export function generateAccessCode(): string {
  let code = "";
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return `${code.slice(0, ACCESS_CODE_GROUP)}-${code.slice(ACCESS_CODE_GROUP)}`;
}

/**
 * Uppercases, strips whitespace and hyphens and re-inserts the hyphen after 5 characters when the
 * result has 10: " abcde fghjk " → "ABCDE-FGHJK". Other lengths come back stripped, without a
 * hyphen (they cannot match a real code anyway).
 */
export function normalizeAccessCode(input: string): string {
  const code = String(input ?? "")
    .replace(/[\s\-‐‑‒–—]/g, "")
    .toUpperCase();
  if (code.length !== ACCESS_CODE_LENGTH) return code;
  return `${code.slice(0, ACCESS_CODE_GROUP)}-${code.slice(ACCESS_CODE_GROUP)}`;
}

/** Whether the input, once normalised, has the shape of an access code from this alphabet. */
export function isAccessCodeFormat(input: string): boolean {
  return new RegExp(`^[${ACCESS_CODE_ALPHABET}]{5}-[${ACCESS_CODE_ALPHABET}]{5}$`).test(normalizeAccessCode(input));
}
