import {
  addBusinessDays,
  addCalendarDays,
  businessDaysBetween,
  businessDaysLeft,
  createCalendar,
  deadlineState,
  dueDate,
  endOfLocalDay,
  legalReception,
  localDateTime,
  nationalHolidays,
  nextBusinessDay,
  startOfLocalDay,
  TIME_ZONE,
  toLocalDate,
  type Calendar,
} from "~/domain/sla/calendar";

const cal = createCalendar();
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe("national holidays (date-holidays, CL, public only)", () => {
  // Chile's legal holidays in 2026. date-holidays 3.26.1 also lists Easter Sunday (5 Apr, "Pascua")
  // and omits Holy Saturday; calendar.ts adds Sábado Santo (Good Friday + 1). The Pueblos Indígenas
  // day follows the June solstice in Santiago: 21 June in 2026. No extra Fiestas Patrias day in
  // 2026 (18 Sep is a Friday). 31 Dec is only a bank holiday.
  const expected2026: Array<[string, string]> = [
    ["2026-01-01", "Año Nuevo"],
    ["2026-04-03", "Viernes Santo"],
    ["2026-04-04", "Sábado Santo"],
    ["2026-04-05", "Pascua"],
    ["2026-05-01", "Día del Trabajador"],
    ["2026-05-21", "Día de las Glorias Navales"],
    ["2026-06-21", "Día de los Pueblos Indígenas"],
    ["2026-06-29", "San Pedro y San Pablo"],
    ["2026-07-16", "Virgen del Carmen"],
    ["2026-08-15", "Asunción"],
    ["2026-09-18", "Fiestas Patrias"],
    ["2026-09-19", "Día de las Glorias del Ejército"],
    ["2026-10-12", "Encuentro de Dos Mundos"],
    ["2026-10-31", "Día Nacional de las Iglesias Evangélicas y Protestantes"],
    ["2026-11-01", "Todos los Santos"],
    ["2026-12-08", "La inmaculada concepción"],
    ["2026-12-25", "Navidad"],
  ];

  it("lists exactly the expected 2026 holidays, sorted", () => {
    expect(nationalHolidays(2026)).toEqual(expected2026.map(([date, name]) => ({ date, name })));
  });

  it.each(expected2026)("%s (%s) is not a business day", (day, name) => {
    expect(cal.isBusinessDay(day)).toBe(false);
    expect(cal.holidayName(day)).toBe(name);
  });

  it.each([
    ["2026-12-31", "bank holiday only"],
    ["2026-09-17", "Thursday before Fiestas Patrias"],
    ["2026-04-02", "Holy Thursday"],
    ["2026-04-06", "Easter Monday"],
    ["2026-06-22", "Monday after Pueblos Indígenas"],
  ])("%s is a business day (%s)", (day) => {
    expect(cal.isBusinessDay(day)).toBe(true);
    expect(cal.holidayName(day)).toBeNull();
  });

  it.each([
    ["2025-06-20", "Día de los Pueblos Indígenas"],
    ["2025-04-19", "Sábado Santo"],
    ["2027-09-17", "Feriado Adicional Fiestas Patrias"],
    ["2027-06-28", "San Pedro y San Pablo"],
    ["2027-10-11", "Encuentro de Dos Mundos"],
  ])("other years: %s is %s", (day, name) => {
    expect(cal.holidayName(day)).toBe(name);
    expect(cal.isBusinessDay(day)).toBe(false);
  });

  it.each([
    ["2026-03-14", "Saturday"],
    ["2026-03-15", "Sunday"],
  ])("%s (%s) is not a business day but not a holiday", (day) => {
    expect(cal.isBusinessDay(day)).toBe(false);
    expect(cal.holidayName(day)).toBeNull();
  });

  it("returns copies (the cache cannot be mutated)", () => {
    const list = nationalHolidays(2026);
    list[0].name = "changed";
    list.pop();
    expect(nationalHolidays(2026)).toHaveLength(expected2026.length);
    expect(nationalHolidays(2026)[0].name).toBe("Año Nuevo");
  });

  it("rejects a bad year", () => {
    expect(() => nationalHolidays(20.5)).toThrow(RangeError);
  });
});

describe("extra holidays", () => {
  const extraHolidays = [
    { date: "2026-08-20", name: "Nacimiento de O'Higgins (Chillán)", region: "CL-NB" },
    { date: "2026-06-08", name: "Asalto y Toma del Morro de Arica", region: "CL-AP" },
    { date: "2026-11-16", name: "Elecciones", region: null },
    { date: "2026-11-17" },
  ];

  it.each([
    ["2026-08-20", "CL-NB", false, "Nacimiento de O'Higgins (Chillán)"],
    ["2026-08-20", "CL-RM", true, null],
    ["2026-08-20", null, true, null],
    ["2026-08-20", undefined, true, null],
    ["2026-06-08", "CL-AP", false, "Asalto y Toma del Morro de Arica"],
    ["2026-06-08", "CL-NB", true, null],
    ["2026-11-16", "CL-RM", false, "Elecciones"],
    ["2026-11-16", null, false, "Elecciones"],
    ["2026-11-17", "CL-AP", false, "Feriado"],
  ])("%s in region %s: business day %s", (day, region, business, name) => {
    const calendar = createCalendar({ extraHolidays, region });
    expect(calendar.isBusinessDay(day)).toBe(business);
    expect(calendar.holidayName(day)).toBe(name);
  });

  it("moves a deadline only in the matching region", () => {
    const filed = at("2026-08-19T10:00:00-04:00"); // Wednesday
    const nuble = createCalendar({ extraHolidays, region: "CL-NB" });
    const rm = createCalendar({ extraHolidays, region: "CL-RM" });
    expect(toLocalDate(dueDate(nuble, legalReception(nuble, filed), 1))).toBe("2026-08-21");
    expect(toLocalDate(dueDate(rm, legalReception(rm, filed), 1))).toBe("2026-08-20");
  });

  it("rejects a malformed extra holiday date", () => {
    expect(() => createCalendar({ extraHolidays: [{ date: "2026-02-30" }] })).toThrow(RangeError);
  });
});

describe("local days and DST (America/Santiago)", () => {
  it("uses the Santiago time zone", () => {
    expect(TIME_ZONE).toBe("America/Santiago");
  });

  it.each([
    // day, first instant, last millisecond
    ["2026-03-16", "2026-03-16T03:00:00.000Z", "2026-03-17T02:59:59.999Z"], // summer time (-03)
    ["2026-05-08", "2026-05-08T04:00:00.000Z", "2026-05-09T03:59:59.999Z"], // winter time (-04)
    // 4 Apr: clocks go back at 24:00 (-03) to 23:00 (-04): a 25-hour day
    ["2026-04-04", "2026-04-04T03:00:00.000Z", "2026-04-05T03:59:59.999Z"],
    ["2026-04-05", "2026-04-05T04:00:00.000Z", "2026-04-06T03:59:59.999Z"],
    // 6 Sep: 00:00 (-04) does not exist, the day starts at 01:00 (-03): a 23-hour day
    ["2026-09-05", "2026-09-05T04:00:00.000Z", "2026-09-06T03:59:59.999Z"],
    ["2026-09-06", "2026-09-06T04:00:00.000Z", "2026-09-07T02:59:59.999Z"],
    ["2026-09-07", "2026-09-07T03:00:00.000Z", "2026-09-08T02:59:59.999Z"],
  ])("%s runs from %s to %s", (day, start, end) => {
    expect(iso(startOfLocalDay(day))).toBe(start);
    expect(iso(endOfLocalDay(day))).toBe(end);
  });

  it.each([
    ["2026-04-05T02:59:59.999Z", "2026-04-04"],
    ["2026-04-05T03:30:00.000Z", "2026-04-04"], // the repeated hour 23:00–24:00, at -04
    ["2026-04-05T04:00:00.000Z", "2026-04-05"],
    ["2026-09-06T03:59:59.999Z", "2026-09-05"],
    ["2026-09-06T04:00:00.000Z", "2026-09-06"],
    ["2026-05-09T03:59:00.000Z", "2026-05-08"], // Friday 23:59 local
    ["2026-05-09T04:00:00.000Z", "2026-05-09"],
    ["2026-01-01T02:59:59.999Z", "2025-12-31"],
  ])("toLocalDate(%s) = %s", (instant, day) => {
    expect(toLocalDate(at(instant))).toBe(day);
  });

  it("start and end of every day 2024–2030 bracket exactly that local day", () => {
    let day = "2024-01-01";
    let count = 0;
    const wrong: string[] = [];
    while (day <= "2030-12-31") {
      const start = startOfLocalDay(day).getTime();
      const end = endOfLocalDay(day).getTime();
      const hours = (end + 1 - start) / 3_600_000;
      if (
        toLocalDate(new Date(start)) !== day ||
        toLocalDate(new Date(start - 1)) !== addCalendarDays(day, -1) ||
        toLocalDate(new Date(end)) !== day ||
        toLocalDate(new Date(end + 1)) !== addCalendarDays(day, 1) ||
        ![23, 24, 25].includes(hours)
      ) {
        wrong.push(day);
      }
      day = addCalendarDays(day, 1);
      count++;
    }
    expect(wrong).toEqual([]);
    expect(count).toBe(2557);
  });

  it.each([
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2026-04-04", 2, "2026-04-06"],
    ["2026-05-08", 0, "2026-05-08"],
  ])("addCalendarDays(%s, %i) = %s", (day, n, expected) => {
    expect(addCalendarDays(day, n)).toBe(expected);
  });

  it.each(["2026-13-01", "2026-02-29", "26-01-01", "2026-1-1", ""])("rejects invalid local date %j", (day) => {
    expect(() => startOfLocalDay(day)).toThrow(RangeError);
    expect(() => cal.isBusinessDay(day)).toThrow(RangeError);
  });

  it("rejects an invalid instant", () => {
    expect(() => toLocalDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("business-day arithmetic", () => {
  it.each([
    ["2026-05-08", "2026-05-11"], // Friday → Monday
    ["2026-05-20", "2026-05-22"], // over 21 May
    ["2026-09-17", "2026-09-21"], // over Fiestas Patrias
    ["2026-04-02", "2026-04-06"], // over Easter
    ["2026-12-24", "2026-12-28"], // over Christmas
    ["2026-12-30", "2026-12-31"], // 31 Dec counts
    ["2026-12-31", "2027-01-04"], // New Year, then the weekend
    ["2026-03-15", "2026-03-16"], // Sunday → Monday
  ])("nextBusinessDay(%s) = %s", (day, expected) => {
    expect(nextBusinessDay(cal, day)).toBe(expected);
  });

  it.each([
    ["2026-09-16", 0, "2026-09-16"],
    ["2026-09-16", 1, "2026-09-17"],
    ["2026-09-16", 2, "2026-09-21"],
    ["2026-09-16", 10, "2026-10-01"],
    ["2026-03-15", 0, "2026-03-15"], // n = 0 is the day itself, even a Sunday
    ["2026-03-15", 1, "2026-03-16"],
    ["2026-01-01", 20, "2026-01-29"],
  ])("addBusinessDays(%s, %i) = %s", (day, n, expected) => {
    expect(addBusinessDays(cal, day, n)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])("addBusinessDays rejects n = %s", (n) => {
    expect(() => addBusinessDays(cal, "2026-05-08", n)).toThrow(RangeError);
  });

  it("throws instead of looping forever on a calendar without business days", () => {
    const never: Calendar = { isBusinessDay: () => false, holidayName: () => "x" };
    expect(() => nextBusinessDay(never, "2026-01-01")).toThrow(/No business day/);
    expect(() => legalReception(never, at("2026-01-01T12:00:00-03:00"))).toThrow(/No business day/);
  });
});

describe("legal reception and due dates (Ley 19.880)", () => {
  it.each([
    // submitted, received, note
    ["2026-05-08T10:00:00-04:00", "2026-05-08T14:00:00.000Z", "business day: as submitted"],
    ["2026-05-08T23:59:00-04:00", "2026-05-09T03:59:00.000Z", "Friday 23:59: still Friday"],
    ["2026-05-09T00:00:00-04:00", "2026-05-11T04:00:00.000Z", "Saturday 00:00: Monday 00:00"],
    ["2026-03-15T10:00:00-03:00", "2026-03-16T03:00:00.000Z", "Sunday: Monday 00:00 local"],
    ["2026-05-01T10:00:00-04:00", "2026-05-04T04:00:00.000Z", "holiday (1 May, Friday): Monday"],
    ["2026-04-03T09:00:00-03:00", "2026-04-06T04:00:00.000Z", "Good Friday: Monday, after the DST change"],
    ["2026-09-18T09:00:00-03:00", "2026-09-21T03:00:00.000Z", "Fiestas Patrias: Monday 21"],
    ["2026-12-31T18:00:00-03:00", "2026-12-31T21:00:00.000Z", "31 Dec is a business day"],
  ])("filed %s → received %s (%s)", (submitted, received) => {
    expect(iso(legalReception(cal, at(submitted)))).toBe(received);
  });

  it.each([
    // submitted, business days, due (UTC), due local day, note
    // Wed 16 Sep + 10: 17, [18, 19 holidays, weekend], 21, 22, 23, 24, 25, 28, 29, 30, 1 Oct
    ["2026-09-16T11:00:00-03:00", 10, "2026-10-02T02:59:59.999Z", "2026-10-01", "Fiestas Patrias week"],
    // Sunday → received Monday 16 Mar; counting starts Tue 17: 17–20, 23–27, 30
    ["2026-03-15T10:00:00-03:00", 10, "2026-03-31T02:59:59.999Z", "2026-03-30", "filed on a Sunday"],
    // Friday 23:59 → received Friday; counting starts Monday 11 May: 11–15, 18–20, 22, 25
    ["2026-05-08T23:59:00-04:00", 10, "2026-05-26T03:59:59.999Z", "2026-05-25", "Friday 23:59, over 21 May"],
    ["2026-05-08T23:59:00-04:00", 1, "2026-05-12T03:59:59.999Z", "2026-05-11", "Friday 23:59, 1 day"],
    // 1 May (holiday) → received Monday 4 May; counting starts Tue 5: 5–8, 11
    ["2026-05-01T10:00:00-04:00", 5, "2026-05-12T03:59:59.999Z", "2026-05-11", "filed on a holiday"],
    // Thursday before Easter + 2: [3, 4, 5 Apr], 6, 7 — across the April DST change
    ["2026-04-02T15:00:00-03:00", 2, "2026-04-08T03:59:59.999Z", "2026-04-07", "over Easter and DST"],
    // Friday 4 Sep + 1: Monday 7 Sep, after the September change (-03)
    ["2026-09-04T12:00:00-04:00", 1, "2026-09-08T02:59:59.999Z", "2026-09-07", "over the September DST change"],
    // 20 business days from Mon 21 Dec: 22, 23, 24, [25], 28, 29, 30, 31, [1 Jan], 4–8, 11–15, 18, 19, 20
    ["2026-12-21T09:00:00-03:00", 20, "2027-01-21T02:59:59.999Z", "2027-01-20", "year end, 31 Dec counts"],
    ["2026-05-08T10:00:00-04:00", 0, "2026-05-09T03:59:59.999Z", "2026-05-08", "0 days: end of reception day"],
  ])("filed %s + %i business days → due %s (%s, %s)", (submitted, days, due, dueDay) => {
    const received = legalReception(cal, at(submitted));
    const result = dueDate(cal, received, days);
    expect(iso(result)).toBe(due);
    expect(toLocalDate(result)).toBe(dueDay);
    expect(cal.isBusinessDay(toLocalDate(result))).toBe(true);
    // dueDate applies legalReception itself, so the raw submission time gives the same deadline.
    expect(iso(dueDate(cal, at(submitted), days))).toBe(due);
  });

  it.each([-1, 2.5])("rejects %s business days", (n) => {
    expect(() => dueDate(cal, at("2026-05-08T10:00:00-04:00"), n)).toThrow(RangeError);
  });
});

describe("businessDaysBetween", () => {
  it.each([
    ["2026-05-08T09:00:00-04:00", "2026-05-08T18:00:00-04:00", 0, "same day"],
    ["2026-05-08T18:00:00-04:00", "2026-05-08T09:00:00-04:00", 0, "backwards"],
    ["2026-05-12T09:00:00-04:00", "2026-05-08T09:00:00-04:00", 0, "to before from"],
    ["2026-03-16T10:00:00-03:00", "2026-03-17T09:00:00-03:00", 1, "next day, fewer than 24 h"],
    ["2026-05-08T23:59:00-04:00", "2026-05-11T00:00:00-04:00", 1, "Friday night to Monday"],
    ["2026-05-08T10:00:00-04:00", "2026-05-10T10:00:00-04:00", 0, "Friday to Sunday"],
    ["2026-09-16T10:00:00-03:00", "2026-09-21T10:00:00-03:00", 2, "over Fiestas Patrias"],
    ["2026-09-16T10:00:00-03:00", "2026-10-01T23:00:00-03:00", 10, "to the 10-day deadline"],
    ["2026-01-01T12:00:00-03:00", "2026-12-31T12:00:00-03:00", 251, "whole 2026 (260 weekdays − 9 holidays)"],
  ])("%s → %s = %i (%s)", (from, to, expected) => {
    expect(businessDaysBetween(cal, at(from), at(to))).toBe(expected);
  });
});

describe("deadlineState and businessDaysLeft", () => {
  const dueFriday = endOfLocalDay("2026-05-08"); // 2026-05-09T03:59:59.999Z

  it.each([
    // now, overdue, businessDays, dueToday, signed left, note
    ["2026-05-04T09:00:00-04:00", false, 4, false, 4, "Monday: Tue–Fri left"],
    ["2026-05-07T09:00:00-04:00", false, 1, false, 1, "Thursday: Friday left"],
    ["2026-05-08T09:00:00-04:00", false, 0, true, 0, "due today: 0 left, not overdue"],
    ["2026-05-09T03:59:59.999Z", false, 0, true, 0, "the last millisecond"],
    ["2026-05-09T04:00:00.000Z", true, 1, false, -1, "Saturday 00:00: overdue by 1"],
    ["2026-05-10T12:00:00-04:00", true, 1, false, -1, "Sunday: still 1"],
    ["2026-05-11T12:00:00-04:00", true, 1, false, -1, "Monday: 1"],
    ["2026-05-12T12:00:00-04:00", true, 2, false, -2, "Tuesday: 2"],
    ["2026-05-22T12:00:00-04:00", true, 9, false, -9, "two weeks later, 21 May skipped"],
  ])("now %s: overdue %s, %i business days, dueToday %s (left %i; %s)", (now, overdue, days, dueToday, left) => {
    expect(deadlineState(cal, at(now), dueFriday)).toEqual({ overdue, businessDays: days, dueToday });
    expect(businessDaysLeft(cal, at(now), dueFriday)).toBe(left);
  });

  it.each([
    ["2026-05-20T09:00:00-04:00", "2026-05-22", 1, "holiday in between"],
    ["2026-05-10T09:00:00-04:00", "2026-05-11", 1, "Sunday before a Monday deadline"],
    ["2026-09-17T09:00:00-03:00", "2026-09-21", 1, "Thursday before Fiestas Patrias"],
    ["2026-09-16T09:00:00-03:00", "2026-10-01", 10, "a fresh 10-day case"],
  ])("now %s, due end of %s → %i left (%s)", (now, dueDay, left) => {
    const state = deadlineState(cal, at(now), endOfLocalDay(dueDay));
    expect(state).toEqual({ overdue: false, businessDays: left, dueToday: false });
    expect(businessDaysLeft(cal, at(now), endOfLocalDay(dueDay))).toBe(left);
  });

  it("a deadline mid-day counts as overdue later that day", () => {
    const due = at("2026-05-08T12:00:00-04:00");
    expect(deadlineState(cal, at("2026-05-08T13:00:00-04:00"), due)).toEqual({
      overdue: true,
      businessDays: 1,
      dueToday: false,
    });
  });
});

describe("localDateTime", () => {
  it.each([
    ["2026-03-05", "16:30", "2026-03-05T19:30:00.000Z"], // summer time, UTC-3
    ["2026-07-02", "09:00", "2026-07-02T13:00:00.000Z"], // winter time, UTC-4
    ["2026-09-06", "00:30", "2026-09-06T04:00:00.000Z"], // 00:30 does not exist: first instant of the day
    ["2026-09-06", "10:00", "2026-09-06T13:00:00.000Z"],
  ])("%s %s → %s", (day, time, expected) => {
    expect(localDateTime(day, time).toISOString()).toBe(expected);
  });
  it("refuses a malformed time", () => {
    expect(() => localDateTime("2026-03-05", "25:00")).toThrow(RangeError);
  });
});
