import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { translate, type Locale, type StringKey } from './strings';

const useStyles = makeStyles({
  badges: { display: 'inline-flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', whiteSpace: 'nowrap', alignItems: 'center' },
});

/**
 * x/y of the ward sections (確認 1/2, 回答 6/10), 期限超過 in red once the deadline has passed
 * with sections still open, and how many sections the bot cannot reach. `ofKey` names the
 * x/y text, with {done} and {total}.
 */
export function ProgressBadges(props: {
  done: number;
  total: number;
  overdue: boolean;
  unreachable?: number;
  ofKey: StringKey;
  locale: Locale;
}) {
  const styles = useStyles();
  const { done, total, overdue, unreachable, locale } = props;
  return (
    <span className={styles.badges}>
      <Badge appearance="outline" color={done === total && total > 0 ? 'success' : 'informative'}>
        {translate(locale, props.ofKey, { done: String(done), total: String(total) })}
      </Badge>
      {overdue && <Badge color="danger">{translate(locale, 'overdue')}</Badge>}
      {unreachable ? (
        <Badge appearance="tint" color="danger">
          {translate(locale, 'unreachableCount', { count: String(unreachable) })}
        </Badge>
      ) : null}
    </span>
  );
}
