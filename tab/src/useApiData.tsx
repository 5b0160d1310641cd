import { Text } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import { translate, type Locale } from './strings';

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T };

/** Loads data once from the API; every view shows loading and errors the same way. */
export function useApiData<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ kind: 'ready', data }),
      (error: Error) => current && setState({ kind: 'error', message: error.message }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return state;
}

/**
 * One record by id (a notice, a survey), loaded again when the id changes; an answer for an id no
 * longer shown is dropped. `replace` shows the record a step on the page answered with.
 */
export function useApiRecord<T>(id: string, load: (id: string) => Promise<T>): [Loaded<T>, (data: T) => void] {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    load(id).then(
      (data) => current && setState({ kind: 'ready', data }),
      (error: Error) => current && setState({ kind: 'error', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [id, load]);
  return [state, (data: T) => setState({ kind: 'ready', data })];
}

/** Renders the data when ready, else the shared loading or error message. */
export function WhenLoaded<T>({ state, locale, children }: { state: Loaded<T>; locale: Locale; children: (data: T) => ReactNode }) {
  if (state.kind === 'loading') return <Text>{translate(locale, 'loading')}</Text>;
  if (state.kind === 'error') return <Text role="alert">{translate(locale, 'error', { message: state.message })}</Text>;
  return <>{children(state.data)}</>;
}
