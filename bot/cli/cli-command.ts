import type { Config } from '../platform/config';

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
