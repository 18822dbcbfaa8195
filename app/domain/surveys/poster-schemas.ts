// The survey poster forms (QR code and short link per office, channel and optionally trámite),
// shared by the browser (Conform) and the server, and the poster code rules.
import { z } from "zod";
import { msg, optionalUuid } from "~/utils/validation";

/** Channels a poster can be for: where people are served in person or remotely by staff. */
export const POSTER_CHANNELS = ["PRESENCIAL", "TELEFONO", "EMAIL", "CARTA", "REDES", "WEB"] as const;
export type PosterChannel = (typeof POSTER_CHANNELS)[number];

export const POSTER_CODE_MIN = 4;
export const POSTER_CODE_MAX = 40;
export const POSTER_CODE = /^[A-Z0-9-]{4,40}$/;
/** Generated codes: no I, O, 0 or 1, so a code read aloud or typed from paper is not mistaken. */
export const POSTER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const GENERATED_CODE_LENGTH = 8;

/** A random readable code, e.g. "K7QW3MZP" (uniform over the alphabet: 32 divides 256). */
export function generatePosterCode(randomBytes: (n: number) => Uint8Array = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))): string {
  return Array.from(randomBytes(GENERATED_CODE_LENGTH), (b) => POSTER_CODE_ALPHABET[b % POSTER_CODE_ALPHABET.length]).join("");
}

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
  });

/** A required id from a <select> (the office). */
const requiredId = () =>
  z
    .string({ required_error: msg("validation.required"), invalid_type_error: msg("validation.required") })
    .uuid(msg("validation.notFound"));

const posterFields = {
  officeId: requiredId(),
  channel: choice(POSTER_CHANNELS),
  /** Empty: any trámite. */
  tramiteId: optionalUuid(),
  /** Empty: the institution's default template at the time of each response. */
  templateId: optionalUuid(),
};

export const PosterCreateSchema = z.object({
  /** Empty: generated. Typed codes are upper-cased. */
  code: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((code, ctx) => {
      if (code.length < POSTER_CODE_MIN || code.length > POSTER_CODE_MAX) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("surveyadmin:posters.errors.codeLength", { min: POSTER_CODE_MIN, max: POSTER_CODE_MAX }) });
      } else if (!POSTER_CODE.test(code)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg("surveyadmin:posters.errors.codeChars") });
      }
    })
    .optional(),
  ...posterFields,
});
export type PosterCreateInput = z.infer<typeof PosterCreateSchema>;

/** The code is fixed once created: it is printed on paper. */
export const PosterUpdateSchema = z.object(posterFields);
export type PosterUpdateInput = z.infer<typeof PosterUpdateSchema>;
