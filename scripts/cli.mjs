// `npm run cli -- <command>`: builds the bot if its sources changed, then runs the operator CLI.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  build({ parts: ['bot'], quiet: true });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [path.join(root, 'dist/bot/cli/main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
