import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/csp.js';
import { isTrustedRendererUrl } from '../../src/main/trusted-sender.js';

const indexFileUrl = 'file:///opt/Tradelab/resources/app.asar/out/renderer/index.html';

describe('isTrustedRendererUrl', () => {
  it('trusts our packaged index.html, with any hash or query', () => {
    expect(isTrustedRendererUrl(indexFileUrl, { indexFileUrl })).toBe(true);
    expect(isTrustedRendererUrl(`${indexFileUrl}#/jobs/3`, { indexFileUrl })).toBe(true);
    expect(isTrustedRendererUrl(`${indexFileUrl}?x=1`, { indexFileUrl })).toBe(true);
  });

  it('refuses other files, remote pages, odd schemes and missing frames', () => {
    expect(isTrustedRendererUrl('file:///tmp/evil.html', { indexFileUrl })).toBe(false);
    expect(
      isTrustedRendererUrl('file:///opt/Tradelab/resources/app.asar/out/renderer/other.html', {
        indexFileUrl,
      }),
    ).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', { indexFileUrl })).toBe(false);
    expect(isTrustedRendererUrl('data:text/html,hi', { indexFileUrl })).toBe(false);
    expect(isTrustedRendererUrl('about:blank', { indexFileUrl })).toBe(false);
    expect(isTrustedRendererUrl('', { indexFileUrl })).toBe(false);
    expect(isTrustedRendererUrl(undefined, { indexFileUrl })).toBe(false);
    expect(isTrustedRendererUrl('not a url', { indexFileUrl })).toBe(false);
  });

  it('trusts the dev server origin only while one is configured', () => {
    const origin = { indexFileUrl, devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedRendererUrl('http://localhost:5173/', origin)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/#/coverage', origin)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', origin)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', origin)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', { indexFileUrl })).toBe(false);
  });

  it('compares percent-encoded paths by their decoded form', () => {
    const spaced = 'file:///Users/a%20b/Tradelab/out/renderer/index.html';
    expect(
      isTrustedRendererUrl('file:///Users/a%20b/Tradelab/out/renderer/index.html', { indexFileUrl: spaced }),
    ).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (policy: string) =>
    new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

  it('allows only our own scripts and connections when packaged', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('adds the dev server (HMR socket, refresh preamble) only in development', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173']);
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(contentSecurityPolicy('http://localhost:5173')).not.toMatch(/unsafe-eval/);
  });
});
