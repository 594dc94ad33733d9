// Schemas as plain values, mirroring tfplugin6's Schema message. The framework builds these
// from its declarative attribute tables; the bridge turns them into protobuf (to-proto/schema.ts).
import type { CtyType } from '../../cty/index.js';

/** How a description is rendered by docs tools and the registry. */
export type StringKind = 'plain' | 'markdown';

export interface Schema {
  /** Schema version; stored in state and handed back to UpgradeResourceState. */
  readonly version: number;
  readonly block: Block;
}

export interface Block {
  readonly attributes?: readonly Attribute[];
  readonly blockTypes?: readonly NestedBlock[];
  readonly description?: string;
  readonly descriptionKind?: StringKind;
  readonly deprecated?: boolean;
}

interface AttributeCommon {
  /** `^[a-z0-9_]+$` (Terraform checks). */
  readonly name: string;
  readonly description?: string;
  readonly descriptionKind?: StringKind;
  /** Exactly one of required / optional / computed, or optional + computed. */
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** Managed resources only, and only when the client announces writeOnlyAttributesAllowed. */
  readonly writeOnly?: boolean;
}

/** An attribute has either a cty `type` or (protocol 6) a `nestedType` object — never both. */
export type Attribute =
  | (AttributeCommon & { readonly type: CtyType; readonly nestedType?: undefined })
  | (AttributeCommon & { readonly nestedType: NestedAttributeObject; readonly type?: undefined });

export type ObjectNesting = 'SINGLE' | 'LIST' | 'SET' | 'MAP';

/** Protocol 6 nested attributes: `config = { ... }` rather than a `config { ... }` block. */
export interface NestedAttributeObject {
  readonly nesting: ObjectNesting;
  readonly attributes: readonly Attribute[];
}

export type BlockNesting = 'SINGLE' | 'LIST' | 'SET' | 'MAP' | 'GROUP';

export interface NestedBlock {
  readonly typeName: string;
  readonly block: Block;
  readonly nesting: BlockNesting;
  readonly minItems?: number;
  readonly maxItems?: number;
}
