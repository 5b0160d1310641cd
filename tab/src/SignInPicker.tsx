import { Button, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api, type DemoPerson } from './api';
import { joinList, ROLE_LABELS, translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { nameWithTitle } from '../../shared/person-title';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM },
  card: { cursor: 'pointer' },
});

/** Local mode only: choose which demo person to act as (production uses Teams SSO). */
export function SignInPicker({ locale, onChoose }: { locale: Locale; onChoose: (personId: string) => void }) {
  const state = useApiData(api.demoPeople);
  return (
    <WhenLoaded state={state} locale={locale}>
      {({ people }) => <PeopleCards people={people} locale={locale} onChoose={onChoose} />}
    </WhenLoaded>
  );
}

function PeopleCards({ people, locale, onChoose }: { people: DemoPerson[]; locale: Locale; onChoose: (personId: string) => void }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="sign-in-title">
      <Text as="h2" id="sign-in-title" size={500} weight="semibold" block>
        {translate(locale, 'signInTitle')}
      </Text>
      <Text block>{translate(locale, 'signInHelp')}</Text>
      <div className={styles.grid}>
        {people.map((person) => (
          <Card key={person.id} className={styles.card}>
            <CardHeader
              header={<Text weight="semibold">{nameWithTitle(person.displayName, person.title)}</Text>}
              description={
                <Text size={200}>
                  {person.department} ・{' '}
                  {joinList(
                    locale,
                    person.roles.map((role) => ROLE_LABELS[role]?.[locale] ?? role),
                  )}
                </Text>
              }
            />
            <Button appearance="primary" onClick={() => onChoose(person.id)}>
              {translate(locale, 'signInAs', { name: person.displayName })}
            </Button>
          </Card>
        ))}
      </div>
    </section>
  );
}
