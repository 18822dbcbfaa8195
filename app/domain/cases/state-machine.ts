// The case lifecycle: which action may move a case from which status to which. Pure (no I/O):
// the domain actions (actions.server.ts) ask it before writing anything, the case page asks it
// which forms to show, and the README's "Case statuses" section is generated from the same table
// (caseStatusMarkdown), so the documentation cannot drift from the code.
//
// Time-based guards that need the calendar (an extension only before the deadline and only once;
// desisting only after the citizen's 5 business days) live in app/domain/sla/clock.ts; this table
// says only which statuses an action starts from and where it leads.

export const CASE_STATUSES = [
  "INGRESADA",
  "ASIGNADA",
  "EN_TRAMITE",
  "ESPERA_CIUDADANO",
  "RESPONDIDA",
  "CERRADA",
  "DERIVADA",
  "DESISTIDA",
  "REABIERTA",
] as const;
export type CaseStatusValue = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ["RESOLVED", "NOT_RESOLVED", "NOT_APPLICABLE"] as const;
export type CaseOutcomeValue = (typeof CASE_OUTCOMES)[number];

/** Statuses in which the institution still owes the citizen an answer. */
export const OPEN_STATUSES = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "ESPERA_CIUDADANO", "REABIERTA"] as const satisfies readonly CaseStatusValue[];
/** Statuses no action leaves (DERIVADA: the case now belongs to another institution). */
export const TERMINAL_STATUSES = ["DERIVADA"] as const satisfies readonly CaseStatusValue[];
/** Statuses in which the legal clock runs (open, and not waiting for the citizen). */
export const RUNNING_CLOCK_STATUSES = ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"] as const satisfies readonly CaseStatusValue[];

export function isOpenStatus(status: CaseStatusValue): boolean {
  return (OPEN_STATUSES as readonly CaseStatusValue[]).includes(status);
}

export const CASE_ACTIONS = [
  "assign",
  "startWork",
  "note",
  "requestInfo",
  "receiveInfo",
  "extend",
  "derive",
  "reply",
  "close",
  "desist",
  "reopen",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Where a transition leads: a status, or "same" (the status does not change). */
export type TransitionTarget = CaseStatusValue | "same";

export type TransitionRule = {
  action: CaseAction;
  from: readonly CaseStatusValue[];
  /** A target per from-status where it differs from `to`. */
  to: TransitionTarget;
  toByFrom?: Partial<Record<CaseStatusValue, TransitionTarget>>;
  /** Only with these outcomes (close). */
  outcomes?: readonly CaseOutcomeValue[];
  /** The timeline event the action writes. */
  event: string;
  /** Extra guard evaluated elsewhere (clock.ts), for the documentation. */
  guard?: { es: string; en: string };
  doc: { es: string; en: string };
};

const ALL = CASE_STATUSES;
const OPEN = OPEN_STATUSES;
const OPEN_NOT_WAITING = RUNNING_CLOCK_STATUSES;

/**
 * The table. Several rules may share an action (close: from RESPONDIDA with any outcome, or from
 * an early status only as NOT_APPLICABLE); the first rule whose from-statuses and outcomes match wins.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: "assign",
    from: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"],
    to: "ASIGNADA",
    // Moving a case that is already being worked on to another official does not send it back
    // to "assigned": the work goes on, and the timeline records the change and its reason.
    toByFrom: { EN_TRAMITE: "same" },
    event: "ASSIGNED / REASSIGNED",
    guard: {
      es: "Reasignar (cambiar a quien ya la tenía, o de área después de asignada) exige un motivo.",
      en: "Reassigning (changing an existing assignee, or the area after assignment) needs a reason.",
    },
    doc: { es: "Asignar a un área y/o funcionario", en: "Assign to an area and/or an official" },
  },
  {
    action: "startWork",
    from: ["ASIGNADA", "REABIERTA"],
    to: "EN_TRAMITE",
    event: "STATUS_CHANGED",
    doc: { es: "Marcar en trámite", en: "Mark as in progress" },
  },
  {
    action: "note",
    from: ALL,
    to: "same",
    event: "NOTE",
    doc: { es: "Nota interna (nunca visible para la persona)", en: "Internal note (never shown to the citizen)" },
  },
  {
    action: "requestInfo",
    from: ["INGRESADA", "ASIGNADA", "EN_TRAMITE", "REABIERTA"],
    to: "ESPERA_CIUDADANO",
    event: "INFO_REQUESTED",
    guard: { es: "El plazo se suspende (art. 31).", en: "The clock pauses (art. 31)." },
    doc: { es: "Pedir antecedentes a la persona", en: "Ask the citizen for information" },
  },
  {
    action: "receiveInfo",
    from: ["ESPERA_CIUDADANO"],
    to: "EN_TRAMITE",
    event: "INFO_RECEIVED",
    guard: { es: "El plazo se reanuda y se corre por los días hábiles de espera.", en: "The clock resumes; the deadline moves by the business days waited." },
    doc: { es: "Registrar los antecedentes recibidos", en: "Record the citizen's information" },
  },
  {
    action: "extend",
    from: OPEN,
    to: "same",
    event: "EXTENDED",
    guard: {
      es: "Una sola vez, hasta la mitad del plazo original, antes de que venza (art. 26).",
      en: "Once, by at most half the original term, before it expires (art. 26).",
    },
    doc: { es: "Ampliar el plazo", en: "Extend the deadline" },
  },
  {
    action: "derive",
    from: OPEN,
    to: "DERIVADA",
    event: "DERIVED",
    guard: { es: "Se informa de inmediato a la persona (art. 14).", en: "The citizen is told at once (art. 14)." },
    doc: { es: "Derivar a otro organismo", en: "Derive to another institution" },
  },
  {
    action: "reply",
    from: OPEN_NOT_WAITING,
    to: "RESPONDIDA",
    event: "REPLIED",
    guard: { es: "Registra el tiempo de respuesta en días hábiles.", en: "Records the response time in business days." },
    doc: { es: "Responder", en: "Reply" },
  },
  {
    action: "close",
    from: ["RESPONDIDA"],
    to: "CERRADA",
    outcomes: CASE_OUTCOMES,
    event: "CLOSED",
    doc: { es: "Cerrar con un resultado", en: "Close with an outcome" },
  },
  {
    action: "close",
    from: ["INGRESADA", "ASIGNADA", "EN_TRAMITE"],
    to: "CERRADA",
    outcomes: ["NOT_APPLICABLE"],
    event: "CLOSED",
    doc: { es: "Cerrar sin respuesta como «no corresponde» (p. ej. spam)", en: "Close unanswered as not applicable (e.g. spam)" },
  },
  {
    action: "desist",
    from: ["ESPERA_CIUDADANO"],
    to: "DESISTIDA",
    event: "DESISTED",
    guard: {
      es: "Solo pasados 5 días hábiles desde la solicitud de antecedentes sin respuesta (art. 31).",
      en: "Only after 5 business days since the information request without an answer (art. 31).",
    },
    doc: { es: "Declarar desistida", en: "Close as desisted" },
  },
  {
    action: "reopen",
    from: ["RESPONDIDA", "CERRADA", "DESISTIDA"],
    to: "REABIERTA",
    event: "REOPENED",
    guard: { es: "Exige un motivo; el plazo se reanuda.", en: "Needs a reason; the clock resumes." },
    doc: { es: "Reabrir", en: "Reopen" },
  },
];

export type TransitionError = "ILLEGAL_TRANSITION" | "OUTCOME_REQUIRED";
export type TransitionResult = { ok: true; to: CaseStatusValue } | { ok: false; error: TransitionError };

function targetOf(rule: TransitionRule, from: CaseStatusValue): CaseStatusValue {
  const target = rule.toByFrom?.[from] ?? rule.to;
  return target === "same" ? from : target;
}

/**
 * The status `action` leads to from `from`, or why it may not. `close` needs `outcome`; without
 * one the answer is OUTCOME_REQUIRED when some outcome would be allowed.
 */
export function nextStatus(action: CaseAction, from: CaseStatusValue, options: { outcome?: CaseOutcomeValue | null } = {}): TransitionResult {
  const rules = TRANSITIONS.filter((r) => r.action === action && r.from.includes(from));
  if (rules.length === 0) return { ok: false, error: "ILLEGAL_TRANSITION" };
  for (const rule of rules) {
    if (!rule.outcomes) return { ok: true, to: targetOf(rule, from) };
    if (options.outcome && rule.outcomes.includes(options.outcome)) return { ok: true, to: targetOf(rule, from) };
  }
  return { ok: false, error: options.outcome ? "ILLEGAL_TRANSITION" : "OUTCOME_REQUIRED" };
}

/** Whether `action` may start from `from` (with `outcome` for close: any outcome when omitted). */
export function canTransition(action: CaseAction, from: CaseStatusValue, outcome?: CaseOutcomeValue | null): boolean {
  if (outcome) return nextStatus(action, from, { outcome }).ok;
  return TRANSITIONS.some((r) => r.action === action && r.from.includes(from));
}

/** The actions the table allows from `status` (before the clock's time guards). */
export function allowedActions(status: CaseStatusValue): CaseAction[] {
  return CASE_ACTIONS.filter((a) => canTransition(a, status));
}

/** The outcomes a case in `status` may be closed with ([] when it cannot be closed). */
export function allowedOutcomes(status: CaseStatusValue): CaseOutcomeValue[] {
  return CASE_OUTCOMES.filter((o) => nextStatus("close", status, { outcome: o }).ok);
}

export function isCaseStatus(value: unknown): value is CaseStatusValue {
  return typeof value === "string" && (CASE_STATUSES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Documentation

export const STATUS_DOC: Record<CaseStatusValue, { es: string; en: string }> = {
  INGRESADA: { es: "Recibida, aún sin asignar", en: "Received, not yet assigned" },
  ASIGNADA: { es: "Asignada a un área o funcionario", en: "Assigned to an area or an official" },
  EN_TRAMITE: { es: "En trámite", en: "Being worked on" },
  ESPERA_CIUDADANO: { es: "Esperando antecedentes de la persona; plazo suspendido", en: "Waiting for the citizen; clock paused" },
  RESPONDIDA: { es: "Respondida; plazo detenido", en: "Answered; clock stopped" },
  CERRADA: { es: "Cerrada con un resultado", en: "Closed with an outcome" },
  DERIVADA: { es: "Derivada a otro organismo (final)", en: "Derived to another institution (final)" },
  DESISTIDA: { es: "Cerrada por falta de respuesta de la persona", en: "Closed: the citizen did not answer" },
  REABIERTA: { es: "Reabierta; plazo reanudado", en: "Reopened; clock running again" },
};

function actionLabel(rule: TransitionRule): string {
  const outcome = rule.outcomes && rule.outcomes.length < CASE_OUTCOMES.length ? ` (${rule.outcomes.join(", ")})` : "";
  return `\`${rule.action}\`${outcome}`;
}

function targetLabel(rule: TransitionRule): string {
  const base = rule.to === "same" ? "(unchanged)" : rule.to;
  const exceptions = Object.entries(rule.toByFrom ?? {}).map(([from, to]) => `${from} → ${to === "same" ? "unchanged" : to}`);
  return exceptions.length ? `${base}; ${exceptions.join("; ")}` : base;
}

/** A Mermaid state diagram of the status changes (actions that keep the status are left out). */
export function caseStatusMermaid(): string {
  const lines = ["stateDiagram-v2", "    [*] --> INGRESADA: received"];
  const seen = new Set<string>();
  for (const rule of TRANSITIONS) {
    for (const from of rule.from) {
      const to = targetOf(rule, from);
      if (to === from) continue;
      const key = `${from}>${to}>${rule.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const restricted = rule.outcomes && rule.outcomes.length < CASE_OUTCOMES.length ? ` (${rule.outcomes.join(", ")})` : "";
      lines.push(`    ${from} --> ${to}: ${rule.action}${restricted}`);
    }
  }
  lines.push("    DERIVADA --> [*]");
  return lines.join("\n");
}

/**
 * The Markdown for README.md's "Case statuses" section (English, with the Spanish status names the
 * product uses): the statuses, the transition table and a Mermaid diagram. A unit test keeps the
 * README in step with this output.
 */
export function caseStatusMarkdown(): string {
  const statusRows = CASE_STATUSES.map((s) => `| ${s} | ${STATUS_DOC[s].en} |`);
  const ruleRows = TRANSITIONS.map(
    (r) => `| ${actionLabel(r)} | ${r.from.length === CASE_STATUSES.length ? "any" : r.from.join(", ")} | ${targetLabel(r)} | ${r.event} | ${r.guard?.en ?? ""} |`,
  );
  return [
    "| Status | Meaning |",
    "|---|---|",
    ...statusRows,
    "",
    "| Action | From | To | Timeline event | Rule |",
    "|---|---|---|---|---|",
    ...ruleRows,
    "",
    "```mermaid",
    caseStatusMermaid(),
    "```",
  ].join("\n");
}
