import type { Span } from '../../bot/rulings/search/highlight';

/**
 * Text with the words a search found marked: <mark> (exposed as a highlight, which screen readers
 * announce) around the hits and plain text between them, so the title is read as one phrase.
 */
export function Marked({ spans }: { spans: Span[] }) {
  return <>{spans.map((span, i) => (span.hit ? <mark key={i}>{span.text}</mark> : span.text))}</>;
}
