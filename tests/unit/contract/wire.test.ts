import { describe, expect, it } from 'vitest';
import { WireMessage, WireRequest } from '../../../src/shared/contract/index.js';

describe('WebSocket wire schemas', () => {
  it('accepts a success result, an error result and an event', () => {
    expect(WireMessage.parse({ t: 'result', id: 1, ok: true, result: [1] })).toMatchObject({ ok: true });
    expect(WireMessage.parse({ t: 'result', id: 2, ok: false, error: { kind: 'not-found', message: 'No job 9.' } })).toMatchObject({
      ok: false,
    });
    expect(WireMessage.parse({ t: 'event', event: { type: 'coverage.changed' } })).toMatchObject({ t: 'event' });
  });

  it('refuses an error result without an error payload, an unknown event and an unknown tag', () => {
    expect(WireMessage.safeParse({ t: 'result', id: 2, ok: false }).success).toBe(false);
    expect(WireMessage.safeParse({ t: 'event', event: { type: 'bogus' } }).success).toBe(false);
    expect(WireMessage.safeParse({ t: 'hello' }).success).toBe(false);
  });

  it('requests need a numeric id and a method name', () => {
    expect(WireRequest.safeParse({ id: 1, method: 'getInfo', input: {} }).success).toBe(true);
    expect(WireRequest.safeParse({ id: 'x', method: 'getInfo' }).success).toBe(false);
  });
});
