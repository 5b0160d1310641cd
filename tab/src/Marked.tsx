import type { Span } from '../../bot/rulings/search/highlight';

/** Text with the words a search found marked (<mark>, which screen readers announce as highlighted). */
export function Marked({ spans }: { spans: Span[] }) {
  return <>{spans.map((span, i) => (span.hit ? <mark key={i}>{span.text}</mark> : <span key={i}>{span.text}</span>))}</>;
}
