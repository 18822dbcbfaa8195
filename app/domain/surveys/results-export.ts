// What the satisfaction export writes: one row per response, its columns, and how an answer becomes
// a cell. Pure (no I/O). The CSV dialect is the inbox export's (inbox-export.ts: UTF-8 with BOM,
// `;`, CRLF, RFC 4180 quoting, formula-looking cells neutralised).
import { localize, type SurveyQuestion } from "./questions";

export const RESPONSE_COLUMNS = ["date", "channel", "kind", "office", "area", "tramite", "official", "template", "version"] as const;
export type ResponseColumn = (typeof RESPONSE_COLUMNS)[number];

export type ResultsExportFormat = "csv" | "xlsx";

/** A question column: the answers to one question key, across the versions in the export. */
export type QuestionColumn = { key: string; header: string; question: SurveyQuestion };

type TemplateLike = { id: string; key: string; version: number; questions: SurveyQuestion[] };

/** The first text question of a version: its answer is the response's comment (its own column). */
function commentKey(questions: SurveyQuestion[]): string | undefined {
  return questions.find((q) => q.type === "text")?.key;
}

/**
 * One column per question key of the templates exported (newest versions' order first), except
 * the text question that holds the comment in every version that has it (the comment has its own
 * last column). Headers are the question's label in the reader's language, with the key when two
 * labels are the same.
 */
export function questionColumns(templates: TemplateLike[], lng: string): QuestionColumn[] {
  const newestFirst = [...templates].sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version);
  const seen = new Map<string, SurveyQuestion>();
  const asComment = new Map<string, boolean>();
  for (const t of newestFirst) {
    const comment = commentKey(t.questions);
    for (const q of t.questions) {
      if (!seen.has(q.key)) seen.set(q.key, q);
      asComment.set(q.key, (asComment.get(q.key) ?? true) && q.key === comment);
    }
  }
  const columns = [...seen.values()].filter((q) => !asComment.get(q.key)).map((q) => ({ key: q.key, header: localize(q.label, lng), question: q }));
  const counts = new Map<string, number>();
  for (const c of columns) counts.set(c.header, (counts.get(c.header) ?? 0) + 1);
  return columns.map((c) => ((counts.get(c.header) ?? 0) > 1 ? { ...c, header: `${c.header} (${c.key})` } : c));
}

/**
 * An answer as a cell: a scale as its number, a choice as its option's label, several joined by
 * commas. `yesPartlyNo` names yes/partly/no when the template gives those options no labels.
 */
export function answerCell(column: QuestionColumn, value: unknown, lng: string, yesPartlyNo?: (value: string) => string): string | number | null {
  if (value === null || value === undefined) return null;
  const label = (v: unknown) => {
    const option = column.question.options?.find((o) => o.value === v);
    if (option) return localize(option.label, lng);
    if (column.question.type === "yes_partly_no" && yesPartlyNo) return yesPartlyNo(String(v));
    return String(v);
  };
  switch (column.question.type) {
    case "scale":
      return typeof value === "number" ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    case "multiple":
      return (Array.isArray(value) ? value : [value]).map(label).join(", ");
    case "single":
    case "yes_partly_no":
      return label(value);
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}

/** `satisfaccion-2026-01-01_2026-11-30.csv`: the period exported. */
export function resultsExportFileName(format: ResultsExportFormat, period: { from: string; to: string }): string {
  return `satisfaccion-${period.from}_${period.to}.${format}`;
}
