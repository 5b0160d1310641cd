import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { translate, type Locale, type StringKey } from '../strings';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  note: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    margin: 0,
  },
});

/**
 * What someone who may not see the figures gets instead of an error: the dashboard is for the
 * PMO and administrators (the server refuses them the figures too). Small and chart-free, so the
 * tab shows it without loading the dashboard's code.
 */
export function PmoOnly({ locale, message = 'pmoOnly' }: { locale: Locale; message?: StringKey }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="dashboard-title" data-testid="dashboard-not-allowed">
      <Text as="h2" id="dashboard-title" size={600} weight="semibold">
        {translate(locale, 'dashboardTitle')}
      </Text>
      <p className={styles.note} role="status">
        {translate(locale, message)}
      </p>
      {message === 'pmoOnly' && <Text as="p">{translate(locale, 'pmoOnlyHelp')}</Text>}
    </section>
  );
}
