import { createCalendar, dueDate } from "~/domain/sla/calendar";
import {
  applyExtension,
  canDesist,
  canExtend,
  checkExtension,
  citizenAnswerDueAt,
  maxExtensionDays,
  pauseClock,
  projectedDueAt,
  responseBusinessDays,
  resumeClock,
  termDueAt,
  type ClockFields,
} from "~/domain/sla/clock";

const cal = createCalendar();
const at = (iso: string) => new Date(iso);

// Wednesday 1 April 2026, 10:00 in Santiago (UTC-3). Friday 3 April is Good Friday; 4–5 April is the
// weekend (and the clocks go back to UTC-4 on Sunday 5 April). Ten business days: Thu 2, Mon 6 …
// Thu 16 April.
const receivedAt = at("2026-04-01T13:00:00Z");
function clock(overrides: Partial<ClockFields> = {}): ClockFields {
  const base = { receivedAt, targetDays: 10, extendedDays: 0, extendedAt: null, pausedAt: null, pausedBusinessDays: 0 };
  const merged = { ...base, ...overrides };
  return { ...merged, dueAt: overrides.dueAt ?? termDueAt(cal, merged) };
}

describe("pausing and resuming the clock", () => {
  it("starts at the end of the 10th business day", () => {
    expect(clock().dueAt.toISOString()).toBe("2026-04-17T03:59:59.999Z"); // end of Thu 16 April, UTC-4
  });

  it("pauses at the first instant only", () => {
    expect(pauseClock({ pausedAt: null }, at("2026-04-02T18:00:00Z"))).toEqual({ pausedAt: at("2026-04-02T18:00:00Z") });
    expect(pauseClock({ pausedAt: at("2026-04-02T18:00:00Z") }, at("2026-04-03T18:00:00Z"))).toEqual({ pausedAt: at("2026-04-02T18:00:00Z") });
  });

  it("moves the deadline by the business days paused across a holiday and a weekend", () => {
    // Paused Thu 2 April 15:00, resumed Tue 7 April 09:00: Good Friday, Saturday and Sunday do not
    // count; Monday 6 and Tuesday 7 do → 2 business days.
    const paused = clock({ pausedAt: at("2026-04-02T18:00:00Z") });
    const resumed = resumeClock(cal, paused, at("2026-04-07T13:00:00Z"));
    expect(resumed.pausedDays).toBe(2);
    expect(resumed.pausedBusinessDays).toBe(2);
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.dueAt.toISOString()).toBe("2026-04-21T03:59:59.999Z"); // end of Mon 20 April
    expect(resumed.dueAt).toEqual(dueDate(cal, receivedAt, 12));
  });

  it("adds nothing for a pause within one day or over a weekend only", () => {
    const sameDay = resumeClock(cal, clock({ pausedAt: at("2026-04-02T13:00:00Z") }), at("2026-04-02T20:00:00Z"));
    expect(sameDay.pausedDays).toBe(0);
    expect(sameDay.dueAt).toEqual(clock().dueAt);
    // Friday 10 April → Sunday 12 April: no business day in between.
    const weekend = resumeClock(cal, clock({ pausedAt: at("2026-04-10T14:00:00Z") }), at("2026-04-12T14:00:00Z"));
    expect(weekend.pausedDays).toBe(0);
  });

  it("accumulates several pauses", () => {
    const first = resumeClock(cal, clock({ pausedAt: at("2026-04-02T18:00:00Z") }), at("2026-04-07T13:00:00Z"));
    const second = resumeClock(cal, clock({ pausedBusinessDays: first.pausedBusinessDays, pausedAt: at("2026-04-08T13:00:00Z") }), at("2026-04-09T13:00:00Z"));
    expect(second.pausedBusinessDays).toBe(3);
    expect(second.dueAt).toEqual(dueDate(cal, receivedAt, 13));
  });

  it("projects the deadline while paused and leaves a running clock alone", () => {
    const paused = clock({ pausedAt: at("2026-04-02T18:00:00Z") });
    expect(projectedDueAt(cal, paused, at("2026-04-07T13:00:00Z"))).toEqual(dueDate(cal, receivedAt, 12));
    expect(projectedDueAt(cal, clock(), at("2026-04-07T13:00:00Z"))).toEqual(clock().dueAt);
    expect(resumeClock(cal, clock(), at("2026-04-07T13:00:00Z"))).toMatchObject({ pausedDays: 0, dueAt: clock().dueAt });
  });

  it("counts a holiday the institution added", () => {
    const withHoliday = createCalendar({ extraHolidays: [{ date: "2026-04-06", name: "Feriado local" }] });
    const paused = { ...clock(), pausedAt: at("2026-04-02T18:00:00Z") };
    expect(resumeClock(withHoliday, paused, at("2026-04-07T13:00:00Z")).pausedDays).toBe(1);
  });
});

describe("extending the deadline (art. 26)", () => {
  const now = at("2026-04-08T13:00:00Z");

  it("allows at most half the original term, rounded down", () => {
    expect(maxExtensionDays(10)).toBe(5);
    expect(maxExtensionDays(20)).toBe(10);
    expect(maxExtensionDays(7)).toBe(3);
    expect(maxExtensionDays(1)).toBe(0);
    expect(checkExtension(clock(), 5, now)).toEqual({ ok: true });
    expect(checkExtension(clock(), 6, now)).toEqual({ ok: false, reason: "TOO_LONG", maxDays: 5 });
    expect(checkExtension(clock(), 0, now)).toEqual({ ok: false, reason: "INVALID_DAYS", maxDays: 5 });
    expect(canExtend(clock({ targetDays: 1 }), now)).toBe(false);
  });

  it("moves the deadline by the days granted", () => {
    const extended = applyExtension(cal, clock(), 5, now);
    expect(extended).toEqual({ extendedDays: 5, extendedAt: now, dueAt: dueDate(cal, receivedAt, 15) });
  });

  it("allows it only once", () => {
    const once = clock({ extendedDays: 3, extendedAt: now });
    expect(checkExtension(once, 1, now)).toMatchObject({ ok: false, reason: "ALREADY_EXTENDED" });
    expect(canExtend(once, now)).toBe(false);
    expect(() => applyExtension(cal, once, 1, now)).toThrow(RangeError);
  });

  it("allows it only before the deadline", () => {
    const c = clock();
    expect(checkExtension(c, 2, at("2026-04-17T03:59:59.999Z"))).toEqual({ ok: true }); // last millisecond of the last day
    expect(checkExtension(c, 2, at("2026-04-17T04:00:00.000Z"))).toMatchObject({ ok: false, reason: "EXPIRED" });
  });

  it("judges expiry at the instant the clock stopped while it is paused", () => {
    const paused = clock({ pausedAt: at("2026-04-15T13:00:00Z") });
    expect(checkExtension(paused, 2, at("2026-04-24T13:00:00Z"))).toEqual({ ok: true });
    const pausedLate = clock({ pausedAt: at("2026-04-20T13:00:00Z") });
    expect(checkExtension(pausedLate, 2, at("2026-04-24T13:00:00Z"))).toMatchObject({ ok: false, reason: "EXPIRED" });
  });

  it("keeps the pauses when extending", () => {
    const c = clock({ pausedBusinessDays: 2 });
    expect(applyExtension(cal, c, 3, now).dueAt).toEqual(dueDate(cal, receivedAt, 15));
  });
});

describe("desisting (art. 31)", () => {
  // Information requested Thu 2 April: 5 business days are Mon 6 … Fri 10 April (Good Friday skipped).
  const pausedAt = at("2026-04-02T18:00:00Z");

  it("gives the citizen until the end of the 5th business day", () => {
    expect(citizenAnswerDueAt(cal, pausedAt).toISOString()).toBe("2026-04-11T03:59:59.999Z");
  });

  it("is possible only after that", () => {
    expect(canDesist(cal, { pausedAt }, at("2026-04-10T22:00:00Z"))).toBe(false);
    expect(canDesist(cal, { pausedAt }, at("2026-04-11T03:59:59.999Z"))).toBe(false);
    expect(canDesist(cal, { pausedAt }, at("2026-04-11T04:00:00.000Z"))).toBe(true);
    expect(canDesist(cal, { pausedAt: null }, at("2026-05-01T12:00:00Z"))).toBe(false);
  });

  it("counts from the next business day for a request made on a holiday", () => {
    // Good Friday: counts as Monday 6 April → 5 business days end Monday 13 April.
    expect(citizenAnswerDueAt(cal, at("2026-04-03T15:00:00Z")).toISOString()).toBe("2026-04-14T03:59:59.999Z");
  });
});

describe("response time in business days", () => {
  it("counts business days from reception minus the paused ones", () => {
    // 1 → 14 April: Thu 2, Mon 6 … Fri 10, Mon 13, Tue 14 = 8 business days.
    expect(responseBusinessDays(cal, { receivedAt, pausedBusinessDays: 0 }, at("2026-04-14T15:00:00Z"))).toBe(8);
    expect(responseBusinessDays(cal, { receivedAt, pausedBusinessDays: 2 }, at("2026-04-14T15:00:00Z"))).toBe(6);
  });

  it("is 0 on the reception day and never negative", () => {
    expect(responseBusinessDays(cal, { receivedAt, pausedBusinessDays: 0 }, at("2026-04-01T20:00:00Z"))).toBe(0);
    expect(responseBusinessDays(cal, { receivedAt, pausedBusinessDays: 5 }, at("2026-04-02T20:00:00Z"))).toBe(0);
  });
});
