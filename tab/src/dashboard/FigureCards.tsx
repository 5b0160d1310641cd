import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { translate, type Locale, type StringKey } from '../strings';

const useStyles = makeStyles({
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalM, margin: 0 },
  /** The headline's many cards: more of them to a row. */
  dense: { gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  cardLabel: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  cardValue: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  cardDetail: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** Headline figures as cards: each its label, value and what it is counted over (the headline, お知らせ, 照会). */
export function FigureCards(props: { cards: [StringKey, string, string][]; locale: Locale; testId: string; dense?: boolean }) {
  const styles = useStyles();
  return (
    <dl className={mergeClasses(styles.cards, props.dense && styles.dense)} data-testid={props.testId}>
      {props.cards.map(([label, value, detail]) => (
        <div key={label} className={styles.card}>
          <dt className={styles.cardLabel}>{translate(props.locale, label)}</dt>
          <dd className={styles.cardValue}>{value}</dd>
          <dd className={styles.cardDetail}>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * 「8/10件」: a share always with its numerator and denominator, the percentage beside it, so one
 * confirmed case never reads as a bare 100%; nothing decided yet reads as —.
 */
export function shareText(part: number, whole: number, rate: number | null, locale: Locale): string {
  const fraction = translate(locale, 'onTimeFraction', { part: String(part), whole: String(whole) });
  if (whole === 0 || rate === null) return `— (${fraction})`;
  return locale === 'ja' ? `${rate}%（${fraction}）` : `${rate}% (${fraction})`;
}
