// Loader and action shared by the two public survey pages (/encuesta/<token>, /e/<code>):
// the same form, only the credential differs. Unknown, used and expired surveys get a clear page
// with 404 / 409 / 410, never an error; the page is never cached (the URL holds a token).
import { json, redirect } from "@remix-run/node";
import { getLanguage } from "~/i18n/i18n.server";
import { clientIp, readFormData } from "~/utils/request.server";
import type { SurveyCredential } from "./submit.server";
import { loadSurveyPage, submitSurveyForm } from "./web-survey.server";

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
const STATE_STATUS = { not_found: 404, used: 409, expired: 410 } as const;

export async function surveyLoader(credential: SurveyCredential) {
  const page = await loadSurveyPage(credential);
  const status = page.state === "open" ? 200 : STATE_STATUS[page.state];
  return json({ page, errors: null as Record<string, string[]> | null, values: null as Record<string, unknown> | null, limitedSeconds: null as number | null }, { status, headers: NO_STORE });
}

export async function surveyAction(request: Request, credential: SurveyCredential) {
  const page = await loadSurveyPage(credential);
  const form = await readFormData(request);
  if (page.state !== "open") {
    // A second click after the answer was recorded lands here as "used": that is a success.
    return json({ page, errors: null, values: null, limitedSeconds: null }, { status: STATE_STATUS[page.state], headers: NO_STORE });
  }
  const { outcome, answers } = await submitSurveyForm({ credential, questions: page.questions, form, locale: await getLanguage(request), clientIp: clientIp(request) });
  switch (outcome.kind) {
    case "created":
    case "replayed":
    case "idempotency_conflict":
      return redirect("/encuesta/gracias", { status: 303, headers: NO_STORE });
    case "invalid":
      return json({ page, errors: outcome.fieldErrors, values: answers, limitedSeconds: null }, { status: 400, headers: NO_STORE });
    case "rate_limited":
      return json(
        { page, errors: null, values: answers, limitedSeconds: outcome.retryAfterSeconds },
        { status: 429, headers: { ...NO_STORE, "Retry-After": String(outcome.retryAfterSeconds) } },
      );
    case "used":
    case "expired":
    case "not_found":
    case "device_refused": {
      const state = outcome.kind === "device_refused" ? "not_found" : outcome.kind;
      return json({ page: { state }, errors: null, values: null, limitedSeconds: null }, { status: STATE_STATUS[state], headers: NO_STORE });
    }
  }
}
