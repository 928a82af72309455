#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into native/electron/better_sqlite3.node, leaving the
// Node-ABI build in node_modules/better-sqlite3 untouched (tests, server and CLI keep using it).
// See docs/native-modules.md.
//
//   node scripts/rebuild-electron-native.mjs           build if missing or stale
//   node scripts/rebuild-electron-native.mjs --force   build even if up to date
//   node scripts/rebuild-electron-native.mjs --check   only verify (for `predist`); exits 1 if not usable
//
// How: copy the better-sqlite3 package (without its build/) to a temp dir, fetch a prebuilt Electron
// binary there with prebuild-install, or else compile it with node-gyp against Electron's headers, and
// copy the .node file out. Needs the internet (electronjs.org headers, GitHub prebuilds) unless
// TRADELAB_ELECTRON_NODEDIR points at extracted Electron headers, in which case node-gyp builds offline.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const outDir = path.join(root, 'native', 'electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const infoFile = path.join(outDir, 'build-info.json');
const DIST_URL = 'https://electronjs.org/headers';

const args = new Set(process.argv.slice(2));
const arch = process.env.TRADELAB_ELECTRON_ARCH || process.arch;
const platform = process.platform;

let cleanup = () => {};

function fail(message) {
  cleanup();
  console.error(`\nrebuild:electron: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return fail(`${name} is not installed in node_modules. Run "npm ci" first.`);
  }
}

const electronDir = packageDir('electron');
const sqliteDir = packageDir('better-sqlite3');
const electronVersion = readJson(path.join(electronDir, 'package.json')).version;
const sqliteVersion = readJson(path.join(sqliteDir, 'package.json')).version;
const abiFile = path.join(electronDir, 'abi_version');
const electronAbi = fs.existsSync(abiFile) ? fs.readFileSync(abiFile, 'utf8').trim() : undefined;
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform, arch };

function currentBuild() {
  if (!fs.existsSync(outFile) || !fs.existsSync(infoFile))
    return { ok: false, why: `${rel(outFile)} is missing` };
  let info;
  try {
    info = readJson(infoFile);
  } catch {
    return { ok: false, why: `${rel(infoFile)} is unreadable` };
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (info[key] !== value) {
      return { ok: false, why: `it was built for ${key} ${info[key]}, but this checkout needs ${value}` };
    }
  }
  return { ok: true };
}

function rel(file) {
  return path.relative(root, file) || file;
}

const current = currentBuild();
if (args.has('--check')) {
  if (current.ok) {
    console.log(
      `rebuild:electron: ${rel(outFile)} matches Electron ${electronVersion} (${platform}-${arch}).`,
    );
    process.exit(0);
  }
  fail(
    `The Electron build of better-sqlite3 is not usable: ${current.why}.\n` +
      'Run "npm run rebuild:electron" (needs the internet) before packaging; the app cannot open its database without it.',
  );
}
if (current.ok && !args.has('--force')) {
  console.log(
    `rebuild:electron: ${rel(outFile)} is up to date (Electron ${electronVersion}, ${platform}-${arch}).`,
  );
  process.exit(0);
}

const offlineHeaders = process.env.TRADELAB_ELECTRON_NODEDIR;
if (!offlineHeaders) await requireNetwork();

// A clean environment: npm passes its config to scripts as npm_config_*, and a `nodedir`, `target` or
// `runtime` from an .npmrc would silently make node-gyp build for Node's ABI instead of Electron's.
const env = { ...process.env };
for (const key of Object.keys(env)) {
  if (
    /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i.test(key)
  ) {
    delete env[key];
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-sqlite-electron-'));
cleanup = () => fs.rmSync(work, { recursive: true, force: true });
try {
  const pkgCopy = path.join(work, 'better-sqlite3');
  fs.cpSync(sqliteDir, pkgCopy, {
    recursive: true,
    filter: (src) => {
      const sub = path.relative(sqliteDir, src).split(path.sep)[0];
      return sub !== 'build' && sub !== 'node_modules';
    },
  });
  console.log(
    `rebuild:electron: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch}) in ${pkgCopy}`,
  );

  const built = path.join(pkgCopy, 'build', 'Release', 'better_sqlite3.node');
  if (!offlineHeaders) tryPrebuilt(pkgCopy);
  if (!fs.existsSync(built)) compile(pkgCopy, path.join(work, 'gyp-cache'));
  if (!fs.existsSync(built)) fail(`the build finished but ${built} does not exist.`);
  verifyAbi(built);

  fs.mkdirSync(outDir, { recursive: true });
  const tmpOut = `${outFile}.tmp-${process.pid}`;
  fs.copyFileSync(built, tmpOut);
  fs.renameSync(tmpOut, outFile);
  fs.writeFileSync(
    infoFile,
    `${JSON.stringify({ ...wanted, abi: electronAbi, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(
    `rebuild:electron: wrote ${rel(outFile)}; node_modules/better-sqlite3 is unchanged (Node ABI).`,
  );
} finally {
  cleanup();
}

async function requireNetwork() {
  const url = `${DIST_URL}/v${electronVersion}/SHASUMS256.txt`;
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    fail(
      `Cannot reach ${url} (${err?.cause?.code ?? err?.message ?? err}).\n` +
        `Building better-sqlite3 for Electron ${electronVersion} needs Electron's headers from ${DIST_URL}\n` +
        '(or a prebuilt binary from GitHub), so this step needs the internet. Nothing was changed.\n' +
        'Connect and run "npm run rebuild:electron" again, or set TRADELAB_ELECTRON_NODEDIR to a folder with\n' +
        `the extracted node-v${electronVersion}-headers.tar.gz to compile offline.`,
    );
  }
}

function tryPrebuilt(cwd) {
  let bin;
  try {
    bin = require.resolve('prebuild-install/bin.js');
  } catch {
    return;
  }
  const res = spawnSync(
    process.execPath,
    [
      bin,
      '--runtime',
      'electron',
      '--target',
      electronVersion,
      '--arch',
      arch,
      '--platform',
      platform,
      '--verbose',
    ],
    { cwd, env, stdio: 'inherit' },
  );
  if (res.status !== 0) console.log('rebuild:electron: no prebuilt binary; compiling with node-gyp instead.');
}

function nodeGypCommand() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    const fromNpm = process.env.npm_config_node_gyp;
    return fromNpm ? [process.execPath, fromNpm] : ['node-gyp'];
  }
}

function compile(cwd, devdir) {
  const [cmd, ...pre] = nodeGypCommand();
  const gypArgs = [
    ...pre,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--runtime=electron',
    `--dist-url=${DIST_URL}`,
    `--devdir=${devdir}`,
  ];
  if (offlineHeaders) gypArgs.push(`--nodedir=${path.resolve(offlineHeaders)}`);
  const res = spawnSync(cmd, gypArgs, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (res.status !== 0) {
    fail(
      `node-gyp could not build better-sqlite3 for Electron ${electronVersion} (exit ${res.status ?? res.error?.message}).\n` +
        'It needs a C++ toolchain (build-essential / Xcode command line tools / Visual Studio Build Tools) and Python 3.',
    );
  }
}

// An Electron-ABI binary must refuse to load in plain Node; if it loads, node-gyp built for Node.
function verifyAbi(file) {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("LOADED") } catch (e) { console.log(e.message) }',
      file,
    ],
    { encoding: 'utf8' },
  );
  const out = `${probe.stdout}`.trim();
  if (out === 'LOADED') {
    fail(
      `${file} loads in Node ${process.version}: it was built for Node's ABI, not Electron's. Nothing was copied.`,
    );
  }
  if (electronAbi && !out.includes(`NODE_MODULE_VERSION ${electronAbi}`)) {
    console.warn(
      `rebuild:electron: could not confirm ABI ${electronAbi} of the build (${out.split('\n')[0]}).`,
    );
  }
}
