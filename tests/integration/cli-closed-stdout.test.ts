import { describe, expect, it } from 'vitest';
import { assertCliBuilt, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/paths.js';

describe('a CLI command whose reader goes away (| head)', () => {
  it('ends with status 0 and no EPIPE error once stdout is closed', async () => {
    assertCliBuilt();
    let closed = false;
    const run = await runCli(['features', '--list', '--data-dir', tempDir()], {
      onStdout: (_out, child) => {
        if (closed) return;
        closed = true;
        child.stdout!.destroy(); // what `head -1` does after its first line
      },
    });
    expect(closed).toBe(true);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.code).toBe(0);
  });
});
