import type { Logger } from '../../platform/logger';
import type { ManualStore } from '../../store/ports';
import { extractManualText } from './extract-manual-text';
import { MANUAL_TEXT_LIMITS, type ManualTextLimits, type ManualTextOutcome } from './model';

/**
 * Reads a manual's document and indexes its text (upload or sync). A document that cannot be
 * read leaves the manual searchable by its metadata; the reason is logged and kept with it.
 */
export async function indexManualDocument(
  deps: { manuals: Pick<ManualStore, 'saveText'>; logger: Logger },
  document: { manualId: string; fileName: string; bytes: Uint8Array; /** the version read (a cTag, a hash) */ source: string },
  limits: ManualTextLimits = MANUAL_TEXT_LIMITS,
): Promise<ManualTextOutcome> {
  const outcome = await extractManualText(document.bytes, document.fileName, limits);
  await deps.manuals.saveText(document.manualId, { source: document.source, outcome });
  if (!outcome.ok)
    deps.logger.warn('manual text not indexed; the manual stays searchable by its metadata', {
      manualId: document.manualId,
      reason: outcome.reason,
      detail: outcome.detail,
    });
  else if (outcome.truncated)
    deps.logger.warn('manual text cut at the size limit', { manualId: document.manualId, maxChars: limits.maxChars });
  return outcome;
}
