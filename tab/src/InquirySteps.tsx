import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { inquiryApi, type InquiryDetail as Detail } from './api';
import { translate, type Locale } from './strings';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Which dialog is open; null when none. */
type Open = 'withdraw' | 'release' | 'reassign' | null;

/**
 * 取り下げる (the asker, with a reason and a confirmation), 取下げを取り消す (while nobody had
 * taken it on), 担当を外す (the assignee) and 担当変更 (the department's approver, choosing who).
 * Only the buttons the server's `steps` allow are shown; every press is checked there again, and
 * what it refuses is shown as it said it. `onChanged` gets the inquiry as it is now: after a step,
 * its answer; after a refusal, a fresh read (someone else may have moved it meanwhile).
 */
export function InquirySteps({
  detail,
  locale,
  onChanged,
}: {
  detail: Detail;
  locale: Locale;
  onChanged: (next: Detail, announcement: string) => void;
}) {
  const styles = useStyles();
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const { steps } = detail;
  const number = detail.inquiry.number;

  /** Runs one step; on success closes the dialog and announces `done`, on refusal shows why and re-reads the inquiry. */
  const run = (step: () => Promise<Detail>, done: (next: Detail) => string) => {
    setBusy(true);
    setError(undefined);
    step().then(
      (next) => {
        setBusy(false);
        setOpen(null);
        onChanged(next, done(next));
      },
      (e: Error) => {
        setBusy(false);
        setError(translate(locale, 'error', { message: e.message }));
        inquiryApi.detail(number).then(
          (fresh) => onChanged(fresh, ''),
          () => undefined,
        );
      },
    );
  };
  const openDialog = (which: Open) => {
    setError(undefined);
    setOpen(which);
  };

  if (!steps.withdraw && !steps.restore && !steps.release && !steps.reassign && open === null && !error) return null;
  return (
    <section aria-label={translate(locale, 'inquiryStepsLabel')} className={styles.bar}>
      {steps.restore && (
        <>
          <Text>{translate(locale, 'restoreHint')}</Text>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() =>
              run(
                () => inquiryApi.restore(number),
                () => translate(locale, 'restoreDone', { number }),
              )
            }
          >
            {translate(locale, 'restoreButton')}
          </Button>
        </>
      )}
      {steps.release && <Button onClick={() => openDialog('release')}>{translate(locale, 'releaseButton')}</Button>}
      {steps.reassign && <Button onClick={() => openDialog('reassign')}>{translate(locale, 'reassignButton')}</Button>}
      {steps.withdraw && <Button onClick={() => openDialog('withdraw')}>{translate(locale, 'withdrawButton')}</Button>}
      {open === null && error && <Text role="alert">{error}</Text>}
      {open === 'withdraw' && (
        <WithdrawDialog
          number={number}
          locale={locale}
          busy={busy}
          error={error}
          onCancel={() => setOpen(null)}
          onConfirm={(reason) =>
            run(
              () => inquiryApi.withdraw(number, reason),
              () => translate(locale, 'withdrawDone', { number }),
            )
          }
        />
      )}
      {open === 'release' && (
        <StepDialog
          title={translate(locale, 'releaseTitle', { number })}
          confirm={translate(locale, 'releaseConfirm')}
          locale={locale}
          busy={busy}
          error={error}
          onCancel={() => setOpen(null)}
          onConfirm={() =>
            run(
              () => inquiryApi.release(number),
              () => translate(locale, 'releaseDone', { number }),
            )
          }
        >
          <Text>{translate(locale, 'releaseHint')}</Text>
        </StepDialog>
      )}
      {open === 'reassign' && (
        <ReassignDialog
          detail={detail}
          locale={locale}
          busy={busy}
          error={error}
          onCancel={() => setOpen(null)}
          onConfirm={(personId) =>
            run(
              () => inquiryApi.reassign(number, personId),
              (next) => translate(locale, 'reassignDone', { number, name: next.item.assigneeName ?? personId }),
            )
          }
        />
      )}
    </section>
  );
}

/** A modal with a title, what it asks, the server's refusal if any, and confirm / cancel. */
function StepDialog(props: {
  title: string;
  confirm: string;
  locale: Locale;
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  onConfirm: () => void;
  children: ReactNode;
  destructive?: boolean;
  canConfirm?: boolean;
}) {
  const styles = useStyles();
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && props.onCancel()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            props.onConfirm();
          }}
        >
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent className={styles.content}>
              {props.children}
              {props.error && <Text role="alert">{props.error}</Text>}
            </DialogContent>
            <DialogActions>
              {props.canConfirm !== false && (
                <Button type="submit" appearance="primary" disabled={props.busy}>
                  {props.busy ? translate(props.locale, 'stepWorking') : props.confirm}
                </Button>
              )}
              <Button disabled={props.busy} onClick={props.onCancel}>
                {translate(props.locale, 'stepCancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** 取り下げる: the reason is required (checked here first, and by the server). */
function WithdrawDialog(props: {
  number: string;
  locale: Locale;
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { locale } = props;
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <StepDialog
      title={translate(locale, 'withdrawTitle', { number: props.number })}
      confirm={translate(locale, 'withdrawConfirm')}
      locale={locale}
      busy={props.busy}
      error={props.error}
      onCancel={props.onCancel}
      onConfirm={() => {
        if (!reason.trim()) return setMissing(true);
        props.onConfirm(reason.trim());
      }}
    >
      <Text>{translate(locale, 'withdrawHint')}</Text>
      <Field
        label={translate(locale, 'withdrawReasonLabel')}
        required
        validationState={missing ? 'error' : 'none'}
        validationMessage={missing ? translate(locale, 'withdrawReasonMissing') : undefined}
      >
        <Textarea
          value={reason}
          maxLength={WITHDRAW_REASON_MAX}
          resize="vertical"
          onChange={(_, data) => {
            setReason(data.value);
            if (data.value.trim()) setMissing(false);
          }}
        />
      </Field>
    </StepDialog>
  );
}

/** The server's limit on the reason (INQUIRY_LIMITS.withdrawReason), so the box stops where it would refuse. */
const WITHDRAW_REASON_MAX = 500;

/** 担当変更: one of the department's responders and approvers (the server lists them and checks the choice). */
function ReassignDialog(props: {
  detail: Detail;
  locale: Locale;
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  onConfirm: (personId: string) => void;
}) {
  const { locale, detail } = props;
  const candidates = detail.reassignCandidates;
  const [personId, setPersonId] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <StepDialog
      title={translate(locale, 'reassignTitle', { number: detail.inquiry.number })}
      confirm={translate(locale, 'reassignConfirm')}
      locale={locale}
      busy={props.busy}
      error={props.error}
      canConfirm={candidates.length > 0}
      onCancel={props.onCancel}
      onConfirm={() => (personId ? props.onConfirm(personId) : setMissing(true))}
    >
      {candidates.length === 0 ? (
        <Text>{translate(locale, 'reassignNoOne')}</Text>
      ) : (
        <Field
          label={translate(locale, 'reassignTo')}
          required
          validationState={missing ? 'error' : 'none'}
          validationMessage={missing ? translate(locale, 'reassignMissing') : undefined}
        >
          <Select
            value={personId}
            onChange={(_, data) => {
              setPersonId(data.value);
              setMissing(false);
            }}
          >
            <option value="" disabled>
              —
            </option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </StepDialog>
  );
}
