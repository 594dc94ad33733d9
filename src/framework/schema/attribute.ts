// The declarative schema: an attribute table per resource (or provider block). Each attribute is
// a value attribute (string/number/bool or a list/set/map of them) or a nested attribute with
// SINGLE/LIST/SET/MAP nesting. From this one table the framework derives the tfplugin6 schema,
// config validation, defaults and plan modification, value logging with redaction, and docs.
import type { CtyType } from '../../cty/index.js';
import type { ObjectNesting } from '../../tfplugin/types/index.js';
import type { JsValue } from '../values.js';
import type { PlanModifier } from './plan-modifier.js';
import type { Validator } from './validator.js';

export interface AttributeOptions {
  /** Markdown; becomes the schema description and the docs text. */
  readonly description?: string;
  /** How Terraform renders the description; 'markdown' unless set (the official schema says 'plain' for most). */
  readonly descriptionKind?: 'plain' | 'markdown';
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  /** Shown as (sensitive) by Terraform and redacted from our logs. */
  readonly sensitive?: boolean;
  /** Terraform ≥ 1.11: accepted in config, never stored in plan or state. */
  readonly writeOnly?: boolean;
  /** A deprecation message (the attribute is marked deprecated in the schema). */
  readonly deprecated?: string;
  /**
   * Planned when the config value is null (needs `computed`). `null` is a real default (a null
   * object planned as null rather than "known after apply"); leave the key out for none.
   */
  readonly default?: JsValue;
  readonly planModifiers?: readonly PlanModifier[];
  readonly validators?: readonly Validator[];
}

export type AttributeSpec =
  | (AttributeOptions & { readonly kind: 'value'; readonly type: CtyType })
  | (AttributeOptions & { readonly kind: 'nested'; readonly nesting: ObjectNesting; readonly attributes: Attributes });

export type Attributes = Readonly<Record<string, AttributeSpec>>;

export interface SchemaSpec {
  /** Stored in state; bump it (and implement upgradeState) when stored state changes shape. */
  readonly version?: number;
  readonly description?: string;
  readonly deprecated?: string;
  readonly attributes: Attributes;
}

type Opts = AttributeOptions;

/** Builders: `attr.string({ required: true })`, `attr.single({ id: attr.string({...}) }, {...})`. */
export const attr = {
  string: (o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'string' } }),
  number: (o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'number' } }),
  bool: (o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'bool' } }),
  list: (element: CtyType, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'list', element } }),
  set: (element: CtyType, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'set', element } }),
  map: (element: CtyType, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'value', type: { kind: 'map', element } }),
  single: (attributes: Attributes, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'nested', nesting: 'SINGLE', attributes }),
  listNested: (attributes: Attributes, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'nested', nesting: 'LIST', attributes }),
  setNested: (attributes: Attributes, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'nested', nesting: 'SET', attributes }),
  mapNested: (attributes: Attributes, o: Opts = {}): AttributeSpec => ({ ...o, kind: 'nested', nesting: 'MAP', attributes }),
};
