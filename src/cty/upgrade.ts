// UpgradeResourceState's RawState.json → a value of the current schema's type. The stored JSON
// was written by whichever schema version created it: attributes the current schema no longer
// has are dropped (and reported, so the provider can log them), attributes it gained are null.
// Anything else that does not fit the type is an AttributePathError naming the path.
import type { AttributePath } from '../common/index.js';
import { decodeJson } from './json.js';
import type { CtyType } from './types.js';
import type { CtyValue } from './value.js';

export interface UpgradedState {
  readonly value: CtyValue;
  /** Paths of the attributes present in the raw state but no longer in the schema. */
  readonly dropped: readonly AttributePath[];
}

export function upgradeJsonState(rawJson: Uint8Array | string, type: CtyType): UpgradedState {
  const dropped: AttributePath[] = [];
  const value = decodeJson(rawJson, type, { onUnsupportedAttribute: (p) => dropped.push(p) });
  return { value, dropped };
}
