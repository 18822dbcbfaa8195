import fs from "node:fs";
import {
  allowedActions,
  allowedOutcomes,
  canTransition,
  CASE_ACTIONS,
  CASE_STATUSES,
  caseStatusMarkdown,
  nextStatus,
  type CaseAction,
  type CaseStatusValue,
} from "~/domain/cases/state-machine";

// The expected table, written out independently of TRANSITIONS: action → from-status → to-status
// ("=" keeps the status). Anything not listed is an illegal transition.
const S = CASE_STATUSES;
const OPEN = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "REABIERTA"] as const;
const expected: Record<Exclude<CaseAction, "close">, Partial<Record<CaseStatusValue, CaseStatusValue | "=">>> = {
  assign: { INGRESADA: "ASIGNADA", ASIGNADA: "ASIGNADA", EN_TRAMITE: "=", REABIERTA: "ASIGNADA" },
  startWork: { ASIGNADA: "EN_TRAMITE", REABIERTA: "EN_TRAMITE" },
  note: Object.fromEntries(S.map((s) => [s, "="])),
  requestInfo: { INGRESADA: "ESPERA_CIUDADANO", ASIGNADA: "ESPERA_CIUDADANO", EN_TRAMITE: "ESPERA_CIUDADANO", REABIERTA: "ESPERA_CIUDADANO" },
  receiveInfo: { ESPERA_CIUDADANO: "EN_TRAMITE" },
  extend: Object.fromEntries(OPEN.map((s) => [s, "="])),
  derive: Object.fromEntries(OPEN.map((s) => [s, "DERIVADA"])),
  reply: { INGRESADA: "RESPONDIDA", ASIGNADA: "RESPONDIDA", EN_TRAMITE: "RESPONDIDA", REABIERTA: "RESPONDIDA" },
  desist: { ESPERA_CIUDADANO: "DESISTIDA" },
  reopen: { RESPONDIDA: "REABIERTA", CERRADA: "REABIERTA", DESISTIDA: "REABIERTA" },
};

const cases = Object.entries(expected).flatMap(([action, table]) =>
  S.map((from) => [action as CaseAction, from, table[from] === "=" ? from : (table[from] ?? null)] as const),
);

describe("state machine", () => {
  it.each(cases)("%s from %s → %s", (action, from, to) => {
    const result = nextStatus(action, from);
    if (to === null) {
      expect(result).toEqual({ ok: false, error: "ILLEGAL_TRANSITION" });
      expect(canTransition(action, from)).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, to });
      expect(canTransition(action, from)).toBe(true);
    }
  });

  const closeCases: Array<[CaseStatusValue, "RESOLVED" | "NOT_RESOLVED" | "NOT_APPLICABLE", boolean]> = [];
  for (const from of S) {
    for (const outcome of ["RESOLVED", "NOT_RESOLVED", "NOT_APPLICABLE"] as const) {
      const allowed = from === "RESPONDIDA" || (outcome === "NOT_APPLICABLE" && ["INGRESADA", "ASIGNADA", "EN_TRAMITE"].includes(from));
      closeCases.push([from, outcome, allowed]);
    }
  }
  it.each(closeCases)("close from %s as %s: allowed=%s", (from, outcome, allowed) => {
    expect(nextStatus("close", from, { outcome })).toEqual(allowed ? { ok: true, to: "CERRADA" } : { ok: false, error: "ILLEGAL_TRANSITION" });
    expect(canTransition("close", from, outcome)).toBe(allowed);
  });

  it("asks for an outcome when closing without one is possible", () => {
    expect(nextStatus("close", "RESPONDIDA")).toEqual({ ok: false, error: "OUTCOME_REQUIRED" });
    expect(nextStatus("close", "ESPERA_CIUDADANO")).toEqual({ ok: false, error: "ILLEGAL_TRANSITION" });
  });

  it("lists the allowed actions and outcomes of a status", () => {
    expect(allowedActions("INGRESADA")).toEqual(["assign", "note", "requestInfo", "extend", "derive", "reply", "close"]);
    expect(allowedActions("ESPERA_CIUDADANO")).toEqual(["note", "receiveInfo", "extend", "derive", "desist"]);
    expect(allowedActions("RESPONDIDA")).toEqual(["note", "close", "reopen"]);
    expect(allowedActions("DERIVADA")).toEqual(["note"]);
    expect(allowedOutcomes("RESPONDIDA")).toEqual(["RESOLVED", "NOT_RESOLVED", "NOT_APPLICABLE"]);
    expect(allowedOutcomes("EN_TRAMITE")).toEqual(["NOT_APPLICABLE"]);
    expect(allowedOutcomes("REABIERTA")).toEqual([]);
  });

  it("leaves DERIVADA only through notes (final)", () => {
    for (const action of CASE_ACTIONS) if (action !== "note") expect(canTransition(action, "DERIVADA")).toBe(false);
  });

  it("documents every status and rule, and the README carries the current table", () => {
    const markdown = caseStatusMarkdown();
    for (const status of S) expect(markdown).toContain(`| ${status} |`);
    for (const action of CASE_ACTIONS) expect(markdown).toContain(`\`${action}\``);
    expect(markdown).toContain("stateDiagram-v2");
    expect(markdown).toContain("ESPERA_CIUDADANO --> EN_TRAMITE: receiveInfo");
    expect(fs.readFileSync("README.md", "utf8")).toContain(markdown);
  });
});
