#!/usr/bin/env node
// Makes sure the system Chromium the e2e suite drives (/usr/bin/chromium) is installed.
// playwright-core ships no browser, and Debian's package is the one CI images can install offline
// from their mirror, so we use apt instead of `playwright install`. Quiet and instant when present.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

if (existsSync(CHROMIUM)) process.exit(0);

if (process.platform !== 'linux') {
  fail(`Chromium is missing at ${CHROMIUM}. Install Chromium there (the e2e suite expects that path).`);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!isRoot && !hasSudo) {
  fail(
    `Chromium is missing at ${CHROMIUM} and this user can neither install packages (not root) nor use sudo ` +
      'without a password. Run: sudo apt-get install -y --no-install-recommends chromium',
  );
}

const prefix = isRoot ? [] : ['sudo', '-n'];
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
console.error(`Installing Chromium with apt-get (${CHROMIUM} is missing)…`);
run([...prefix, 'apt-get', 'update']);
run([...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);

if (!existsSync(CHROMIUM))
  fail(`apt-get finished but ${CHROMIUM} still does not exist; check the apt output above.`);

function run(argv) {
  const [cmd, ...args] = argv;
  // stdout of apt is noisy; keep it on stderr so callers can still parse our stdout.
  const result = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env });
  if (result.status !== 0) {
    fail(`\`${argv.join(' ')}\` failed (exit ${result.status ?? result.signal}); see its output above.`);
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}
