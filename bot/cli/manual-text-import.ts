import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { indexManualDocument } from '../rulings/manual-text/index-manual-document';
import { manualDocumentKind } from '../rulings/manual-text/model';
import { type CliContext, openCliStore } from './cli-command';

export const MANUAL_TEXT_USAGE = '使い方 (usage): npm run cli -- import manual-text MANUAL-ID FILE.pdf|FILE.docx';

/**
 * import manual-text M-001 FILE: reads a manual's PDF (by page) or docx (by heading) and indexes
 * its text for search, replacing what was indexed for it (in SharePoint the sync reads the
 * library's files instead). A file that cannot be read is reported with its reason; the manual
 * stays searchable by its metadata.
 */
export async function importManualText(args: string[], context: CliContext): Promise<number> {
  const [manualId, file, ...rest] = args;
  if (!manualId || !file || rest.length > 0 || !manualDocumentKind(file)) {
    context.err(MANUAL_TEXT_USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    context.err(`ファイルがありません (no such file): ${file}`);
    return 1;
  }
  const store = await openCliStore(context.config());
  try {
    if (!(await store.manuals.get(manualId))) {
      context.err(`マニュアル ${manualId} はありません (no such manual)`);
      return 1;
    }
    const bytes = fs.readFileSync(file);
    const source = `file:${path.basename(file)}:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
    const logger = createLogger('warn', (line) => process.stderr.write(`${line}\n`));
    const outcome = await indexManualDocument(
      { manuals: store.manuals, logger },
      { manualId, fileName: path.basename(file), bytes, source },
    );
    if (!outcome.ok) {
      context.err(
        `${manualId} の本文を読めませんでした（${outcome.reason}）。マニュアルは列の内容で検索できます (not read: ${outcome.detail})`,
      );
      return 1;
    }
    const unit = outcome.sections[0]?.page !== undefined ? 'ページ (pages)' : '見出し (headings)';
    context.out(
      `${manualId} の本文を取り込みました: ${outcome.sections.length} ${unit}${outcome.truncated ? '（上限で打ち切り / cut at the limit）' : ''}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
