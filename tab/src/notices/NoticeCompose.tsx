import { Input, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { noticeApi, type Me, type NoticeDraft, type NoticeKind } from '../api';
import { AudienceFields, audienceOf, EMPTY_AUDIENCE, useWardSections, type AudienceValues } from '../AudienceFields';
import { hrefOf } from '../route';
import { NOTICE_FIELD_KEYS, NOTICE_KIND_KEYS, translate, type Locale } from '../strings';
import { kindName } from './parts';
import { canWriteToWards } from '../hq-writers';
import { FormFoot, useServerForm } from '../ServerForm';

const NOTICE_KINDS = Object.keys(NOTICE_KIND_KEYS) as NoticeKind[];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
});

interface Values extends AudienceValues {
  kind: NoticeKind;
  title: string;
  body: string;
  effectiveOn: string;
  confirmBy: string;
  rulingIds: string;
  supersedesRulingIds: string;
  manualIds: string;
}

const EMPTY: Values = {
  kind: '制度改正',
  title: '',
  body: '',
  effectiveOn: '',
  confirmBy: '',
  ...EMPTY_AUDIENCE,
  rulingIds: '',
  supersedesRulingIds: '',
  manualIds: '',
};

/** 「R-0020, R-0021」「R-0020、R-0021」 → ['R-0020', 'R-0021']; the server checks each id. */
const idsOf = (text: string) => text.split(/[\s,、，]+/).filter(Boolean);

function draftOf(values: Values, requestId: string): NoticeDraft {
  const audience = audienceOf(values);
  return {
    kind: values.kind,
    title: values.title,
    body: values.body,
    ...(values.effectiveOn ? { effectiveOn: values.effectiveOn } : {}),
    ...(values.confirmBy ? { confirmBy: values.confirmBy } : {}),
    audience,
    rulingIds: idsOf(values.rulingIds),
    supersedesRulingIds: idsOf(values.supersedesRulingIds),
    manualIds: idsOf(values.manualIds),
    requestId,
  };
}

/** A field the server refused, named in the tab's own English words. */
const englishMessage = (locale: Locale) => (name: string) => {
  const key = NOTICE_FIELD_KEYS[name];
  return key ? translate(locale, 'fieldInvalid', { field: translate(locale, key).toLowerCase() }) : translate(locale, 'composeFailed');
};

/**
 * お知らせの作成: the tab's form for POST /api/notices. The server validates every field and
 * names the bad ones; each message shows under its input. On success the notice's page opens.
 */
export function NoticeCompose({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(EMPTY);
  const { failure, setFailure, message, field, busy, submit } = useServerForm(locale, englishMessage(locale));
  const departments = useWardSections(setFailure);
  // One id per form: pressing 送信 twice (or retrying after a lost answer) makes one notice.
  const requestId = useMemo(() => crypto.randomUUID(), []);

  if (!canWriteToWards(me)) return <Text role="alert">{translate(locale, 'composeForbidden')}</Text>;

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const send = submit(
    () => noticeApi.compose(draftOf(values, requestId)),
    (detail) => hrefOf({ view: 'notices', id: detail.id }),
  );

  return (
    <form className={styles.form} aria-labelledby="compose-title" onSubmit={send} noValidate>
      <Text as="h2" id="compose-title" size={600} weight="semibold">
        {translate(locale, 'composeTitle')}
      </Text>
      <Text as="p">{translate(locale, 'composeIntro')}</Text>
      {field(
        'kind',
        translate(locale, 'noticeKind'),
        <RadioGroup layout="horizontal" value={values.kind} onChange={(_, d) => set('kind', d.value as NoticeKind)}>
          {NOTICE_KINDS.map((kind) => (
            <Radio key={kind} value={kind} label={kindName(kind, locale)} />
          ))}
        </RadioGroup>,
      )}
      {field('title', translate(locale, 'noticeTitle'), <Input value={values.title} onChange={(_, d) => set('title', d.value)} />)}
      {field(
        'body',
        translate(locale, 'noticeBody'),
        <Textarea value={values.body} onChange={(_, d) => set('body', d.value)} rows={8} resize="vertical" />,
        translate(locale, 'noticeBodyHint'),
      )}
      {field(
        'effectiveOn',
        translate(locale, 'effectiveOn'),
        <Input type="date" value={values.effectiveOn} onChange={(_, d) => set('effectiveOn', d.value)} />,
      )}
      {field(
        'confirmBy',
        translate(locale, 'confirmBy'),
        <Input type="date" value={values.confirmBy} onChange={(_, d) => set('confirmBy', d.value)} />,
        translate(locale, 'confirmByHint'),
      )}
      <AudienceFields
        locale={locale}
        values={values}
        onChange={(audience) => setValues((v) => ({ ...v, ...audience }))}
        departments={departments}
        messages={{ audience: message('audience'), category: message('category') }}
      />
      {field(
        'rulingIds',
        translate(locale, 'rulingIds'),
        <Input value={values.rulingIds} onChange={(_, d) => set('rulingIds', d.value)} />,
        translate(locale, 'idsHint'),
      )}
      {field(
        'supersedesRulingIds',
        translate(locale, 'supersedesRulingIds'),
        <Input value={values.supersedesRulingIds} onChange={(_, d) => set('supersedesRulingIds', d.value)} />,
      )}
      {field(
        'manualIds',
        translate(locale, 'manualIds'),
        <Input value={values.manualIds} onChange={(_, d) => set('manualIds', d.value)} />,
      )}
      <FormFoot failure={failure} busy={busy} cancelHref={hrefOf({ view: 'notices' })} locale={locale} />
    </form>
  );
}
