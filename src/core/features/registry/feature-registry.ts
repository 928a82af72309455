import { MarketKind, type FeatureInfo } from '../../../shared/contract/index.js';
import { outputsOf, type FeatureDefinition, type FeatureInput } from './feature-definition.js';
import { describeLeak, findLeakage } from './leakage-guard.js';
import { stableHash } from './version-hash.js';

/** A definition as registered: its columns and version hash. */
export interface RegisteredFeature {
  def: FeatureDefinition;
  /** Hash of name + kernel version + parameters + columns: a change makes cached values stale. */
  version: string;
  columns: string[];
}

export interface RegisterOptions {
  /** Real series to run the leakage guard on before accepting the definition. */
  probes?: FeatureInput[];
}

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const INPUT_KINDS = new Set(['bars', 'funding', 'openInterest', 'news', 'calendar']);

/** The version hash of a definition: stable across runs and key order. */
export function featureVersion(def: FeatureDefinition): string {
  return stableHash('feature', def.name, def.kernelVersion, def.params, outputsOf(def));
}

/**
 * Registered features by definition name and by column. Registration validates the definition
 * (names, warm-up, inputs, markets, parameters), refuses a name or column already taken, and,
 * given probe series, refuses a definition that fails the leakage guard on any of them.
 */
export class FeatureRegistry {
  private readonly byName = new Map<string, RegisteredFeature>();
  private readonly byColumnName = new Map<string, RegisteredFeature>();

  register(def: FeatureDefinition, options: RegisterOptions = {}): RegisteredFeature {
    validateDefinition(def);
    const columns = outputsOf(def);
    for (const name of new Set([def.name, ...columns])) {
      const taken = this.byName.get(name) ?? this.byColumnName.get(name);
      if (taken) {
        throw new Error(
          `Cannot register feature "${def.name}": the name "${name}" is already used by feature "${taken.def.name}"`,
        );
      }
    }
    for (const probe of options.probes ?? []) {
      const leak = findLeakage(def, probe);
      if (leak) throw new Error(`Cannot register: ${describeLeak(leak)} (probe ${probe.symbol})`);
    }
    const registered: RegisteredFeature = { def, version: featureVersion(def), columns };
    this.byName.set(def.name, registered);
    for (const column of columns) this.byColumnName.set(column, registered);
    return registered;
  }

  /** Every registered definition, in registration order. */
  all(): RegisteredFeature[] {
    return [...this.byName.values()];
  }

  get(name: string): RegisteredFeature | undefined {
    return this.byName.get(name);
  }

  /** The definition producing a column. */
  byColumn(column: string): RegisteredFeature | undefined {
    return this.byColumnName.get(column);
  }

  /** Every column in registration order. */
  columns(): string[] {
    return this.all().flatMap((r) => r.columns);
  }

  /** One entry per column, for `tradelab features --list` and the dashboard. */
  info(): FeatureInfo[] {
    return this.all().flatMap(({ def, version, columns }) =>
      columns.map((column) => ({
        name: column,
        definition:
          columns.length > 1
            ? `${def.definition} (output "${column}" of ${columns.join(', ')})`
            : def.definition,
        inputs: [...def.inputs],
        warmup: def.warmup,
        markets: [...def.markets],
        version,
      })),
    );
  }
}

function validateDefinition(def: FeatureDefinition): void {
  const label = typeof def?.name === 'string' ? `"${def.name}"` : '(no name)';
  const fail = (why: string): never => {
    throw new Error(`Cannot register feature ${label}: ${why}`);
  };
  if (typeof def?.name !== 'string' || !NAME_PATTERN.test(def.name))
    fail('the name must be lower-case letters, digits and underscores, starting with a letter');
  if (typeof def.definition !== 'string' || def.definition.trim() === '')
    fail('the definition text is empty');
  if (!Number.isInteger(def.warmup) || def.warmup < 0)
    fail(`warmup must be a whole number ≥ 0 (got ${def.warmup})`);
  if (!Number.isInteger(def.kernelVersion) || def.kernelVersion < 1)
    fail(`kernelVersion must be a whole number ≥ 1 (got ${def.kernelVersion})`);
  if (!Array.isArray(def.inputs) || def.inputs.length === 0) fail('inputs must list at least one input');
  for (const input of def.inputs)
    if (!INPUT_KINDS.has(input)) fail(`unknown input "${input}" (known: ${[...INPUT_KINDS].join(', ')})`);
  if (!Array.isArray(def.markets) || def.markets.length === 0) fail('markets must list at least one market');
  for (const market of def.markets)
    if (!MarketKind.safeParse(market).success)
      fail(`unknown market "${market}" (known: ${MarketKind.options.join(', ')})`);
  for (const [key, value] of Object.entries(def.params ?? {})) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))))
      fail(`parameter "${key}" must be a finite number or a string (got ${String(value)})`);
  }
  if (def.outputs !== undefined) {
    if (!Array.isArray(def.outputs) || def.outputs.length === 0)
      fail('outputs, when given, must list columns');
    const seen = new Set<string>();
    for (const column of def.outputs) {
      if (typeof column !== 'string' || !NAME_PATTERN.test(column))
        fail(`output "${column}" must be lower-case letters, digits and underscores`);
      if (seen.has(column)) fail(`output "${column}" is listed twice`);
      seen.add(column);
    }
  }
  if (typeof def.compute !== 'function' || typeof def.stream !== 'function')
    fail('compute and stream must be functions');
}
