/** The text of a manual's document, by page (PDF) or by heading (docx), as search indexes it. */

/** One stretch of a manual's text and where it is: a PDF page, or the docx heading it falls under. */
export interface ManualSection {
  /** 1-based page of a PDF. */
  page?: number;
  /** The heading (見出し) of a docx this text falls under; none before the first heading. */
  heading?: string;
  text: string;
}

export type ManualTextOutcome =
  | { ok: true; sections: ManualSection[]; /** cut at the text limit */ truncated: boolean }
  | { ok: false; reason: ManualTextFailure; detail: string };

/** Why a document's text could not be read; the manual stays searchable by its metadata. */
export type ManualTextFailure = 'unsupported' | 'too-large' | 'encrypted' | 'unreadable' | 'timeout';

/** What extraction may use: a file larger than maxBytes is not opened; text past maxChars is dropped. */
export interface ManualTextLimits {
  maxBytes: number;
  maxChars: number;
  /** A parser stuck on a hostile file is stopped after this long. */
  timeoutMs: number;
  /** The parser's heap; a file that needs more fails alone, not the server. */
  maxHeapMb: number;
}

export const MANUAL_TEXT_LIMITS: ManualTextLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxChars: 1_000_000,
  timeoutMs: 60_000,
  maxHeapMb: 512,
};

/** The kinds of document whose text is read, by file extension. */
export function manualDocumentKind(fileName: string): 'pdf' | 'docx' | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'pdf' || extension === 'docx' ? extension : undefined;
}
