import { createLogger } from '../../bot/platform/logger';
import { currentCorrelation, runWithCorrelation } from '../../bot/platform/telemetry/correlation';
import { REDACTED, redactFields, scrubText } from '../../bot/platform/telemetry/redaction';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXBhcnQ';

describe('redaction of log fields', () => {
  it('drops credentials by field name, at any depth, and in header objects', () => {
    const out = redactFields({
      headers: { Authorization: `Bearer ${JWT}`, 'content-type': 'application/json' },
      nested: { deeper: { accessToken: 'abc', client_assertion: 'xyz', clientSecret: 's3cret' } },
      fetched: new Headers({ authorization: 'Bearer zzz', accept: 'json' }),
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'content-type': 'application/json' },
      nested: { deeper: { accessToken: REDACTED, client_assertion: REDACTED, clientSecret: REDACTED } },
      fetched: { authorization: REDACTED, accept: 'json' },
    });
    expect(JSON.stringify(out)).not.toContain('abc');
  });

  it('keeps only the length of what people wrote', () => {
    const out = redactFields({
      text: '国保の資格喪失日について',
      question: { body: '長い本文' },
      answer: '回答です',
      key: 'inquiry:Q-R8-0001:posted',
      personId: 'p-ward-staff',
    });
    expect(out).toEqual({
      text: '[redacted: 12 chars]',
      question: REDACTED,
      answer: '[redacted: 4 chars]',
      key: 'inquiry:Q-R8-0001:posted',
      personId: 'p-ward-staff',
    });
  });

  it('scrubs tokens out of free text and errors, keeping the rest of the message', () => {
    expect(scrubText(`refused Bearer ${JWT} for x`)).toBe(`refused Bearer ${REDACTED} for x`);
    expect(scrubText(`token ${JWT} expired`)).toBe(`token ${REDACTED} expired`);
    expect(scrubText('https://login.example/cb?code=0.AAA&state=1&client_secret=abc')).toBe(
      `https://login.example/cb?code=${REDACTED}&state=1&client_secret=${REDACTED}`,
    );
    const error = Object.assign(new Error(`Graph 401 with ${JWT}`), { status: 401 });
    const out = redactFields({ error }).error as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'Error', message: `Graph 401 with ${REDACTED}`, status: 401 });
    expect(String(out.stack)).not.toContain(JWT);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactFields({ a })).toEqual({ a: { name: 'a', self: '[circular]' } });
  });
});

describe('logger', () => {
  const capture = (level: 'debug' | 'info' | 'warn' | 'error' = 'info') => {
    const lines: { line: string; isError: boolean }[] = [];
    const logger = createLogger(level, (line, isError) => lines.push({ line, isError }));
    return { logger, lines, json: () => lines.map((entry) => JSON.parse(entry.line)) };
  };

  it('writes one JSON object a line with level, time and message; errors apart; LOG_LEVEL respected', () => {
    const { logger, lines, json } = capture('info');
    logger.debug('not shown');
    logger.info('server listening', { url: 'http://127.0.0.1:1', mode: 'local' });
    logger.error('turn failed', { error: new Error('boom') });
    expect(lines.map((entry) => entry.isError)).toEqual([false, true]);
    const [info, error] = json();
    expect(info).toMatchObject({ level: 'info', msg: 'server listening', url: 'http://127.0.0.1:1', mode: 'local' });
    expect(new Date(info.time).toISOString()).toBe(info.time);
    expect(error).toMatchObject({ level: 'error', msg: 'turn failed', error: { name: 'Error', message: 'boom' } });
    expect(lines[0].line).toContain('"url":"http://127.0.0.1:1","mode":"local"'); // fields in the order given
  });

  it('puts the correlation id of the unit of work on every line inside it, and none outside', async () => {
    const { logger, json } = capture();
    logger.info('before');
    await runWithCorrelation({ correlationId: 'c-1', unit: 'turn' }, async () => {
      logger.info('inside');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn('after an await', { level: 'not the level' });
      expect(currentCorrelation()).toEqual({ correlationId: 'c-1', unit: 'turn' });
    });
    await Promise.all(
      ['c-2', 'c-3'].map((id) =>
        runWithCorrelation({ correlationId: id, unit: 'outbox' }, async () => {
          await new Promise((resolve) => setTimeout(resolve, id === 'c-2' ? 10 : 1));
          logger.info(`send ${id}`);
        }),
      ),
    );
    const lines = json();
    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[1]).toMatchObject({ msg: 'inside', correlationId: 'c-1', unit: 'turn' });
    expect(lines[2]).toMatchObject({ msg: 'after an await', correlationId: 'c-1', level: 'warn', 'field.level': 'not the level' });
    for (const line of lines.slice(3)) expect(line.msg).toBe(`send ${line.correlationId}`);
    expect(currentCorrelation()).toBeUndefined();
  });

  it('redacts before writing', () => {
    const { logger, lines } = capture();
    logger.warn('bot request refused', { authorization: `Bearer ${JWT}`, reason: `JsonWebTokenError for ${JWT}`, text: '個人の文章' });
    expect(lines[0].line).not.toContain(JWT.split('.')[2]);
    expect(lines[0].line).not.toContain('個人の文章');
  });
});
