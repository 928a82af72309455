import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { osAppDataDir, resolveDataDir } from '../../src/core/platform/data-dir.js';

const platformDefault = path.join(os.tmpdir(), 'tradelab-default');

describe('resolveDataDir', () => {
  it('prefers the flag over TRADELAB_HOME and the platform default', () => {
    expect(resolveDataDir({ flag: '/srv/flag', env: { TRADELAB_HOME: '/srv/env' }, platformDefault })).toBe(
      '/srv/flag',
    );
  });

  it('uses TRADELAB_HOME when there is no flag', () => {
    expect(resolveDataDir({ env: { TRADELAB_HOME: '/srv/env' }, platformDefault })).toBe('/srv/env');
    expect(resolveDataDir({ flag: undefined, env: { TRADELAB_HOME: '/srv/env' }, platformDefault })).toBe(
      '/srv/env',
    );
  });

  it('falls back to the platform default without flag or env', () => {
    expect(resolveDataDir({ platformDefault })).toBe(platformDefault);
    expect(resolveDataDir({ env: {}, platformDefault })).toBe(platformDefault);
  });

  it('treats an empty or blank flag / env as absent', () => {
    expect(resolveDataDir({ flag: '', env: { TRADELAB_HOME: '/srv/env' }, platformDefault })).toBe(
      '/srv/env',
    );
    expect(resolveDataDir({ flag: '   ', env: { TRADELAB_HOME: '/srv/env' }, platformDefault })).toBe(
      '/srv/env',
    );
    expect(resolveDataDir({ flag: '  ', env: { TRADELAB_HOME: ' \t' }, platformDefault })).toBe(
      platformDefault,
    );
  });

  it('trims surrounding blanks of the chosen value', () => {
    expect(resolveDataDir({ flag: '  /srv/flag  ', platformDefault })).toBe('/srv/flag');
    expect(resolveDataDir({ env: { TRADELAB_HOME: ' /srv/env\n' }, platformDefault })).toBe('/srv/env');
  });

  it('returns an absolute, normalised path resolved against the working directory', () => {
    const cwd = process.cwd();
    expect(resolveDataDir({ flag: 'rel/dir', platformDefault })).toBe(path.join(cwd, 'rel', 'dir'));
    expect(resolveDataDir({ env: { TRADELAB_HOME: './x/../y' }, platformDefault })).toBe(path.join(cwd, 'y'));
    expect(resolveDataDir({ platformDefault: 'relative-default' })).toBe(path.join(cwd, 'relative-default'));
    expect(resolveDataDir({ flag: '/a/b/../c/', platformDefault })).toBe('/a/c');
    for (const p of [
      resolveDataDir({ flag: 'rel', platformDefault }),
      resolveDataDir({ env: { TRADELAB_HOME: 'rel' }, platformDefault }),
    ]) {
      expect(path.isAbsolute(p)).toBe(true);
    }
  });

  it('does not read process.env by itself', () => {
    const saved = process.env.TRADELAB_HOME;
    process.env.TRADELAB_HOME = '/from/process/env';
    try {
      expect(resolveDataDir({ platformDefault })).toBe(platformDefault);
    } finally {
      if (saved === undefined) delete process.env.TRADELAB_HOME;
      else process.env.TRADELAB_HOME = saved;
    }
  });
});

describe('osAppDataDir', () => {
  const realPlatform = process.platform;
  const setPlatform = (p: NodeJS.Platform) =>
    Object.defineProperty(process, 'platform', { value: p, configurable: true });

  afterEach(() => {
    setPlatform(realPlatform);
    vi.restoreAllMocks();
  });

  it('uses XDG_DATA_HOME on Linux, else ~/.local/share', () => {
    setPlatform('linux');
    vi.spyOn(os, 'homedir').mockReturnValue('/home/ann');
    expect(osAppDataDir('tradelab', { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/tradelab');
    expect(osAppDataDir('tradelab', {})).toBe('/home/ann/.local/share/tradelab');
    expect(osAppDataDir(undefined, {})).toBe('/home/ann/.local/share/tradelab');
    expect(osAppDataDir('other', {})).toBe('/home/ann/.local/share/other');
  });

  it('uses ~/Library/Application Support on macOS', () => {
    setPlatform('darwin');
    vi.spyOn(os, 'homedir').mockReturnValue('/Users/ann');
    expect(osAppDataDir('tradelab', { XDG_DATA_HOME: '/xdg' })).toBe(
      '/Users/ann/Library/Application Support/tradelab',
    );
  });

  it('uses APPDATA on Windows, else ~/AppData/Roaming', () => {
    setPlatform('win32');
    vi.spyOn(os, 'homedir').mockReturnValue('/home/ann');
    expect(osAppDataDir('tradelab', { APPDATA: '/appdata' })).toBe(path.join('/appdata', 'tradelab'));
    expect(osAppDataDir('tradelab', {})).toBe(path.join('/home/ann', 'AppData', 'Roaming', 'tradelab'));
  });

  it('is absolute on the real platform with the real environment', () => {
    setPlatform(realPlatform);
    const dir = osAppDataDir();
    expect(path.isAbsolute(dir)).toBe(true);
    expect(path.basename(dir)).toBe('tradelab');
  });
});
