import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeVersion, readGitCommit } from '../../src/core/platform/code-version.js';
import { repoRoot, tempDir } from '../helpers/paths.js';

const version = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;

function writePackage(root: string): void {
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'tradelab', version: '9.8.7' }));
}

describe('codeVersion', () => {
  it("reads this checkout's commit without spawning git", () => {
    // git itself is only the reference here.
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    expect(readGitCommit(repoRoot)).toBe(head);
    expect(codeVersion(repoRoot)).toBe(`${version}+${head}`);
    expect(codeVersion()).toBe(`${version}+${head}`);
  });

  it('is the version alone without a .git', () => {
    const root = tempDir();
    writePackage(root);
    expect(codeVersion(root)).toBe('9.8.7');
  });

  it('follows packed refs, detached heads and "gitdir:" files (worktrees)', () => {
    const root = tempDir();
    writePackage(root);
    const commit = 'a'.repeat(40);
    const gitDir = path.join(root, 'elsewhere', 'wt');
    const common = path.join(root, 'elsewhere');
    fs.mkdirSync(gitDir, { recursive: true });
    fs.writeFileSync(path.join(root, '.git'), `gitdir: ${path.relative(root, gitDir)}\n`);
    fs.writeFileSync(path.join(gitDir, 'commondir'), '..\n');
    fs.writeFileSync(path.join(gitDir, 'HEAD'), 'ref: refs/heads/topic\n');
    fs.writeFileSync(
      path.join(common, 'packed-refs'),
      `# pack-refs with: peeled\n${commit} refs/heads/topic\n`,
    );
    expect(codeVersion(root)).toBe(`9.8.7+${commit}`);

    const detached = 'b'.repeat(40);
    fs.writeFileSync(path.join(gitDir, 'HEAD'), `${detached}\n`);
    expect(readGitCommit(root)).toBe(detached);

    fs.writeFileSync(path.join(gitDir, 'HEAD'), 'ref: refs/heads/missing\n');
    expect(codeVersion(root)).toBe('9.8.7');
  });
});
