import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabEvent } from '../../src/shared/contract/index.js';
import type { Lab } from '../../src/core/lab-types.js';
import type { Logger } from '../../src/core/platform/logger.js';
import { LabError } from '../../src/shared/contract/index.js';

// Electron cannot run here: its main-process modules are replaced by small fakes.
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, input?: unknown) => Promise<unknown>>(),
  forked: [] as Array<{ path: string; options: unknown; child: unknown }>,
  makeChild: undefined as undefined | (() => unknown),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input?: unknown) => Promise<unknown>) =>
      electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  dialog: { showOpenDialog: async () => ({ canceled: false, filePaths: ['/data/a', '/data/b'] }) },
  utilityProcess: {
    fork: (path: string, _args: string[], options: unknown) => {
      const child = electron.makeChild!();
      electron.forked.push({ path, options, child });
      return child;
    },
  },
}));

const { registerLabIpc } = await import('../../src/main/ipc.js');
const { createUtilityProcessRunner } = await import('../../src/main/utility-process-runner.js');

const indexFileUrl = 'file:///app/out/renderer/index.html';
const trusted = { senderFrame: { url: `${indexFileUrl}#/jobs` } };
const logs: string[] = [];
const logger: Logger = {
  info: (m) => logs.push(`info ${m}`),
  warn: (m) => logs.push(`warn ${m}`),
  error: (m) => logs.push(`error ${m}`),
};

function fakeLab() {
  const listeners = new Set<(event: LabEvent) => void>();
  const lab = {
    getInfo: vi.fn(async () => ({ version: '1', dataDir: '/d', shell: 'desktop', canPickFolders: true })),
    getJob: vi.fn(async ({ jobId }: { jobId: number }) => {
      throw new LabError('not-found', `No job with id ${jobId}.`);
    }),
    listJobs: vi.fn(async () => {
      throw new Error('disk on fire');
    }),
    onEvent: (listener: (event: LabEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    lab: lab as unknown as Lab,
    emit: (event: LabEvent) => listeners.forEach((l) => l(event)),
    listeners,
  };
}

describe('registerLabIpc', () => {
  beforeEach(() => {
    electron.handlers.clear();
    logs.length = 0;
  });

  it('registers one channel per LabApi method plus the picker, and removes them on dispose', () => {
    const { lab, listeners } = fakeLab();
    const dispose = registerLabIpc({ lab, origin: { indexFileUrl }, logger, getWindow: () => undefined });
    expect([...electron.handlers.keys()]).toEqual(
      expect.arrayContaining(['lab:getInfo', 'lab:startImport', 'lab:cancelJob', 'lab:pickPaths']),
    );
    dispose();
    expect(electron.handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });

  it('answers trusted calls with {ok, result} and keeps error kinds as data', async () => {
    const { lab } = fakeLab();
    registerLabIpc({ lab, origin: { indexFileUrl }, logger, getWindow: () => undefined });
    const call = (channel: string, input?: unknown, event: unknown = trusted) =>
      electron.handlers.get(channel)!(event, input);
    expect(await call('lab:getInfo', {})).toMatchObject({ ok: true, result: { shell: 'desktop' } });
    expect(await call('lab:getJob', { jobId: 7 })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'No job with id 7.' },
    });
    expect(await call('lab:getJob', { jobId: 'seven' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await call('lab:listJobs', {})).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'disk on fire' },
    });
    expect(logs).toContain('error lab.listJobs failed');
    expect(await call('lab:pickPaths')).toEqual({ ok: true, result: ['/data/a', '/data/b'] });
  });

  it('refuses senders that are not our renderer without calling the lab', async () => {
    const { lab } = fakeLab();
    registerLabIpc({ lab, origin: { indexFileUrl }, logger, getWindow: () => undefined });
    for (const event of [{ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: null }, {}]) {
      expect(await electron.handlers.get('lab:getInfo')!(event, {})).toMatchObject({
        ok: false,
        error: { kind: 'unauthorized' },
      });
      expect(await electron.handlers.get('lab:pickPaths')!(event)).toMatchObject({ ok: false });
    }
    expect(lab.getInfo).not.toHaveBeenCalled();
  });

  it('forwards lab events to the open window on the event channel', () => {
    const { lab, emit } = fakeLab();
    const send = vi.fn();
    const window = { isDestroyed: () => false, webContents: { send, isDestroyed: () => false } };
    const open: { window?: typeof window } = {};
    registerLabIpc({ lab, origin: { indexFileUrl }, logger, getWindow: () => open.window as never });
    emit({ type: 'coverage.changed' });
    expect(send).not.toHaveBeenCalled();
    open.window = window;
    emit({ type: 'coverage.changed' });
    expect(send).toHaveBeenCalledWith('lab:event', { type: 'coverage.changed' });
  });
});

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

describe('createUtilityProcessRunner', () => {
  beforeEach(() => {
    electron.forked.length = 0;
    electron.makeChild = () => new FakeUtilityProcess();
    logs.length = 0;
  });

  it('forks the built job host as a named utility process with piped stdio', () => {
    createUtilityProcessRunner({ logger, hostEntry: '/app/out/main/job-host.js' }).start();
    expect(electron.forked[0]).toMatchObject({
      path: '/app/out/main/job-host.js',
      options: { serviceName: 'Tradelab job host', stdio: 'pipe' },
    });
  });

  it('queues commands until the process has spawned, then relays messages both ways', () => {
    const handle = createUtilityProcessRunner({ logger, hostEntry: '/h.js' }).start();
    const child = electron.forked[0].child as FakeUtilityProcess;
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    handle.send({ type: 'cancel' });
    expect(child.posted).toEqual([]);
    child.pid = 42;
    child.emit('spawn');
    expect(child.posted).toEqual([{ type: 'cancel' }]);
    child.emit('message', { type: 'ready' });
    expect(received).toEqual([{ type: 'ready' }]);
  });

  it('reports the exit with a fatal error as its reason, then ignores sends and kills', () => {
    const handle = createUtilityProcessRunner({ logger, hostEntry: '/h.js' }).start();
    const child = electron.forked[0].child as FakeUtilityProcess;
    const exits: unknown[] = [];
    handle.onExit((exit) => exits.push(exit));
    child.emit('spawn');
    child.emit('error', 'FatalError', 'v8::Something', 'report text');
    child.emit('exit', 134);
    expect(exits).toEqual([{ code: 134, signal: null, reason: 'FatalError at v8::Something' }]);
    handle.send({ type: 'cancel' });
    handle.kill();
    expect(child.posted).toEqual([]);
    expect(child.killed).toBe(false);
  });

  it('copies the host output to the log line by line with a prefix', async () => {
    createUtilityProcessRunner({ logger, hostEntry: '/h.js' }).start();
    const child = electron.forked[0].child as FakeUtilityProcess;
    child.pid = 7;
    child.emit('spawn');
    child.stdout.write('hello\nworld\n');
    child.stderr.write('oops\n');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(logs).toEqual(
      expect.arrayContaining([
        'info [job-host 7] hello',
        'info [job-host 7] world',
        'warn [job-host 7] oops',
      ]),
    );
  });
});
