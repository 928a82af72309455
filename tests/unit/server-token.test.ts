import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { authenticateRequest, sessionCookie } from '../../src/server/request-auth.js';
import { createAccessToken, tokensMatch } from '../../src/server/token.js';

const request = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;

describe('access token', () => {
  it('is fresh, URL-safe and 24 bytes of randomness', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    const token = createAccessToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token}x`)).toBe(false);
    expect(tokensMatch(token, token.slice(1))).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });
});

describe('request authentication', () => {
  const token = 'abc_DEF-123';
  const url = (query = '') => new URL(`http://localhost/${query}`);

  it('finds the token in the query, a bearer header or the per-port cookie', () => {
    expect(authenticateRequest(request({}), url(`?token=${token}`), token, 4000)).toBe('query');
    expect(authenticateRequest(request({ authorization: `Bearer ${token}` }), url(), token, 4000)).toBe(
      'bearer',
    );
    expect(
      authenticateRequest(request({ cookie: `a=b; tradelab_token_4000=${token}` }), url(), token, 4000),
    ).toBe('cookie');
  });

  it('refuses missing, wrong, or other-port credentials', () => {
    expect(authenticateRequest(request({}), url(), token, 4000)).toBeNull();
    expect(authenticateRequest(request({}), url('?token=abc'), token, 4000)).toBeNull();
    expect(authenticateRequest(request({ authorization: `Basic ${token}` }), url(), token, 4000)).toBeNull();
    expect(
      authenticateRequest(request({ cookie: `tradelab_token_4001=${token}` }), url(), token, 4000),
    ).toBeNull();
  });

  it('issues an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(sessionCookie(4000, token)).toBe(
      `tradelab_token_4000=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );
  });
});
