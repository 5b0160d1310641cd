import type { Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openStore } from '../store/compose-store';
import type { Store } from '../store/ports';

/** One operator command of `npm run cli -- <name> ...`. Returns the process exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  run(args: string[], context: CliContext): Promise<number>;
}

export interface CliContext {
  /** Reads and validates configuration; throws ConfigError with every problem. */
  config(): Config;
  out(line: string): void;
  err(line: string): void;
}

/** The store the configuration names (SQLite locally, SharePoint in production), with warnings on stderr. */
export function openCliStore(config: Config): Promise<Store> {
  return openStore(
    config,
    createLogger('warn', (line) => process.stderr.write(`${line}\n`)),
  );
}
