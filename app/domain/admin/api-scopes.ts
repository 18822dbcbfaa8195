// API token scopes and the "new token" form, shared by the browser (Conform) and the server.
import { z } from "zod";
import { msg, requiredText } from "~/utils/validation";

/** What a token may do; each scope with the i18n key that explains it to the admin. */
export const API_SCOPES = [
  { value: "cases:read", descriptionKey: "admin:apiTokens.scopes.casesRead" },
  { value: "cases:write", descriptionKey: "admin:apiTokens.scopes.casesWrite" },
  { value: "cases:manage", descriptionKey: "admin:apiTokens.scopes.casesManage" },
  { value: "indicators:read", descriptionKey: "admin:apiTokens.scopes.indicatorsRead" },
  { value: "surveys:write", descriptionKey: "admin:apiTokens.scopes.surveysWrite" },
] as const;
export type ApiScopeName = (typeof API_SCOPES)[number]["value"];
export const API_SCOPE_VALUES = API_SCOPES.map((s) => s.value) as [ApiScopeName, ...ApiScopeName[]];

export function isApiScope(value: string): value is ApiScopeName {
  return (API_SCOPE_VALUES as readonly string[]).includes(value);
}

/** The scopes once each, in API_SCOPES order (unknown ones dropped). */
export function sortScopes(scopes: readonly string[]): ApiScopeName[] {
  return API_SCOPE_VALUES.filter((scope) => scopes.includes(scope));
}

/** Choices of the expiry <select>: days from creation, or never. */
export const API_TOKEN_EXPIRY_VALUES = ["30", "90", "365", "never"] as const;
export type ApiTokenExpiry = (typeof API_TOKEN_EXPIRY_VALUES)[number];
export const DEFAULT_API_TOKEN_EXPIRY: ApiTokenExpiry = "90";

export const API_TOKEN_NAME_MAX = 120;

export const ApiTokenSchema = z
  .object({
    name: requiredText(API_TOKEN_NAME_MAX),
    scopes: z
      .array(z.enum(API_SCOPE_VALUES, { errorMap: () => ({ message: msg("validation.choice") }) }), {
        required_error: msg("admin:apiTokens.errors.noScope"),
      })
      .min(1, msg("admin:apiTokens.errors.noScope")),
    expiresIn: z.enum(API_TOKEN_EXPIRY_VALUES, {
      errorMap: (issue) => ({ message: issue.code === "invalid_type" ? msg("validation.required") : msg("validation.choice") }),
    }),
  })
  .transform(({ name, scopes, expiresIn }) => ({
    name,
    scopes: sortScopes(scopes),
    expiresInDays: expiresIn === "never" ? null : Number(expiresIn),
  }));
export type ApiTokenFormInput = z.infer<typeof ApiTokenSchema>;

export type ApiTokenStatus = "active" | "expired" | "revoked";

/** Revoked wins over expired; a token expires at expiresAt exactly. */
export function apiTokenStatus(token: { expiresAt: Date | string | null; revokedAt: Date | string | null }, now = new Date()): ApiTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return "expired";
  return "active";
}
