// What a citizen sees of their case with folio and access code: status, deadline, the public
// timeline and the answer. Internal notes and staff names never leave this module.
import { db } from "~/db/client.server";
import { createLimiter, hit, isBlocked, type LimitResult } from "~/domain/security/rate-limit.server";
import { accessCodeMatches } from "./create-case.server";
import { normalizeFolioInput } from "./folio";

export const citizenCaseSelect = {
  id: true,
  folio: true,
  kind: true,
  channel: true,
  status: true,
  subject: true,
  submittedAt: true,
  receivedAt: true,
  dueAt: true,
  targetDays: true,
  extendedDays: true,
  respondedAt: true,
  closedAt: true,
  derivedTo: true,
  replyChannel: true,
  accessCodeHash: true,
  tramite: { select: { name: true } },
  office: { select: { name: true } },
  events: {
    where: { public: true },
    orderBy: { createdAt: "asc" },
    select: { id: true, type: true, message: true, createdAt: true },
  },
} as const;

export type CitizenCaseView = {
  id: string;
  folio: string;
  kind: string;
  channel: string;
  status: string;
  subject: string;
  submittedAt: Date;
  receivedAt: Date;
  dueAt: Date;
  targetDays: number;
  extendedDays: number;
  respondedAt: Date | null;
  closedAt: Date | null;
  derivedTo: string | null;
  tramiteName: string | null;
  officeName: string | null;
  timeline: Array<{ id: string; type: string; message: string | null; createdAt: Date }>;
  answer: { message: string; at: Date } | null;
};

/** The case when folio and access code both match; null otherwise (no hint which one was wrong). */
export async function findCaseForCitizen(options: { folio: string; accessCode: string }): Promise<CitizenCaseView | null> {
  const folio = normalizeFolioInput(options.folio);
  if (!folio || folio.length > 40 || !options.accessCode || options.accessCode.length > 40) return null;
  const found = await db.case.findUnique({ where: { folio }, select: citizenCaseSelect });
  if (!found || !accessCodeMatches(found.folio, options.accessCode, found.accessCodeHash)) return null;
  const reply = [...found.events].reverse().find((e) => e.type === "REPLIED" && e.message);
  const { accessCodeHash: _hash, tramite, office, events, ...rest } = found;
  return {
    ...rest,
    tramiteName: tramite?.name ?? null,
    officeName: office?.name ?? null,
    timeline: events,
    answer: reply ? { message: reply.message!, at: reply.createdAt } : null,
  };
}

// Wrong folio/code pairs per IP: enough for typos, too few to guess a 50-bit code.
const trackingFailures = createLimiter({ keyPrefix: "tracking-failures", points: 10, durationSeconds: 15 * 60 });

export type TrackingResult = { kind: "found"; view: CitizenCaseView } | { kind: "notFound" } | { kind: "limited"; retryAfterSeconds: number };

/** The lookup behind /seguimiento and the APIs: rate-limited on failures per client IP. */
export async function trackCase(options: { folio: string; accessCode: string; ip: string }): Promise<TrackingResult> {
  const blocked: LimitResult = await isBlocked(trackingFailures, options.ip);
  if (!blocked.allowed) return { kind: "limited", retryAfterSeconds: blocked.retryAfterSeconds };
  const view = await findCaseForCitizen(options);
  if (view) return { kind: "found", view };
  const counted = await hit(trackingFailures, options.ip);
  if (!counted.allowed) return { kind: "limited", retryAfterSeconds: counted.retryAfterSeconds };
  return { kind: "notFound" };
}
