import pino, { type DestinationStream, type StreamEntry } from 'pino';
import type { LogLevel } from './config';
import { currentCorrelation } from './telemetry/correlation';
import { redactFields } from './telemetry/redaction';

/**
 * One JSON object a line (pino) on stdout, errors on stderr: what App Service's console logs and
 * Log Analytics collect. Every line written inside a turn, an API request or an outbox send
 * carries that unit's correlationId; credentials and what people wrote are redacted first.
 * `npm start` pipes the lines through pino-pretty for reading.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Keys pino writes itself; a field with one of these names is renamed rather than duplicated. */
const RESERVED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'correlationId', 'unit']);

/** `write` replaces stdout/stderr (e.g. the CLI keeps stdout for its own output); it gets each line without its newline. */
export function createLogger(level: LogLevel, write?: (line: string, isError: boolean) => void): Logger {
  const streams: StreamEntry<LogLevel>[] = write
    ? [
        { level: 'debug', stream: lineStream((line) => write(line, false)) },
        { level: 'error', stream: lineStream((line) => write(line, true)) },
      ]
    : [
        // Synchronous, so the last lines before process.exit() are not lost.
        { level: 'debug', stream: pino.destination({ dest: 1, sync: true }) },
        { level: 'error', stream: pino.destination({ dest: 2, sync: true }) },
      ];
  const base = pino<never, false>(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlation = currentCorrelation();
        return correlation ? { correlationId: correlation.correlationId, unit: correlation.unit } : {};
      },
    },
    pino.multistream(streams, { dedupe: true }),
  );
  const log =
    (at: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (!base.isLevelEnabled(at)) return;
      base[at](safeFields(fields), message);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function safeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const redacted = redactFields(fields);
  for (const key of Object.keys(redacted)) {
    if (!RESERVED.has(key)) continue;
    redacted[`field.${key}`] = redacted[key];
    delete redacted[key];
  }
  return redacted;
}

function lineStream(write: (line: string) => void): DestinationStream {
  return { write: (chunk: string) => write(chunk.replace(/\n$/, '')) };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
