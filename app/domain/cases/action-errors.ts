// The one error type of the case actions (actions.server.ts). Routes and the staff API turn it into
// an HTTP status with caseActionHttpStatus and a sentence with the i18n key in `messageKey`
// (namespace casework); field errors are i18n keys keyed by form field, like the Zod schemas'.
import type { CaseAction, CaseStatusValue } from "./state-machine";

export type CaseActionErrorCode =
  | "NOT_FOUND" // no such case, or not visible to this actor (another area's case looks the same)
  | "FORBIDDEN" // the actor's role may not handle cases
  | "ILLEGAL_TRANSITION" // the state machine does not allow this action from the current status
  | "EXTENSION_NOT_ALLOWED" // art. 26: already extended, too many days, or past the deadline
  | "DESIST_NOT_ALLOWED" // art. 31: the citizen's 5 business days are not over yet
  | "NO_SURVEY" // "rate this attention": the institution has no active default survey template
  | "ANONYMISED" // the citizen's data was anonymised (retention or a deletion request): the case stays closed
  | "INVALID"; // the input failed validation (see fieldErrors)

const HTTP_STATUS: Record<CaseActionErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  ILLEGAL_TRANSITION: 409,
  EXTENSION_NOT_ALLOWED: 409,
  DESIST_NOT_ALLOWED: 409,
  NO_SURVEY: 409,
  ANONYMISED: 409,
  INVALID: 422,
};

export function caseActionHttpStatus(code: CaseActionErrorCode): number {
  return HTTP_STATUS[code];
}

export class CaseActionError extends Error {
  readonly code: CaseActionErrorCode;
  /** Field errors as i18n keys (optionally "key|{json params}"), keyed by the action schema's fields. */
  readonly fieldErrors: Record<string, string[]>;
  /** A finer reason (e.g. ALREADY_EXTENDED, TOO_LONG, EXPIRED for an extension). */
  readonly reason: string | undefined;
  /** For ILLEGAL_TRANSITION: the action refused and the status it was refused from. */
  readonly action: CaseAction | undefined;
  readonly status: CaseStatusValue | undefined;
  readonly params: Record<string, unknown>;

  constructor(
    code: CaseActionErrorCode,
    options: {
      fieldErrors?: Record<string, string[]>;
      reason?: string;
      action?: CaseAction;
      status?: CaseStatusValue;
      params?: Record<string, unknown>;
    } = {},
  ) {
    super(`${code}${options.reason ? ` (${options.reason})` : ""}${options.action ? `: ${options.action} from ${options.status}` : ""}`);
    this.name = "CaseActionError";
    this.code = code;
    this.fieldErrors = options.fieldErrors ?? {};
    this.reason = options.reason;
    this.action = options.action;
    this.status = options.status;
    this.params = options.params ?? {};
  }

  get httpStatus(): number {
    return caseActionHttpStatus(this.code);
  }

  /** The sentence for people, an i18n key in the casework namespace (with `params`). */
  get messageKey(): string {
    if (this.code === "EXTENSION_NOT_ALLOWED" && this.reason) return `casework:errors.extension.${this.reason}`;
    return `casework:errors.${this.code}`;
  }

  /** The message key with its parameters in the "key|{json}" form the form components translate. */
  get formMessage(): string {
    const params = { ...this.params, ...(this.action ? { action: this.action, status: this.status } : {}) };
    return Object.keys(params).length ? `${this.messageKey}|${JSON.stringify(params)}` : this.messageKey;
  }
}

export function isCaseActionError(error: unknown): error is CaseActionError {
  return error instanceof CaseActionError;
}
