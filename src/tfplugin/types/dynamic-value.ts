// A value exactly as it crossed the wire: Terraform's DynamicValue message, kept raw. The
// framework decodes it with the cty codec against the schema it knows; the bridge never does.

/** Raw encoded value: msgpack (what Terraform sends and what we answer) or JSON (fallback). */
export interface DynamicValue {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

/** State as stored in the state file (UpgradeResourceState, MoveResourceState): JSON bytes or legacy flatmap. */
export interface RawState {
  readonly json?: Buffer;
  readonly flatmap?: Readonly<Record<string, string>>;
}

/** Both fields empty: Terraform's encoding of a null value. */
export function isNullDynamicValue(v: DynamicValue | undefined): boolean {
  return v === undefined || ((v.msgpack?.length ?? 0) === 0 && (v.json?.length ?? 0) === 0);
}
