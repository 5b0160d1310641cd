import { Checkbox, Field, Input, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { api, type Department } from './api';
import { translate, type Locale } from './strings';

/**
 * 宛先 of an HQ → ward message (お知らせ, 照会): chosen ward sections, every section of a 分野, or
 * every ward section; the server resolves and checks it (bot/platform/ward-audience.ts).
 */

const useStyles = makeStyles({
  sections: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    columnGap: tokens.spacingHorizontalM,
    border: 0,
    margin: 0,
    padding: 0,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
});

export type AudienceChoice = 'wardSections' | 'category' | 'allWards';

export interface AudienceValues {
  audience: AudienceChoice;
  wardSections: string[];
  category: string;
}

export const EMPTY_AUDIENCE: AudienceValues = { audience: 'wardSections', wardSections: [], category: '' };

export function audienceOf(values: AudienceValues): { wardSections: string[] } | { category: string } | { allWards: true } {
  if (values.audience === 'allWards') return { allWards: true };
  if (values.audience === 'category') return { category: values.category };
  return { wardSections: values.wardSections };
}

/** The ward sections from the directory, for the checkboxes and the 分野 choices; a failure is reported, the form stays usable. */
export function useWardSections(onError: (message: string) => void): Department[] {
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    let current = true;
    api.departments().then(
      (result) => current && setDepartments(result.departments.filter((d) => d.kind === 'ward')),
      (e: Error) => current && onError(e.message),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return departments;
}

/** The radio of the three kinds of audience and, below it, the sections or the 分野; `messages` are the server's, per field. */
export function AudienceFields(props: {
  locale: Locale;
  values: AudienceValues;
  onChange: (values: AudienceValues) => void;
  departments: Department[];
  messages: { audience?: string; category?: string };
}) {
  const styles = useStyles();
  const { locale, values, onChange, departments, messages } = props;
  const categories = useMemo(() => [...new Set(departments.flatMap((d) => d.categories ?? []))].sort(), [departments]);
  const set = (change: Partial<AudienceValues>) => onChange({ ...values, ...change });
  return (
    <>
      <Field
        label={translate(locale, 'audience')}
        validationState={messages.audience ? 'error' : 'none'}
        validationMessage={messages.audience}
      >
        <RadioGroup value={values.audience} onChange={(_, d) => set({ audience: d.value as AudienceChoice })}>
          <Radio value="wardSections" label={translate(locale, 'audienceSections')} />
          <Radio value="category" label={translate(locale, 'audienceCategory')} />
          <Radio value="allWards" label={translate(locale, 'audienceAll')} />
        </RadioGroup>
      </Field>
      {values.audience === 'wardSections' && (
        <fieldset className={styles.sections}>
          <legend className={styles.legend}>{translate(locale, 'wardSections')}</legend>
          {departments.map((d) => (
            <Checkbox
              key={d.id}
              label={`${d.office} ${d.name}`}
              checked={values.wardSections.includes(d.id)}
              onChange={(_, data) =>
                set({ wardSections: data.checked ? [...values.wardSections, d.id] : values.wardSections.filter((id) => id !== d.id) })
              }
            />
          ))}
        </fieldset>
      )}
      {values.audience === 'category' && (
        <Field
          label={translate(locale, 'noticeCategory')}
          validationState={messages.category ? 'error' : 'none'}
          validationMessage={messages.category}
        >
          {categories.length > 0 ? (
            <Select value={values.category} onChange={(_, d) => set({ category: d.value })}>
              <option value="">—</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          ) : (
            <Input value={values.category} onChange={(_, d) => set({ category: d.value })} />
          )}
        </Field>
      )}
    </>
  );
}
