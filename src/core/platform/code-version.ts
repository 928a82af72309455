import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The code that produced something (model lineage): "<package version>+<git commit>", or just the
 * version where there is no git checkout (installed app, npm package). Git is read from files rather
 * than spawned, so this works without git on PATH and costs no child process in a training host.
 */
export function codeVersion(packageRoot: string = findPackageRoot()): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  const version = pkg.version ?? '0.0.0';
  const commit = readGitCommit(packageRoot);
  return commit ? `${version}+${commit}` : version;
}

/** Full commit hash HEAD points at in `root`'s checkout, or null when there is none or it cannot be read. */
export function readGitCommit(root: string): string | null {
  try {
    const gitDir = resolveGitDir(root);
    if (!gitDir) return null;
    // Linked worktrees keep HEAD in their own git dir and branches in the common one.
    const commonFile = path.join(gitDir, 'commondir');
    const commonDir = existsSync(commonFile)
      ? path.resolve(gitDir, readFileSync(commonFile, 'utf8').trim())
      : gitDir;
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (!ref) return isCommit(head) ? head : null; // detached HEAD holds the hash itself
    for (const dir of [gitDir, commonDir]) {
      const loose = path.join(dir, ref);
      if (existsSync(loose)) {
        const hash = readFileSync(loose, 'utf8').trim();
        return isCommit(hash) ? hash : null;
      }
    }
    const packed = path.join(commonDir, 'packed-refs');
    if (!existsSync(packed)) return null;
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [hash, name] = line.trim().split(' ');
      if (name === ref && isCommit(hash)) return hash;
    }
    return null;
  } catch {
    // Lineage must never fail a training run over an unreadable .git: the version alone still says a lot.
    return null;
  }
}

/** `.git` is a folder in a plain clone and a "gitdir: <path>" file in worktrees and submodules. */
function resolveGitDir(root: string): string | null {
  const dotGit = path.join(root, '.git');
  if (!existsSync(dotGit)) return null;
  if (statSync(dotGit).isDirectory()) return dotGit;
  const target = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return target ? path.resolve(root, target) : null;
}

function isCommit(text: string | undefined): text is string {
  return text !== undefined && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}

/** Tradelab's package root: the nearest folder above this file whose package.json is named "tradelab". */
function findPackageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'tradelab'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find Tradelab's package.json above ${from}; reinstall Tradelab.`);
  }
}
