import { Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Me } from '../api';
import { hrefOf } from '../route';
import { translate, type Locale } from '../strings';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
});

/**
 * 担当施策: where an initiative's owner (not PMO) finds their own pages, and where those pages'
 * back link leads them, instead of the PMO-only dashboard's refusal.
 */
export function MyInitiatives({ initiatives, locale }: { initiatives: Me['initiatives']; locale: Locale }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="dashboard-title" data-testid="my-initiatives">
      <Text as="h2" id="dashboard-title" size={600} weight="semibold" tabIndex={-1}>
        {translate(locale, 'myInitiativesTitle')}
      </Text>
      <Text as="p">{translate(locale, 'myInitiativesHelp')}</Text>
      <ul className={styles.list}>
        {initiatives.map((initiative) => (
          <li key={initiative.code}>
            <Link href={hrefOf({ view: 'dashboard', initiativeCode: initiative.code })}>{`${initiative.code} ${initiative.title}`}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
