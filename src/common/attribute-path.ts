// An attribute path: the address of a value inside a nested structure, as Terraform's
// protocol spells it (attribute name, string map key, integer list index). Shared by the cty
// codec's errors, provider diagnostics and zod issues (converted in one place: fromZodPath).
import { SafeError } from './thrown.js';

export type PathStep =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number };

export class AttributePath {
  static readonly root = new AttributePath([]);

  private constructor(readonly steps: readonly PathStep[]) {}

  static of(...names: string[]): AttributePath {
    return new AttributePath(names.map((name) => ({ kind: 'attr', name }) as const));
  }

  static fromSteps(steps: readonly PathStep[]): AttributePath {
    return new AttributePath([...steps]);
  }

  /** zod's issue.path (strings and numbers) → a path; strings are attributes, numbers indexes. */
  static fromZodPath(path: readonly PropertyKey[]): AttributePath {
    return new AttributePath(
      path.map((p) =>
        typeof p === 'number' ? ({ kind: 'index', index: p } as const) : ({ kind: 'attr', name: String(p) } as const),
      ),
    );
  }

  attr(name: string): AttributePath {
    return new AttributePath([...this.steps, { kind: 'attr', name }]);
  }

  key(key: string): AttributePath {
    return new AttributePath([...this.steps, { kind: 'key', key }]);
  }

  index(index: number): AttributePath {
    return new AttributePath([...this.steps, { kind: 'index', index }]);
  }

  get isRoot(): boolean {
    return this.steps.length === 0;
  }

  equals(other: AttributePath): boolean {
    return this.toString() === other.toString();
  }

  /** Terraform's notation: `config.auth.header_value`, `tags[0]`, `labels["env"]`. */
  toString(): string {
    let out = '';
    for (const step of this.steps) {
      if (step.kind === 'attr') out += out === '' ? step.name : `.${step.name}`;
      else if (step.kind === 'key') out += `[${JSON.stringify(step.key)}]`;
      else out += `[${step.index}]`;
    }
    return out;
  }
}

/**
 * An error that knows where in a value it happened; `message` starts with the path. Safe to show
 * (common/thrown.ts): its reasons name types and shapes, never the value itself.
 */
export class AttributePathError extends SafeError {
  constructor(
    readonly path: AttributePath,
    readonly reason: string,
  ) {
    super(path.isRoot ? reason : `${path.toString()}: ${reason}`);
    this.name = 'AttributePathError';
  }
}
