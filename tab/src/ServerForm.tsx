import { Button, Field, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from './api';
import { translate, type Locale } from './strings';

/** A labelled input with the server's message about it underneath. */
export type FieldRenderer = (name: string, label: string, input: ReactNode, hint?: string, className?: string) => ReactNode;

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * A form the server checks (POST /api/notices, /api/surveys). `submit` sends it, busy until the
 * server answers. A refusal names the bad fields: each message shows under its input, the first
 * of them gets the focus, and a line at the foot says what failed. The server writes Japanese
 * only, so in English `englishMessage` names the field in the tab's own words.
 */
export function useServerForm(locale: Locale, englishMessage: (name: string) => string) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // After a refusal, focus the first field the server named, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (Object.keys(errors).length > 0) document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }, [errors]);

  const message = (name: string) => {
    const text = errors[name];
    if (!text) return undefined;
    return locale === 'ja' ? text : englishMessage(name);
  };
  const field: FieldRenderer = (name, label, input, hint, className) => (
    <Field
      label={label}
      validationState={errors[name] ? 'error' : 'none'}
      validationMessage={message(name)}
      hint={hint}
      className={className}
    >
      {input}
    </Field>
  );
  /** The form's onSubmit: `request` once; then the page of what it made (`pageOf` the answer's href) opens, or the refusal shows. */
  const submit =
    <T,>(request: () => Promise<T>, pageOf: (result: T) => string) =>
    (event: FormEvent) => {
      event.preventDefault();
      setBusy(true);
      setFailure(undefined);
      request().then(
        (result) => {
          window.location.hash = pageOf(result);
        },
        (e: Error) => {
          setBusy(false);
          // The fields the server names, or (none named) the error itself.
          const fields = e instanceof ApiError ? e.fields : {};
          setErrors(fields);
          setFailure(
            Object.keys(fields).length > 0 ? translate(locale, 'composeFailed') : translate(locale, 'error', { message: e.message }),
          );
        },
      );
    };
  return { errors, failure, setFailure, message, field, busy, submit };
}

/** The foot of such a form: what failed, 送信 (送信中… while busy) and キャンセル back to `cancelHref`. */
export function FormFoot({ failure, busy, cancelHref, locale }: { failure?: string; busy: boolean; cancelHref: string; locale: Locale }) {
  const styles = useStyles();
  return (
    <>
      {failure && <Text role="alert">{failure}</Text>}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? translate(locale, 'sending') : translate(locale, 'send')}
        </Button>
        <Button as="a" href={cancelHref}>
          {translate(locale, 'cancel')}
        </Button>
      </div>
    </>
  );
}
