import {
  ACCESS_CODE_ALPHABET,
  formatFolio,
  generateAccessCode,
  isAccessCodeFormat,
  normalizeAccessCode,
  normalizeFolioInput,
  parseFolio,
} from "~/domain/cases/folio";

describe("formatFolio", () => {
  it.each([
    ["OIRS", 2026, 123, "OIRS-2026-000123"],
    ["OIRS", 2026, 1, "OIRS-2026-000001"],
    ["OIRS", 2027, 999999, "OIRS-2027-999999"],
    ["OIRS", 2026, 1000000, "OIRS-2026-1000000"], // above 999999: all digits kept
    ["OIRS", 2026, 12345678, "OIRS-2026-12345678"],
    ["minsal", 2026, 42, "MINSAL-2026-000042"], // uppercased
    [" SS1 ", 2026, 7, "SS1-2026-000007"], // trimmed; digits allowed
    ["OIRS-RM", 2026, 5, "OIRS-RM-2026-000005"],
  ])("(%j, %i, %i) → %s", (prefix, year, seq, expected) => {
    expect(formatFolio(prefix, year, seq)).toBe(expected);
  });

  it.each([
    ["", 2026, 1, "empty prefix"],
    ["OI RS", 2026, 1, "space in prefix"],
    ["OIRS-", 2026, 1, "trailing hyphen"],
    ["OIRS_", 2026, 1, "underscore"],
    ["OIRS", 26, 1, "two-digit year"],
    ["OIRS", 2026.5, 1, "fractional year"],
    ["OIRS", 2026, 0, "zero sequence"],
    ["OIRS", 2026, -3, "negative sequence"],
    ["OIRS", 2026, 1.5, "fractional sequence"],
    ["OIRS", 2026, Number.NaN, "NaN sequence"],
  ])("(%j, %s, %s) throws (%s)", (prefix, year, seq) => {
    expect(() => formatFolio(prefix, year, seq)).toThrow(RangeError);
  });
});

describe("parseFolio", () => {
  it.each([
    ["OIRS-2026-000123", { prefix: "OIRS", year: 2026, seq: 123 }],
    ["oirs-2026-000123", { prefix: "OIRS", year: 2026, seq: 123 }],
    ["  OIRS-2026-000123  ", { prefix: "OIRS", year: 2026, seq: 123 }],
    ["OIRS 2026 123", { prefix: "OIRS", year: 2026, seq: 123 }],
    ["OIRS - 2026 - 000123", { prefix: "OIRS", year: 2026, seq: 123 }],
    ["oirs2026-1", null],
    ["OIRS-2026-1000000", { prefix: "OIRS", year: 2026, seq: 1_000_000 }],
    ["OIRS-RM-2026-000005", { prefix: "OIRS-RM", year: 2026, seq: 5 }],
    ["oirs rm 2026 5", { prefix: "OIRS-RM", year: 2026, seq: 5 }],
    ["SS1-2026-000007", { prefix: "SS1", year: 2026, seq: 7 }],
    ["2026-2026-000001", { prefix: "2026", year: 2026, seq: 1 }],
  ])("%j → %j", (input, expected) => {
    expect(parseFolio(input)).toEqual(expected);
  });

  it.each([
    "",
    "   ",
    "OIRS",
    "OIRS-2026",
    "2026-000123",
    "OIRS-26-000123",
    "OIRS-20260-000123",
    "OIRS-2026-000000",
    "OIRS-2026-12A",
    "OIRS_2026_000123",
    "OIRS-2026-0001234567890",
    "OIRS-2026-000123; DROP TABLE",
    `${"A".repeat(60)}-2026-1`,
  ])("%j → null", (input) => {
    expect(parseFolio(input)).toBeNull();
  });

  it.each([undefined, null, 42])("non-string %j → null", (input) => {
    expect(parseFolio(input as unknown as string)).toBeNull();
  });

  it.each([
    ["OIRS", 2026, 1],
    ["OIRS", 2026, 123],
    ["MINSAL", 2030, 999999],
    ["OIRS", 2026, 1234567],
    ["OIRS-RM", 2026, 55],
  ])("round-trips (%j, %i, %i)", (prefix, year, seq) => {
    expect(parseFolio(formatFolio(prefix, year, seq))).toEqual({ prefix, year, seq });
  });
});

describe("normalizeFolioInput", () => {
  it.each([
    ["OIRS-2026-000123", "OIRS-2026-000123"],
    [" oirs-2026-000123 ", "OIRS-2026-000123"],
    ["oirs 2026 123", "OIRS-2026-000123"], // canonical form when it parses
    ["OIRS-2026-123", "OIRS-2026-000123"],
    [" abc ", "ABC"], // otherwise just trimmed and uppercased
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeFolioInput(input)).toBe(expected);
  });
});

describe("access codes", () => {
  it("the alphabet has no ambiguous characters", () => {
    for (const ch of "0O1IL") expect(ACCESS_CODE_ALPHABET).not.toContain(ch);
    expect(new Set(ACCESS_CODE_ALPHABET).size).toBe(ACCESS_CODE_ALPHABET.length);
    expect(ACCESS_CODE_ALPHABET).toHaveLength(31);
  });

  it("generates XXXXX-XXXXX codes from the alphabet, all different", () => {
    const codes = Array.from({ length: 500 }, () => generateAccessCode());
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
      expect(normalizeAccessCode(code)).toBe(code);
      expect(isAccessCodeFormat(code)).toBe(true);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol shows up over 5000 draws (chance of missing one ≈ 31·(30/31)^5000, negligible).
    expect(new Set(codes.join("").replace(/-/g, "")).size).toBe(ACCESS_CODE_ALPHABET.length);
  });

  it.each([
    ["ABCDE-FGHJK", "ABCDE-FGHJK"],
    ["abcde-fghjk", "ABCDE-FGHJK"],
    ["abcdefghjk", "ABCDE-FGHJK"],
    [" ab cde fg hjk ", "ABCDE-FGHJK"],
    ["AB-CDE-FGH-JK", "ABCDE-FGHJK"],
    ["ABCDE–FGHJK", "ABCDE-FGHJK"], // en dash
    ["ABCDE", "ABCDE"], // too short: stripped, no hyphen
    ["ABCDEFGHJKM", "ABCDEFGHJKM"], // too long
    ["", ""],
  ])("normalizeAccessCode(%j) = %j", (input, expected) => {
    expect(normalizeAccessCode(input)).toBe(expected);
  });

  it.each([
    ["abcde fghjk", true],
    ["ABCDE-FGHJ0", false], // 0 is not in the alphabet
    ["ABCDE-FGHJI", false],
    ["ABCDE", false],
    ["ABCDE-FGHJK-M", false],
  ])("isAccessCodeFormat(%j) = %s", (input, expected) => {
    expect(isAccessCodeFormat(input)).toBe(expected);
  });
});
