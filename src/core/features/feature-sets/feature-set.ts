import type { FeatureSetInfo } from '../../../shared/contract/index.js';
import type { FeatureRegistry, RegisteredFeature } from '../registry/feature-registry.js';
import { stableHash } from '../registry/version-hash.js';

/** A named list of feature columns computed together, in column order. */
export interface FeatureSetDefinition {
  name: string;
  /** What the set is for, in words. */
  description: string;
  columns: readonly string[];
}

/** A set bound to the registry: its members and version. */
export interface ResolvedFeatureSet {
  name: string;
  /** Hash of the set's columns and of each producing definition's version, in order. */
  version: string;
  columns: string[];
  /** The definitions producing the columns, each once, in order of their first column. */
  members: RegisteredFeature[];
  /** For each column, its definition (index into `members`) and output index within it. */
  sources: { member: number; output: number }[];
  info: FeatureSetInfo;
}

/**
 * Binds a set to the registry. Throws naming every column no registered feature produces, or a
 * column listed twice.
 */
export function resolveFeatureSet(set: FeatureSetDefinition, registry: FeatureRegistry): ResolvedFeatureSet {
  const unknown = set.columns.filter((c) => !registry.byColumn(c));
  if (unknown.length > 0) {
    throw new Error(
      `Feature set "${set.name}" lists column(s) no registered feature produces: ${unknown.join(', ')}`,
    );
  }
  const twice = set.columns.filter((c, i) => set.columns.indexOf(c) !== i);
  if (twice.length > 0) throw new Error(`Feature set "${set.name}" lists ${twice.join(', ')} more than once`);
  const members: RegisteredFeature[] = [];
  const sources = set.columns.map((column) => {
    const feature = registry.byColumn(column)!;
    let member = members.indexOf(feature);
    if (member < 0) member = members.push(feature) - 1;
    return { member, output: feature.columns.indexOf(column) };
  });
  const columns = [...set.columns];
  const version = stableHash(
    'feature-set',
    set.name,
    columns.map((c) => [c, registry.byColumn(c)!.version]),
  );
  return {
    name: set.name,
    version,
    columns,
    members,
    sources,
    info: { name: set.name, version, features: columns },
  };
}
