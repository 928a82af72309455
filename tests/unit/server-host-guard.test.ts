import { describe, expect, it } from 'vitest';
import { createHostGuard, isLoopbackHost, originMatchesHost } from '../../src/server/host-guard.js';

describe('host guard (DNS rebinding)', () => {
  const loopback = createHostGuard('127.0.0.1', 4000);

  it('accepts loopback names on the bound port only', () => {
    expect(loopback('127.0.0.1:4000')).toBe(true);
    expect(loopback('localhost:4000')).toBe(true);
    expect(loopback('LOCALHOST:4000')).toBe(true);
    expect(loopback('[::1]:4000')).toBe(true);
    expect(loopback('127.0.0.1:4001')).toBe(false);
    expect(loopback('127.0.0.1')).toBe(false);
  });

  it('refuses other names and garbage', () => {
    expect(loopback('evil.example:4000')).toBe(false);
    expect(loopback('localhost.evil.example:4000')).toBe(false);
    expect(loopback('192.168.1.5:4000')).toBe(false);
    expect(loopback(undefined)).toBe(false);
    expect(loopback('')).toBe(false);
    expect(loopback('a:b:c')).toBe(false);
  });

  it('accepts the bound host name, and IP literals only when bound to every interface', () => {
    expect(createHostGuard('lab.internal', 80)('lab.internal')).toBe(true);
    const wildcard = createHostGuard('0.0.0.0', 4000);
    expect(wildcard('192.168.1.5:4000')).toBe(true);
    expect(wildcard('evil.example:4000')).toBe(false);
  });

  it('knows loopback addresses', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });
});

describe('WebSocket origin check', () => {
  it('requires the page origin to be this very host and port', () => {
    expect(originMatchesHost('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(originMatchesHost('http://127.0.0.1:4000', 'localhost:4000')).toBe(false);
    expect(originMatchesHost('http://evil.example', '127.0.0.1:4000')).toBe(false);
    expect(originMatchesHost('https://127.0.0.1:4000', '127.0.0.1:4000')).toBe(false);
    expect(originMatchesHost('null', '127.0.0.1:4000')).toBe(false);
    expect(originMatchesHost('http://lab.internal', 'lab.internal')).toBe(true);
  });

  it('lets non-browser clients without an Origin through (they still need the token)', () => {
    expect(originMatchesHost(undefined, '127.0.0.1:4000')).toBe(true);
  });
});
