import { ConfigError, environmentWithDotEnv, loadConfig } from '../platform/config';
import type { CliCommand, CliContext } from './cli-command';
import { asCommand } from './as-command';
import { checkinCommand } from './checkin-command';
import { doctorCommand } from './doctor-command';
import { exportCommand } from './export-command';
import { importCommand } from './import-command';
import { outboxCommand } from './outbox-command';
import { provisionCommand } from './provision-command';
import { reachCommand } from './reach-command';
import { searchCommand } from './search-command';
import { seedCommand } from './seed-command';

/** Operator commands: `npm run cli -- <command>`. */
const COMMANDS: CliCommand[] = [
  seedCommand,
  doctorCommand,
  outboxCommand,
  reachCommand,
  importCommand,
  exportCommand,
  checkinCommand,
  searchCommand,
  provisionCommand,
  asCommand,
];

function usage(context: CliContext) {
  context.out('使い方 (usage): npm run cli -- <command>');
  for (const command of COMMANDS) context.out(`  ${command.usage.padEnd(28)} ${command.description}`);
}

async function main(argv: string[]): Promise<number> {
  const context: CliContext = {
    config: () => loadConfig(environmentWithDotEnv(process.env)),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    usage(context);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    context.err(`不明なコマンド: ${name} (unknown command)`);
    usage(context);
    return 2;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof ConfigError) {
      context.err(error.message);
      return 78;
    }
    context.err(`失敗しました (failed): ${(error as Error).message}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
