import { Button, Checkbox, Field, Input, Radio, RadioGroup, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, noticeApi, type Department, type Me, type NoticeDraft, type NoticeKind } from '../api';
import { hrefOf } from '../route';
import { NOTICE_FIELD_KEYS, NOTICE_KIND_KEYS, translate, type Locale } from '../strings';
import { canCompose, kindName } from './parts';

const NOTICE_KINDS = Object.keys(NOTICE_KIND_KEYS) as NoticeKind[];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  sections: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    columnGap: tokens.spacingHorizontalM,
    border: 0,
    margin: 0,
    padding: 0,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

type AudienceChoice = 'wardSections' | 'category' | 'allWards';

interface Values {
  kind: NoticeKind;
  title: string;
  body: string;
  effectiveOn: string;
  confirmBy: string;
  audience: AudienceChoice;
  wardSections: string[];
  category: string;
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
  audience: 'wardSections',
  wardSections: [],
  category: '',
  rulingIds: '',
  supersedesRulingIds: '',
  manualIds: '',
};

/** 「R-0020, R-0021」「R-0020、R-0021」 → ['R-0020', 'R-0021']; the server checks each id. */
const idsOf = (text: string) => text.split(/[\s,、，]+/).filter(Boolean);

function draftOf(values: Values, requestId: string): NoticeDraft {
  const audience: NoticeDraft['audience'] =
    values.audience === 'allWards'
      ? { allWards: true }
      : values.audience === 'category'
        ? { category: values.category }
        : { wardSections: values.wardSections };
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

/**
 * お知らせの作成: the tab's form for POST /api/notices. The server validates every field and
 * names the bad ones; each message shows under its input. On success the notice's page opens.
 */
export function NoticeCompose({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [departments, setDepartments] = useState<Department[]>([]);
  // One id per form: pressing 送信 twice (or retrying after a lost answer) makes one notice.
  const requestId = useMemo(() => crypto.randomUUID(), []);

  useEffect(() => {
    let current = true;
    api.departments().then(
      (result) => current && setDepartments(result.departments.filter((d) => d.kind === 'ward')),
      (e: Error) => current && setFailure(e.message),
    );
    return () => {
      current = false;
    };
  }, []);
  // After a refusal, focus the first field the server named, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (Object.keys(errors).length > 0) document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }, [errors]);
  const categories = useMemo(() => [...new Set(departments.flatMap((d) => d.categories ?? []))].sort(), [departments]);

  if (!canCompose(me)) return <Text role="alert">{translate(locale, 'composeForbidden')}</Text>;

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  /** The server's text in Japanese; in English the tab's own words name the field (the server writes Japanese only). */
  const message = (field: string) => {
    const text = errors[field];
    if (!text) return undefined;
    if (locale === 'ja') return text;
    const key = NOTICE_FIELD_KEYS[field];
    return key ? translate(locale, 'fieldInvalid', { field: translate(locale, key).toLowerCase() }) : translate(locale, 'composeFailed');
  };
  const field = (name: string, label: string, input: ReactNode, hint?: string) => (
    <Field label={label} validationState={errors[name] ? 'error' : 'none'} validationMessage={message(name)} hint={hint}>
      {input}
    </Field>
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    noticeApi.compose(draftOf(values, requestId)).then(
      (detail) => {
        window.location.hash = hrefOf({ view: 'notices', id: detail.id });
      },
      (e: Error) => {
        setBusy(false);
        const fields = e instanceof ApiError ? e.fields : {};
        setErrors(fields);
        setFailure(
          Object.keys(fields).length > 0 ? translate(locale, 'composeFailed') : translate(locale, 'error', { message: e.message }),
        );
      },
    );
  };

  return (
    <form className={styles.form} aria-labelledby="compose-title" onSubmit={submit} noValidate>
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
      {field(
        'audience',
        translate(locale, 'audience'),
        <RadioGroup value={values.audience} onChange={(_, d) => set('audience', d.value as AudienceChoice)}>
          <Radio value="wardSections" label={translate(locale, 'audienceSections')} />
          <Radio value="category" label={translate(locale, 'audienceCategory')} />
          <Radio value="allWards" label={translate(locale, 'audienceAll')} />
        </RadioGroup>,
      )}
      {values.audience === 'wardSections' && (
        <fieldset className={styles.sections}>
          <legend className={styles.legend}>{translate(locale, 'wardSections')}</legend>
          {departments.map((d) => (
            <Checkbox
              key={d.id}
              label={`${d.office} ${d.name}`}
              checked={values.wardSections.includes(d.id)}
              onChange={(_, data) =>
                set('wardSections', data.checked ? [...values.wardSections, d.id] : values.wardSections.filter((id) => id !== d.id))
              }
            />
          ))}
        </fieldset>
      )}
      {values.audience === 'category' &&
        field(
          'category',
          translate(locale, 'noticeCategory'),
          categories.length > 0 ? (
            <Select value={values.category} onChange={(_, d) => set('category', d.value)}>
              <option value="">—</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          ) : (
            <Input value={values.category} onChange={(_, d) => set('category', d.value)} />
          ),
        )}
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
      {failure && <Text role="alert">{failure}</Text>}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? translate(locale, 'sending') : translate(locale, 'send')}
        </Button>
        <Button as="a" href={hrefOf({ view: 'notices' })}>
          {translate(locale, 'cancel')}
        </Button>
      </div>
    </form>
  );
}
