/** What goes wrong with a matching request. */
export type Fault =
  /** Answer with this status (and Retry-After / body when given) instead of the object. */
  | { type: 'status'; status: number; retryAfter?: string; body?: string }
  /** Send the full head, then `afterBytes` of the body, then destroy the socket. */
  | { type: 'drop'; afterBytes: number }
  /** Send the full head and `afterBytes` of the body, then nothing more; the socket stays open. */
  | { type: 'stall'; afterBytes: number }
  /** Flip one byte in the middle of the body. */
  | { type: 'corrupt' }
  /** Send only the first `bytes` bytes, with a Content-Length that agrees (a short but "complete" reply). */
  | { type: 'truncate'; bytes: number };

export interface FaultRule {
  /**
   * Matched against the request path (`/data/...`, or `/` for the listing). A string matches by
   * inclusion, except that one ending in `.zip` means the archive and not the `.zip.CHECKSUM`
   * beside it (name the CHECKSUM itself, or use a RegExp, to fault that).
   */
  match: string | RegExp;
  /** How many matching requests it affects (default 1; Infinity allowed). */
  times?: number;
  fault: Fault;
}

/** Active rules with what is left of each; the first matching rule with uses left applies. */
export class FaultBook {
  private rules: { rule: FaultRule; left: number }[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, left: rule.times ?? 1 }));
  }

  /** The fault for a request to `path`, consuming one use of its rule. */
  take(path: string): Fault | null {
    for (const entry of this.rules) {
      if (entry.left <= 0) continue;
      if (!matches(entry.rule.match, path)) continue;
      entry.left--;
      return entry.rule.fault;
    }
    return null;
  }
}

function matches(match: string | RegExp, path: string): boolean {
  if (typeof match !== 'string') {
    match.lastIndex = 0; // a /g pattern must not remember the previous request
    return match.test(path);
  }
  if (match.endsWith('.zip') && path.endsWith(`${match}.CHECKSUM`)) return false;
  return path.includes(match);
}
