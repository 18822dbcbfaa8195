// The implementation report as a Word document (.docx), in Spanish or English: real Word headings
// (the title and the four parts, then one heading per activity and per indicator), tables for the
// activities, schedules, evidence, indicators and changes, A4 pages with numbered footers. Needs no
// request: the dissemination email worker calls it to attach the report.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import i18next, { type i18n as I18n } from "i18next";
import { fallbackLanguage, htmlLang, type Language } from "~/i18n/config";
import { resources } from "~/i18n/resources";
import { formatDateTimeShort, formatDay, formatNumber, periodLabel } from "~/domain/plan/format";
import type { EvaluatedIndicator, IndicatorPeriodValue } from "./indicator-types";
import {
  changeWindowText,
  evidenceItemText,
  executedText,
  formatCount,
  formatGeneratedAt,
  formatIndicatorValue,
  formatInterval,
  formatMonths,
  formatTarget,
  metLabel,
  scheduleStatusText,
  scheduleSummaryText,
  type Translate,
} from "./report";
import { getImplementationReport, type ImplementationReport, type ReportActivity } from "./report.server";

export const DOCX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let instance: I18n | undefined;

/** One i18next instance for every report, initialised synchronously from the bundled resources. */
export function reportT(lng: Language): Translate {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      ns: ["report", "plan"],
      defaultNS: "report",
      lng: fallbackLanguage,
      fallbackLng: fallbackLanguage,
      supportedLngs: ["es", "en"],
      initImmediate: false,
      // The document is XML written by docx, which escapes text itself.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance.getFixedT(lng, "report") as unknown as Translate;
}

// A4 portrait with 2 cm margins, in twentieths of a point.
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const HEADER_FILL = "E7ECF2";
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "8C949C" };

/** Text with line breaks as separate paragraphs (user-written fields keep their lines). */
function paragraphs(text: string, options: { bold?: boolean } = {}): Paragraph[] {
  const lines = text.split(/\r?\n/);
  return lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: options.bold })] }));
}

type Cell = string | Paragraph[];

function cell(content: Cell, width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: HEADER_FILL } : undefined,
    children: typeof content === "string" ? paragraphs(content, { bold: header }) : content,
  });
}

/**
 * A table over the page width; `weights` share it out among the columns; the header row (if any)
 * repeats on every page. With `rowHeaders`, each row's first cell is shaded as a label.
 */
function table(headers: string[] | null, rows: Cell[][], weights: number[], options: { rowHeaders?: boolean } = {}): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [
      ...(headers ? [new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i]!, true)) })] : []),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i]!, Boolean(options.rowHeaders) && i === 0)) })),
    ],
  });
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level, keepNext: true });
const label = (text: string) => new Paragraph({ keepNext: true, spacing: { before: 160 }, children: [new TextRun({ text, bold: true })] });
const text = (value: string, options: { italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text: value, italics: options.italics })] });
const spacer = () => new Paragraph({ text: "" });

/** "Label: value" on one line. */
function field(name: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${name}: `, bold: true }), new TextRun({ text: value })] });
}

function headerBlock(report: ImplementationReport, t: Translate, lng: string): Array<Paragraph | Table> {
  return [
    new Paragraph({ text: t("report:titleYear", { year: report.plan.year }), heading: HeadingLevel.HEADING_1 }),
    text(t("report:subtitle"), { italics: true }),
    table(
      null,
      [
        [t("report:header.institution"), report.institution.name],
        [t("report:header.plan"), report.plan.title],
        [t("report:header.year"), String(report.plan.year)],
        [t("report:header.generatedAt"), formatGeneratedAt(report.generatedAt, lng)],
      ],
      [1, 3],
      { rowHeaders: true },
    ),
    spacer(),
    text(t("report:intro")),
  ];
}

function summaryBlock(report: ImplementationReport, t: Translate, lng: string): Array<Paragraph | Table> {
  const { pcpa } = report;
  return [
    heading(t("report:summary.heading"), HeadingLevel.HEADING_2),
    label(t("report:summary.generalObjective")),
    ...paragraphs(report.plan.generalObjective),
    label(t("report:summary.specificObjectives")),
    ...report.plan.specificObjectives.map((o, i) => text(`${i + 1}. ${o}`)),
    label(t("report:summary.pcpa")),
    text(pcpa.value === null ? t("report:summary.pcpaNone") : t("report:summary.pcpaValue", { value: formatNumber(pcpa.value, lng), executed: pcpa.executed, programmed: pcpa.programmed })),
  ];
}

function activityBlock(a: ReportActivity, t: Translate, lng: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [
    heading(t("report:activities.heading", { number: a.number, title: a.title }), HeadingLevel.HEADING_3),
    ...paragraphs(a.description),
    field(t("report:activities.responsibleArea"), a.responsibleArea ?? t("report:activities.noArea")),
  ];
  if (a.participants) out.push(field(t("report:activities.participants"), a.participants));
  if (a.executionTerm) out.push(field(t("report:activities.executionTerm"), a.executionTerm));
  out.push(
    field(t("report:activities.deadline"), formatDay(a.deadline, lng)),
    field(t("report:activities.executed"), executedText(t, a.executedAt, lng)),
    field(t("report:activities.tramites"), a.tramites.length ? a.tramites.join("; ") : t("report:activities.noTramites")),
  );
  if (a.committedMeans.length) out.push(field(t("report:activities.committedMeans"), a.committedMeans.join("; ")));

  out.push(label(t("report:schedule.heading")));
  if (a.schedule.length === 0) out.push(text(t("report:schedule.none")));
  else
    out.push(
      table(
        [t("report:schedule.subAction"), t("report:schedule.months"), t("report:schedule.status"), t("report:schedule.statusDate")],
        a.schedule.map((s) => [s.title, formatMonths(t, s.months, lng), scheduleStatusText(t, s), formatDay(s.statusDate, lng)]),
        [5, 3, 2.5, 2.5],
      ),
    );

  out.push(label(t("report:evidence.heading")));
  if (a.evidence.length === 0) out.push(text(t("report:evidence.none")));
  else
    out.push(
      table(
        [t("report:evidence.description"), t("report:evidence.format"), t("report:evidence.item")],
        a.evidence.map((e) => [
          e.description,
          e.format,
          e.kind === "link" && e.url
            ? [new Paragraph({ children: [new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: evidenceItemText(t, e), style: "Hyperlink" })] })] })]
            : evidenceItemText(t, e),
        ]),
        [5, 2.5, 4.5],
      ),
    );
  return out;
}

function activitiesPart(report: ImplementationReport, t: Translate, lng: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [heading(t("report:parts.activities"), HeadingLevel.HEADING_2), text(t("report:activities.intro"))];
  if (report.activities.length === 0) return [...out, text(t("report:activities.none"))];
  out.push(
    table(
      [t("report:activities.number"), t("report:activities.title"), t("report:activities.responsibleArea"), t("report:activities.deadline"), t("report:activities.executed"), t("report:activities.schedule")],
      report.activities.map((a) => [
        String(a.number),
        a.title,
        a.responsibleArea ?? t("report:activities.noArea"),
        formatDay(a.deadline, lng),
        executedText(t, a.executedAt, lng),
        scheduleSummaryText(t, a.scheduleSummary),
      ]),
      [0.8, 4, 3, 2.2, 2.2, 2.6],
    ),
  );
  for (const a of report.activities) out.push(...activityBlock(a, t, lng));
  return out;
}

function periodName(t: Translate, p: IndicatorPeriodValue, lng: string): string {
  return periodLabel(t, p.period.code, lng);
}

function indicatorBlock(ind: EvaluatedIndicator, t: Translate, lng: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [
    heading(t("report:indicators.heading", { code: ind.code, name: ind.name }), HeadingLevel.HEADING_3),
    field(t("report:indicators.formula"), ind.formula),
    field(t("report:indicators.source"), t(`plan:source.${ind.source}`)),
    field(t("report:indicators.target"), formatTarget(t, ind.target, ind.direction, ind.unit, lng)),
  ];
  if (ind.activity) out.push(field(t("report:indicators.activity"), t("report:indicators.activityValue", { number: ind.activity.number, title: ind.activity.title })));
  const rows = ind.period === "YEAR" ? [ind.year] : [...ind.periods, ind.year];
  out.push(
    spacer(),
    table(
      [t("report:indicators.period"), t("report:indicators.value"), t("report:indicators.numerator"), t("report:indicators.denominator"), t("report:indicators.n"), t("report:indicators.interval"), t("report:indicators.met")],
      rows.map((p) => [
        p === ind.year && ind.period !== "YEAR" ? t("report:indicators.wholeYear") : periodName(t, p, lng),
        formatIndicatorValue(t, p.value, ind.unit, lng),
        formatCount(p.numerator, lng),
        formatCount(p.denominator, lng),
        formatCount(p.n, lng),
        formatInterval(t, p.interval, lng),
        metLabel(t, p.met),
      ]),
      [3, 2.2, 1.8, 1.8, 1.2, 2.4, 1.8],
    ),
  );
  const analysed = [...ind.periods, ...(ind.period === "YEAR" ? [] : [ind.year])].filter((p) => p.measurement);
  if (analysed.length === 0) out.push(text(t("report:indicators.noAnalysis"), { italics: true }));
  for (const p of analysed) {
    const m = p.measurement!;
    out.push(label(t("report:indicators.analysisHeading", { period: periodName(t, p, lng) })));
    out.push(field(t("report:indicators.interpretation"), m.interpretation || t("report:indicators.notRecorded")));
    out.push(field(t("report:indicators.gaps"), m.gaps || t("report:indicators.notRecorded")));
    out.push(field(t("report:indicators.recommendations"), m.recommendations || t("report:indicators.notRecorded")));
    const when = formatDateTimeShort(m.enteredAt, lng);
    out.push(text(m.enteredBy ? t("report:indicators.enteredBy", { name: m.enteredBy, date: when }) : t("report:indicators.enteredOn", { date: when }), { italics: true }));
  }
  return out;
}

function indicatorsPart(report: ImplementationReport, t: Translate, lng: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [heading(t("report:parts.indicators"), HeadingLevel.HEADING_2), text(t("report:indicators.intro"))];
  if (report.indicators.length === 0) return [...out, text(t("report:indicators.none"))];
  out.push(
    text(t("report:indicators.summary", report.indicatorSummary)),
    table(
      [t("report:indicators.name"), t("report:indicators.target"), t("report:indicators.yearValue", { year: report.plan.year }), t("report:indicators.n"), t("report:indicators.interval"), t("report:indicators.met")],
      report.indicators.map((i) => [
        `${i.code}: ${i.name}`,
        formatTarget(t, i.target, i.direction, i.unit, lng),
        formatIndicatorValue(t, i.year.value, i.unit, lng),
        formatCount(i.year.n, lng),
        formatInterval(t, i.year.interval, lng),
        metLabel(t, i.year.met),
      ]),
      [5, 2, 2.2, 1.2, 2.4, 1.8],
    ),
  );
  for (const ind of report.indicators) out.push(...indicatorBlock(ind, t, lng));
  return out;
}

function factorsPart(report: ImplementationReport, t: Translate): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [heading(t("report:parts.factors"), HeadingLevel.HEADING_2), text(t("report:factors.intro"))];
  if (report.factors.length === 0) return [...out, text(t("report:factors.none"))];
  const counters = { DIFFICULTY: 0, SLACK: 0 };
  for (const f of report.factors) {
    counters[f.kind] += 1;
    out.push(
      heading(t("report:factors.item", { kind: t(`plan:factors.kinds.${f.kind}`), n: counters[f.kind] }), HeadingLevel.HEADING_3),
      field(t("report:factors.description"), f.description),
      field(t("report:factors.internalFactors"), f.internalFactors || t("report:factors.notStated")),
      field(t("report:factors.externalFactors"), f.externalFactors || t("report:factors.notStated")),
      field(t("report:factors.affectedComponents"), f.affectedComponents || t("report:factors.notStated")),
    );
  }
  return out;
}

function changesPart(report: ImplementationReport, t: Translate, lng: string): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [
    heading(t("report:parts.changes"), HeadingLevel.HEADING_2),
    text(t("report:changes.intro", { date: formatDay(report.changeWindowEnd, lng) })),
  ];
  if (report.changes.length === 0) return [...out, text(t("report:changes.none"))];
  out.push(
    table(
      [t("report:changes.component"), t("report:changes.description"), t("report:changes.justification"), t("report:changes.approvedAt"), t("report:changes.acta"), t("report:changes.window")],
      report.changes.map((c) => [
        t(`plan:changes.components.${c.component}`),
        c.description,
        c.justification,
        formatDay(c.approvedAt, lng),
        c.actaReference || "—",
        changeWindowText(t, c.outsideWindow, report.changeWindowEnd, lng),
      ]),
      [1.6, 4, 4, 1.9, 2.4, 1.9],
    ),
  );
  return out;
}

/** Builds the Word document of an already loaded report. */
export async function reportToDocx(report: ImplementationReport, lng: Language): Promise<Buffer> {
  const t = reportT(lng);
  const title = t("report:titleYear", { year: report.plan.year });
  const doc = new Document({
    creator: report.institution.name,
    title,
    description: t("report:docx.description", { year: report.plan.year }),
    styles: {
      default: {
        document: { run: { font: "Calibri", size: 21, language: { value: htmlLang(lng) } }, paragraph: { spacing: { after: 80 } } },
        heading1: { run: { size: 34, bold: true, color: "1F3A5F" }, paragraph: { spacing: { after: 120 } } },
        heading2: { run: { size: 28, bold: true, color: "1F3A5F" }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading3: { run: { size: 24, bold: true, color: "1F3A5F" }, paragraph: { spacing: { before: 240, after: 80 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: `${report.institution.shortName} · ${title} · ${t("report:docx.page")} `, size: 16 }), new TextRun({ children: [PageNumber.CURRENT], size: 16 })],
              }),
            ],
          }),
        },
        children: [
          ...headerBlock(report, t, lng),
          ...summaryBlock(report, t, lng),
          ...activitiesPart(report, t, lng),
          ...indicatorsPart(report, t, lng),
          ...factorsPart(report, t),
          ...changesPart(report, t, lng),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The year's report as a .docx in `lng`; null when there is no plan that year (null year: the latest). */
export async function renderImplementationReportDocx({
  institutionId,
  year,
  lng,
  now = new Date(),
}: {
  institutionId: string;
  year: number | null;
  lng: Language;
  now?: Date;
}): Promise<{ fileName: string; buffer: Buffer } | null> {
  const report = await getImplementationReport({ institutionId, year, now });
  if (!report) return null;
  const buffer = await reportToDocx(report, lng);
  return { fileName: reportT(lng)("report:docx.fileName", { year: report.plan.year }), buffer };
}
