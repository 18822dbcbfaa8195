import { cleanRut, formatRut, isValidRut, normalizeRut, rutCheckDigit } from "~/domain/cases/rut";

describe("rutCheckDigit (módulo 11)", () => {
  it.each([
    ["12345678", "5"], // 8·2+7·3+6·4+5·5+4·6+3·7+2·2+1·3 = 138; 138 mod 11 = 6; 11 − 6 = 5
    ["11111111", "1"], // 32 mod 11 = 10 → 1
    ["7654321", "6"], // 126 mod 11 = 5 → 6
    ["12345670", "K"], // remainder 1 → 10 → K
    ["10000013", "K"],
    ["6", "K"],
    ["1055433", "0"], // remainder 0 → 11 → 0
    ["45", "0"],
    ["1", "9"],
    ["76086428", "5"],
    ["99999999", "9"],
  ])("%s → %s", (body, dv) => {
    expect(rutCheckDigit(body)).toBe(dv);
  });
});

describe("cleanRut", () => {
  it.each([
    ["12.345.678-5", "123456785"],
    [" 12 345 678 - k ", "12345678K"],
    ["12345678-k", "12345678K"],
    ["12.345.678–5", "123456785"], // en dash pasted from a document
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(cleanRut(input)).toBe(expected);
  });
});

describe("isValidRut / normalizeRut / formatRut", () => {
  it.each([
    // input, normalised, display
    ["12.345.678-5", "12345678-5", "12.345.678-5"],
    ["12345678-5", "12345678-5", "12.345.678-5"],
    ["123456785", "12345678-5", "12.345.678-5"],
    ["11.111.111-1", "11111111-1", "11.111.111-1"],
    ["7.654.321-6", "7654321-6", "7.654.321-6"],
    ["12.345.670-K", "12345670-K", "12.345.670-K"],
    ["12.345.670-k", "12345670-K", "12.345.670-K"],
    ["10000013k", "10000013-K", "10.000.013-K"],
    ["6-K", "6-K", "6-K"],
    ["1.055.433-0", "1055433-0", "1.055.433-0"],
    ["45-0", "45-0", "45-0"],
    ["1-9", "1-9", "1-9"],
    ["76.086.428-5", "76086428-5", "76.086.428-5"], // company RUT
    ["99.999.999-9", "99999999-9", "99.999.999-9"],
    ["  12 345 678 5  ", "12345678-5", "12.345.678-5"],
    ["012.345.678-5", "12345678-5", "12.345.678-5"], // leading zero dropped
  ])("%j is valid → %j, shown %j", (input, normalised, display) => {
    expect(isValidRut(input)).toBe(true);
    expect(normalizeRut(input)).toBe(normalised);
    expect(formatRut(normalised)).toBe(display);
    expect(formatRut(input)).toBe(display);
    // Normalising is idempotent.
    expect(normalizeRut(normalised)).toBe(normalised);
  });

  it.each([
    ["12.345.678-4", "wrong check digit"],
    ["12.345.678-K", "K where 5 is due"],
    ["12.345.670-0", "0 where K is due"],
    ["11.111.111-2", "wrong check digit"],
    ["123.456.789-2", "body of 9 digits"],
    ["0-0", "zero body"],
    ["00000000-0", "zero body"],
    ["5", "check digit alone"],
    ["K", "K alone"],
    ["", "empty"],
    ["   ", "blank"],
    ["12.345.678-X", "letter other than K"],
    ["12.34a.678-5", "letter in the body"],
    ["12345678-55", "two check digits"],
    ["hola", "garbage"],
    ["12.345.678/5", "slash"],
    ["+56912345678", "a phone number"],
  ])("%j is invalid (%s)", (input) => {
    expect(isValidRut(input)).toBe(false);
    expect(normalizeRut(input)).toBeNull();
  });

  it.each([undefined, null, 12345678, {}])("non-string %j is invalid", (input) => {
    expect(isValidRut(input as unknown as string)).toBe(false);
    expect(normalizeRut(input as unknown as string)).toBeNull();
  });

  it("formatRut leaves an invalid input as typed (trimmed)", () => {
    expect(formatRut(" 12.345.678-4 ")).toBe("12.345.678-4");
    expect(formatRut("")).toBe("");
  });
});
