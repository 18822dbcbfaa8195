// The survey as the public web pages show it: behind an emailed invitation (/encuesta/<token>)
// or a printed poster's QR (/e/<code>). Pages work without JavaScript: answers arrive as a plain
// form post, are turned into the API's answer object, and go through the same submission code.
import { randomUUID } from "node:crypto";
import { db } from "~/db/client.server";
import { requestFingerprint } from "~/domain/api/idempotency.server";
import type { Language } from "~/i18n/config";
import type { SurveyQuestion } from "./questions";
import { submitSurveyResponse, type SubmitOutcome, type SurveyCredential } from "./submit.server";
import { invitationByToken, posterByCode, templateVersion } from "./targets.server";

export type SurveyPage =
  | {
      state: "open";
      title: { es: string; en: string };
      questions: SurveyQuestion[];
      institutionName: string;
      folio: string | null;
      officeName: string | null;
      /** Sent back with the form as the idempotency key: a double submit records one response. */
      submissionId: string;
    }
  | { state: "not_found" | "used" | "expired" };

export async function loadSurveyPage(credential: SurveyCredential): Promise<SurveyPage> {
  if (credential.kind === "poster") {
    const poster = await posterByCode(credential.code);
    if (!poster || !poster.active) return { state: "not_found" };
    const template = await templateVersion(poster.templateId);
    if (!template) return { state: "not_found" };
    return { state: "open", ...template, institutionName: poster.institutionName, folio: null, officeName: poster.officeName, submissionId: randomUUID() };
  }
  if (credential.kind !== "invitation") return { state: "not_found" };
  const invitation = await invitationByToken(credential.token);
  if (!invitation) return { state: "not_found" };
  if (invitation.state !== "open") return { state: invitation.state };
  const template = await templateVersion(invitation.templateId);
  if (!template) return { state: "not_found" };
  const [institution, kase] = await Promise.all([
    db.institution.findUnique({ where: { id: invitation.institutionId }, select: { name: true } }),
    invitation.caseId ? db.case.findUnique({ where: { id: invitation.caseId }, select: { folio: true } }) : null,
  ]);
  return { state: "open", ...template, institutionName: institution?.name ?? "", folio: kase?.folio ?? null, officeName: null, submissionId: randomUUID() };
}

/** The form's fields as the answer object the API takes (multiple choice: every checked box). */
export function answersFromForm(questions: SurveyQuestion[], form: FormData): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const name = `q_${q.key}`;
    if (q.type === "multiple") {
      const values = form.getAll(name).filter((v): v is string => typeof v === "string");
      if (values.length > 0) answers[q.key] = values;
    } else {
      const value = form.get(name);
      if (typeof value === "string" && value.trim() !== "") answers[q.key] = value;
    }
  }
  return answers;
}

/** The form's answers, submitted; the submission id makes a double submit record one response. */
export async function submitSurveyForm(options: {
  credential: SurveyCredential;
  questions: SurveyQuestion[];
  form: FormData;
  locale: Language;
  clientIp: string;
}): Promise<{ outcome: SubmitOutcome; answers: Record<string, unknown> }> {
  const answers = answersFromForm(options.questions, options.form);
  const rawId = options.form.get("submissionId");
  const submissionId = typeof rawId === "string" && /^[0-9a-f-]{36}$/i.test(rawId) ? rawId : null;
  const outcome = await submitSurveyResponse({
    credential: options.credential,
    answers,
    locale: options.locale,
    clientIp: options.clientIp,
    idempotency: submissionId ? { key: `web:${submissionId}`, requestHash: requestFingerprint({ answers, locale: options.locale }) } : null,
  });
  return { outcome, answers };
}
