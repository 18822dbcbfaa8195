// A request filed at the totem: POST /kiosco/solicitud with the device credential as
// `Authorization: Bearer …` and an Idempotency-Key (the kiosk sends one with every item, live or
// queued offline, so a retry after a cut-off sync gets the first answer, never a second case).
// The case records channel KIOSK, the kiosk's office and "kiosk:<name>" as who filed it.
import { createCase, type CreatedCase } from "~/domain/cases/create-case.server";
import { CaseInputError } from "~/domain/cases/errors";
import { qrSvg } from "~/domain/cases/receipt.server";
import { NewCaseSchema } from "~/domain/cases/schemas";
import { ApiError, jsonResponse, rateLimited } from "~/domain/api/errors.server";
import { submissionGate } from "~/domain/api/gate.server";
import { API_SCOPE_PREFIX, readIdempotencyKey, requestFingerprint, runIdempotent } from "~/domain/api/idempotency.server";
import { isPlainObject, readJsonBody } from "~/domain/api/json-body.server";
import { createLimiter, hit } from "~/domain/security/rate-limit.server";
import { isLanguage } from "~/i18n/config";
import { bearerCredential, kioskForCredential } from "./kiosks.server";
import { checkKioskRequest, type KioskRequestBody } from "./totem";

/** Requests per kiosk: a busy counter, not a script. */
export const KIOSK_CASE_LIMIT = { points: 30, durationSeconds: 10 * 60 } as const;
let limiter: ReturnType<typeof createLimiter> | undefined;

export type KioskReceipt = {
  folio: string;
  accessCode: string;
  trackingUrl: string;
  receivedAt: string;
  dueAt: string;
  emailed: boolean;
};

const SUBJECT_MAX = 100;

/** The subject staff see in the inbox: the description's first words (and the provisional number of a queued request). */
export function kioskSubject(description: string, provisional?: string): string {
  const firstLine = description.trim().split(/\r?\n/)[0]!.replace(/\s+/g, " ");
  const prefix = provisional ? `[${provisional}] ` : "";
  const room = SUBJECT_MAX - prefix.length;
  return prefix + (firstLine.length > room ? `${firstLine.slice(0, room - 1).trimEnd()}…` : firstLine);
}

const PROVISIONAL_RE = /^K-[A-Z0-9]{4,12}$/;

/** The body as the kiosk sends it, checked with the rules the kiosk applied before sending. */
export function parseKioskRequest(body: unknown): { ok: true; value: KioskRequestBody } | { ok: false; fields: Record<string, string> } {
  if (!isPlainObject(body)) return { ok: false, fields: { "": "request.errors.kind" } };
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const value: KioskRequestBody = {
    kind: text(body.kind) as KioskRequestBody["kind"],
    description: text(body.description) ?? "",
    name: text(body.name)?.trim() || undefined,
    email: text(body.email)?.trim().toLowerCase() || undefined,
    locale: isLanguage(body.locale) ? body.locale : "es",
    provisional: typeof body.provisional === "string" && PROVISIONAL_RE.test(body.provisional) ? body.provisional : undefined,
  };
  const errors = checkKioskRequest(value);
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors as Record<string, string> } : { ok: true, value };
}

function receiptOf(created: CreatedCase): KioskReceipt {
  return {
    folio: created.folio,
    accessCode: created.accessCode,
    trackingUrl: created.trackingUrl,
    receivedAt: created.receivedAt.toISOString(),
    dueAt: created.dueAt.toISOString(),
    emailed: created.emailed,
  };
}

/** Handles POST /kiosco/solicitud; errors are thrown as ApiError (handleApi turns them into JSON). */
export async function fileKioskRequest(request: Request): Promise<Response> {
  const kiosk = await kioskForCredential(bearerCredential(request));
  if (!kiosk || kiosk.revokedAt) throw new ApiError(401, "device_refused", "surveys:api.deviceRefused");
  const key = readIdempotencyKey(request);
  const body = await readJsonBody(request);
  const parsed = parseKioskRequest(body);
  if (!parsed.ok) return jsonResponse({ code: "validation_failed", fields: parsed.fields }, 422);
  const value = parsed.value;

  const result = await runIdempotent({
    scope: `${API_SCOPE_PREFIX}kiosk:cases:${kiosk.id}`,
    key,
    requestHash: requestFingerprint(value),
    create: async (save) => {
      const limited = await hit((limiter ??= createLimiter({ keyPrefix: "kiosk-case", ...KIOSK_CASE_LIMIT })), kiosk.id);
      if (!limited.allowed) throw rateLimited(limited.retryAfterSeconds);
      const input = NewCaseSchema.safeParse({
        kind: value.kind,
        subject: kioskSubject(value.description, value.provisional),
        description: value.description.trim(),
        name: value.name,
        email: value.email,
        replyChannel: value.email ? "EMAIL" : undefined,
        anonymous: !value.name && !value.email,
        officeId: kiosk.officeId,
        locale: value.locale,
      });
      if (!input.success) throw new ApiError(422, "validation_failed", "api:validation.invalid");
      try {
        const created = await submissionGate().run(() =>
          createCase({
            input: input.data,
            source: { channel: "KIOSK", actorLabel: `kiosk:${kiosk.name}` },
            institutionId: kiosk.institutionId,
            onCreated: key === null ? undefined : (tx, c) => save(tx, 201, receiptOf(c)),
          }),
        );
        return { status: 201, body: receiptOf(created) };
      } catch (error) {
        if (error instanceof CaseInputError) throw new ApiError(422, "validation_failed", "api:validation.invalid");
        throw error;
      }
    },
  });
  const receipt = result.body as KioskReceipt;
  return jsonResponse({ ...receipt, qrSvg: await qrSvg(receipt.trackingUrl) }, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
}
