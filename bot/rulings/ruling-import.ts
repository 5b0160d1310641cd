import { isValidIsoDate } from '../platform/fiscal-calendar';
import { RULING_STATUSES, type Ruling } from './model';

export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

const LIMITS = {
  id: 64,
  title: 300,
  question: 20_000,
  answer: 20_000,
  department: 100,
  category: 100,
  legalBasis: 1000,
  tag: 100,
  tags: 50,
};

/**
 * Reads one line of a rulings JSONL file into a Ruling, or says, field by field, what is
 * wrong with it. Blank lines are skipped (undefined).
 */
export function parseRulingLine(text: string, line: number): { ruling: Ruling } | { problems: ImportProblem[] } | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [{ line, field: '(line)', reason: `JSON として読めません (not JSON: ${(error as Error).message})` }] };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ line, field: '(line)', reason: 'JSON オブジェクトではありません (not a JSON object)' }] };
  }
  const record = value as Record<string, unknown>;
  const problems: ImportProblem[] = [];
  const text_ = (field: keyof typeof LIMITS, required = true): string => {
    const v = record[field];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push({ line, field, reason: '必須です (required)' });
      return '';
    }
    if (typeof v !== 'string') {
      problems.push({ line, field, reason: '文字列ではありません (must be a string)' });
      return '';
    }
    const clean = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    if (clean.length > LIMITS[field])
      problems.push({ line, field, reason: `${LIMITS[field]} 文字以内にしてください (at most ${LIMITS[field]} characters)` });
    return clean.trim();
  };

  const id = text_('id');
  if (id && !/^[\w.-]+$/.test(id))
    problems.push({ line, field: 'id', reason: '英数字・ハイフン・ピリオド・下線だけが使えます (letters, digits, - . _ only)' });
  const ruling: Ruling = {
    id,
    title: text_('title'),
    question: text_('question'),
    answer: text_('answer'),
    department: text_('department'),
    category: text_('category'),
    legalBasis: text_('legalBasis', false),
    tags: [],
    publishedAt: '',
    status: 'current',
    supersededBy: null,
  };

  if (record.tags !== undefined && record.tags !== null) {
    if (!Array.isArray(record.tags) || record.tags.some((t) => typeof t !== 'string'))
      problems.push({ line, field: 'tags', reason: '文字列の配列にしてください (must be an array of strings)' });
    else if (record.tags.length > LIMITS.tags) problems.push({ line, field: 'tags', reason: `${LIMITS.tags} 個以内にしてください` });
    else ruling.tags = (record.tags as string[]).map((t) => t.trim()).filter((t) => t && t.length <= LIMITS.tag);
  }
  if (typeof record.publishedAt !== 'string' || !isValidIsoDate(record.publishedAt)) {
    problems.push({ line, field: 'publishedAt', reason: '実在する日付を YYYY-MM-DD で指定してください (a real date as YYYY-MM-DD)' });
  } else ruling.publishedAt = record.publishedAt;
  if (!RULING_STATUSES.includes(record.status as Ruling['status'])) {
    problems.push({ line, field: 'status', reason: 'current か superseded を指定してください (current | superseded)' });
  } else ruling.status = record.status as Ruling['status'];
  if (record.supersededBy !== undefined && record.supersededBy !== null && record.supersededBy !== '') {
    if (typeof record.supersededBy !== 'string' || !/^[\w.-]{1,64}$/.test(record.supersededBy))
      problems.push({ line, field: 'supersededBy', reason: '判断事例の id を指定してください (a ruling id)' });
    else if (record.supersededBy === id)
      problems.push({ line, field: 'supersededBy', reason: '自分自身は指定できません (cannot supersede itself)' });
    else ruling.supersededBy = record.supersededBy;
  }
  return problems.length > 0 ? { problems } : { ruling };
}
