import { Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment, type ReactNode } from 'react';

const useStyles = makeStyles({
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0 },
});

/** The top of a detail page: back to the list, the title (the page's accessible name, by `titleId`) and its badges. */
export function DetailHeader(props: { back: { href: string; label: string }; titleId: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <Link href={props.back.href}>← {props.back.label}</Link>
      <Text as="h2" id={props.titleId} size={600} weight="semibold">
        {props.title}
      </Text>
      <div className={styles.meta}>{props.children}</div>
    </>
  );
}

/** A part's heading on a detail page (本文, 確認状況, ...). */
export function SectionHeading({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Text as="h3" id={id} weight="semibold">
      {children}
    </Text>
  );
}

/** The facts of a record as a description list: term, value. */
export function FactList({ rows }: { rows: [string, ReactNode][] }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.definition}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
