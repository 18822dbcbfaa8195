/** A request the citizen (or client) can fix: field errors as i18n keys, keyed by form field. */
export class CaseInputError extends Error {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super(`invalid case input: ${Object.keys(fieldErrors).join(", ")}`);
    this.name = "CaseInputError";
  }
}
