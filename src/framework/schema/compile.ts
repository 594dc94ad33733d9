// Checks a SchemaSpec once (the rules Terraform core enforces on schemas, plus ours) and
// precomputes what every RPC needs: each attribute's cty type, its default as a cty value, and
// the object type of the whole resource. A bad schema is a programming error: it throws.
import { AttributePath } from '../../common/index.js';
import { cty, type CtyType, type CtyValue, type ObjectType } from '../../cty/index.js';
import type { ObjectNesting } from '../../tfplugin/types/index.js';
import { fromJs } from '../values.js';
import type { AttributeSpec, Attributes, SchemaSpec } from './attribute.js';

export interface CompiledAttribute {
  readonly name: string;
  readonly spec: AttributeSpec;
  /** The attribute's value type (for nested attributes: object / list(object) / …). */
  readonly type: CtyType;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  readonly writeOnly: boolean;
  /** Present when the spec declares a default (which may be null). */
  readonly default?: { readonly value: CtyValue };
  /** Nested attributes: the object each element is, and how they nest. */
  readonly nested?: CompiledObject;
  readonly nesting?: ObjectNesting;
}

export interface CompiledObject {
  readonly attributes: Readonly<Record<string, CompiledAttribute>>;
  readonly type: ObjectType;
  /**
   * What the per-RPC walkers (plan/, server/) would otherwise find out by visiting every attribute
   * of every value, computed once here: whether any attribute at any depth is write-only (declared
   * so: spec.writeOnly), has a default, has plan modifiers — and the attributes a plan-modifier
   * walk must visit (their own modifiers, or nested ones below).
   */
  readonly hasWriteOnly: boolean;
  readonly hasDefaults: boolean;
  readonly withPlanModifiers: readonly CompiledAttribute[];
}

export interface CompiledSchema {
  readonly version: number;
  readonly spec: SchemaSpec;
  readonly root: CompiledObject;
}

const NAME = /^[a-z0-9_]+$/;

export function compileSchema(spec: SchemaSpec, where = 'schema'): CompiledSchema {
  return { version: spec.version ?? 0, spec, root: compileObject(spec.attributes, AttributePath.root, where, false) };
}

function compileObject(attrs: Attributes, path: AttributePath, where: string, insideWriteOnly: boolean): CompiledObject {
  const out: Record<string, CompiledAttribute> = {};
  const types: Record<string, CtyType> = {};
  for (const [name, spec] of Object.entries(attrs)) {
    const p = path.attr(name);
    const c = compileAttribute(name, spec, p, where, insideWriteOnly);
    out[name] = c;
    types[name] = c.type;
  }
  const list = Object.values(out);
  return {
    attributes: out,
    type: cty.object(types),
    hasWriteOnly: list.some((a) => a.spec.writeOnly === true || a.nested?.hasWriteOnly === true),
    hasDefaults: list.some((a) => a.default !== undefined || a.nested?.hasDefaults === true),
    withPlanModifiers: list.filter((a) => (a.spec.planModifiers?.length ?? 0) > 0 || (a.nested?.withPlanModifiers.length ?? 0) > 0),
  };
}

function compileAttribute(name: string, spec: AttributeSpec, path: AttributePath, where: string, insideWriteOnly: boolean): CompiledAttribute {
  const fail = (why: string): never => {
    throw new TypeError(`${where}: attribute ${path.toString()} ${why}`);
  };
  if (!NAME.test(name)) fail('has a name Terraform rejects (use lower-case letters, digits and _)');
  const required = spec.required === true;
  const optional = spec.optional === true;
  const computed = spec.computed === true;
  if (!required && !optional && !computed) fail('must be required, optional or computed');
  if (required && (optional || computed)) fail('cannot be required and also optional or computed');
  const hasDefault = Object.hasOwn(spec, 'default');
  if (hasDefault && !computed) fail('has a default, so it must also be computed (Terraform rejects planned values for non-computed attributes)');
  if (spec.writeOnly && computed) fail('is write-only, so it cannot be computed');
  if (spec.writeOnly && hasDefault) fail('is write-only, so it cannot have a default');

  let type: CtyType;
  let nested: CompiledObject | undefined;
  if (spec.kind === 'nested') {
    nested = compileObject(spec.attributes, path, where, insideWriteOnly || spec.writeOnly === true);
    type =
      spec.nesting === 'SINGLE' ? nested.type : spec.nesting === 'LIST' ? cty.list(nested.type) : spec.nesting === 'SET' ? cty.set(nested.type) : cty.map(nested.type);
  } else {
    type = spec.type;
  }
  let def: { value: CtyValue } | undefined;
  if (hasDefault) {
    try {
      def = { value: fromJs(spec.default, type) };
    } catch (err) {
      fail(`has a default that does not fit its type: ${(err as Error).message}`);
    }
  }
  return {
    name,
    spec,
    type,
    required,
    optional,
    computed,
    sensitive: spec.sensitive === true,
    writeOnly: spec.writeOnly === true || insideWriteOnly,
    ...(def ? { default: def } : {}),
    ...(nested ? { nested, nesting: spec.kind === 'nested' ? spec.nesting : undefined } : {}),
  } as CompiledAttribute;
}
