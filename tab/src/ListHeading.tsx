import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  heading: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between' },
});

/**
 * The top of a list page (お知らせ, 全区照会): its title (the list's accessible name, by `titleId`),
 * the button that writes a new one for those who may, and a line of what the list holds.
 */
export function ListHeading(props: { titleId: string; title: string; intro: string; create?: { href: string; label: string } }) {
  const styles = useStyles();
  return (
    <>
      <div className={styles.heading}>
        <Text as="h2" id={props.titleId} size={500} weight="semibold">
          {props.title}
        </Text>
        {props.create && (
          <Button appearance="primary" as="a" href={props.create.href}>
            {props.create.label}
          </Button>
        )}
      </div>
      <Text as="p">{props.intro}</Text>
    </>
  );
}
