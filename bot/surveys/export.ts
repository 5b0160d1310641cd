/**
 * The survey's table as a download: one header row, then one row per ward section. Uses the spreadsheet writers the check-in export uses (bot/platform/spreadsheet), so text is formula-guarded
 * (='HYPERLINK… becomes '=…) and the CSV is UTF-8 with a BOM for Excel on Japanese Windows, or
 * on request Shift_JIS (Windows-31J) for older tools that read nothing else.
 */
import { encodeShiftJis } from '../platform/spreadsheet/shift-jis';
import { csvText, writeCsv, type ExportCell } from '../platform/spreadsheet/write-csv';
import { writeXlsx } from '../platform/spreadsheet/write-xlsx';
import type { AnswerStatus, Survey } from './model';
import type { SurveyTable } from './table';

export const SURVEY_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type SurveyExportFormat = (typeof SURVEY_EXPORT_FORMATS)[number];
/** The CSV's encoding (`encoding=` of the export URL); UTF-8 with a BOM unless asked otherwise. */
export const SURVEY_CSV_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type SurveyCsvEncoding = (typeof SURVEY_CSV_ENCODINGS)[number];

const STATUS_LABEL: Record<AnswerStatus, string> = {
  pending: '未回答',
  draft: '作成中',
  awaitingApproval: '承認待ち',
  returned: '差戻し',
  answered: '回答済み',
  unreachable: '連絡先なし',
};

const jst = (iso: string | undefined) =>
  iso ? new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : null;

export function surveyRows(survey: Survey, table: SurveyTable): ExportCell[][] {
  const header: ExportCell[] = [
    '区役所・課',
    '状況',
    '回答者',
    '承認者',
    '回答日時',
    ...survey.questions.map((q) => (q.unit ? `${q.label}（${q.unit}）` : q.label)),
  ];
  const rows = table.rows.map((r): ExportCell[] => [
    r.name,
    STATUS_LABEL[r.status],
    r.answeredByName ?? null,
    r.approvedByName ?? null,
    jst(r.answeredAt),
    ...survey.questions.map((q) => (Object.hasOwn(r.answers, q.key) ? r.answers[q.key] : null)),
  ]);
  // One row per ward section and nothing after it, so the file sorts and filters as a plain table (totals are in the API and the tab).
  return [header, ...rows];
}

export async function exportSurvey(
  survey: Survey,
  table: SurveyTable,
  format: SurveyExportFormat,
  encoding: SurveyCsvEncoding = 'utf-8',
): Promise<{ contentType: string; fileName: string; asciiFileName: string; body: Buffer }> {
  const rows = surveyRows(survey, table);
  const base = `照会_${survey.id}`;
  // No BOM: a Shift_JIS file has none, and Excel on Japanese Windows reads a CSV without one as Shift_JIS.
  if (format === 'csv' && encoding === 'shift_jis')
    return {
      contentType: 'text/csv; charset=Shift_JIS',
      fileName: `${base}_SJIS.csv`,
      asciiFileName: `survey_${survey.id}_sjis.csv`,
      body: encodeShiftJis(csvText(rows)).bytes,
    };
  if (format === 'csv')
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `${base}.csv`,
      asciiFileName: `survey_${survey.id}.csv`,
      body: writeCsv(rows),
    };
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    asciiFileName: `survey_${survey.id}.xlsx`,
    body: await writeXlsx(rows, survey.id),
  };
}
