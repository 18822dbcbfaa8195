// The legal clock of one case (Ley 19.880), pure: pausing while the institution waits for the
// citizen (art. 31), the one extension (art. 26), when a silent citizen's request may be declared
// desisted (art. 31), and the response time in business days. The calendar is passed in.
//
// The stored fields (Case): receivedAt, targetDays, extendedDays, extendedAt, pausedAt,
// pausedBusinessDays and dueAt. The invariant kept by every function here:
//
//     dueAt = dueDate(calendar, receivedAt, targetDays + extendedDays + pausedBusinessDays)
//
// `pausedAt` is the instant the clock stopped, null while it runs. It stops when the case waits for
// the citizen (ESPERA_CIUDADANO) and also when the case is answered or closed: reopening a case
// then resumes the clock exactly like an answer from the citizen does, so a reopened case gets back
// the business days it had left when it was answered, and its later response time does not count
// the days it spent answered.
import { businessDaysBetween, dueDate, type Calendar } from "./calendar";

export type ClockFields = {
  receivedAt: Date;
  targetDays: number;
  extendedDays: number;
  extendedAt: Date | null;
  pausedAt: Date | null;
  pausedBusinessDays: number;
  dueAt: Date;
};

/** Art. 31: the citizen has 5 business days to send what was asked for. */
export const CITIZEN_ANSWER_BUSINESS_DAYS = 5;

/** The deadline the stored fields imply (the invariant above). */
export function termDueAt(calendar: Calendar, clock: Pick<ClockFields, "receivedAt" | "targetDays" | "extendedDays" | "pausedBusinessDays">): Date {
  return dueDate(calendar, clock.receivedAt, clock.targetDays + clock.extendedDays + clock.pausedBusinessDays);
}

/** Stops the clock at `now`. Stopping a stopped clock keeps the first instant. */
export function pauseClock(clock: Pick<ClockFields, "pausedAt">, now: Date): { pausedAt: Date } {
  return { pausedAt: clock.pausedAt ?? now };
}

/**
 * Restarts a stopped clock at `now`: the business days it was stopped are added to
 * pausedBusinessDays and the deadline moves by as many business days. A running clock is returned
 * unchanged (dueAt recomputed from the invariant).
 */
export function resumeClock(
  calendar: Calendar,
  clock: ClockFields,
  now: Date,
): { pausedAt: null; pausedBusinessDays: number; dueAt: Date; pausedDays: number } {
  const pausedDays = clock.pausedAt ? businessDaysBetween(calendar, clock.pausedAt, now) : 0;
  const pausedBusinessDays = clock.pausedBusinessDays + pausedDays;
  return { pausedAt: null, pausedBusinessDays, dueAt: termDueAt(calendar, { ...clock, pausedBusinessDays }), pausedDays };
}

/**
 * The deadline as it would stand if the clock restarted at `now`: for display while the case is
 * paused ("if the citizen answers today, the case is due on…"). Equals dueAt while the clock runs.
 */
export function projectedDueAt(calendar: Calendar, clock: ClockFields, now: Date): Date {
  return clock.pausedAt ? resumeClock(calendar, clock, now).dueAt : clock.dueAt;
}

// ---------------------------------------------------------------------------------------------
// Extension (art. 26)

/** At most half the original term, rounded down. */
export function maxExtensionDays(targetDays: number): number {
  return Math.max(0, Math.floor(targetDays / 2));
}

export type ExtensionRefusal = "ALREADY_EXTENDED" | "TOO_LONG" | "EXPIRED" | "INVALID_DAYS";

/**
 * Whether the deadline may be extended by `days` at `now`: once only, 1..floor(targetDays/2)
 * business days, and before it expires. While the clock is stopped the deadline cannot pass, so
 * "before it expires" is judged at the instant it stopped.
 */
export function checkExtension(clock: ClockFields, days: number, now: Date): { ok: true } | { ok: false; reason: ExtensionRefusal; maxDays: number } {
  const maxDays = maxExtensionDays(clock.targetDays);
  if (clock.extendedDays > 0 || clock.extendedAt) return { ok: false, reason: "ALREADY_EXTENDED", maxDays };
  const reference = clock.pausedAt ?? now;
  if (reference.getTime() > clock.dueAt.getTime()) return { ok: false, reason: "EXPIRED", maxDays };
  if (!Number.isInteger(days) || days < 1) return { ok: false, reason: "INVALID_DAYS", maxDays };
  if (days > maxDays) return { ok: false, reason: "TOO_LONG", maxDays };
  return { ok: true };
}

/** Whether some extension is still possible at `now` (to show or hide the form). */
export function canExtend(clock: ClockFields, now: Date): boolean {
  return maxExtensionDays(clock.targetDays) >= 1 && checkExtension(clock, 1, now).ok;
}

/** The fields after a valid extension (call checkExtension first). */
export function applyExtension(calendar: Calendar, clock: ClockFields, days: number, now: Date): { extendedDays: number; extendedAt: Date; dueAt: Date } {
  const check = checkExtension(clock, days, now);
  if (!check.ok) throw new RangeError(`extension not allowed: ${check.reason}`);
  return { extendedDays: days, extendedAt: now, dueAt: termDueAt(calendar, { ...clock, extendedDays: days }) };
}

// ---------------------------------------------------------------------------------------------
// Desisting (art. 31)

/**
 * The end of the citizen's time to answer an information request made at `requestedAt`: the end
 * (23:59:59.999 local) of the 5th business day after the request's day.
 */
export function citizenAnswerDueAt(calendar: Calendar, requestedAt: Date): Date {
  return dueDate(calendar, requestedAt, CITIZEN_ANSWER_BUSINESS_DAYS);
}

/** A case waiting for the citizen since `pausedAt` may be declared desisted once their 5 business days are over. */
export function canDesist(calendar: Calendar, clock: Pick<ClockFields, "pausedAt">, now: Date): boolean {
  return clock.pausedAt !== null && now.getTime() > citizenAnswerDueAt(calendar, clock.pausedAt).getTime();
}

// ---------------------------------------------------------------------------------------------
// Response time

/**
 * Business days from the legal reception to the answer, not counting the business days the clock
 * was stopped: businessDaysBetween(receivedAt, respondedAt) - pausedBusinessDays, at least 0.
 */
export function responseBusinessDays(calendar: Calendar, clock: Pick<ClockFields, "receivedAt" | "pausedBusinessDays">, respondedAt: Date): number {
  return Math.max(0, businessDaysBetween(calendar, clock.receivedAt, respondedAt) - clock.pausedBusinessDays);
}

