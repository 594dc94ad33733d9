// An attribute path: the address of a value inside a nested structure, as Terraform's
// protocol spells it (attribute name, string map key, integer list index). Shared by the cty
// codec's errors, provider diagnostics and zod issues (converted in one place: fromZodPath).
import { SafeError } from './thrown.js';

export type PathStep =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number };

export class AttributePath {
  static readonly root = new AttributePath(undefined, undefined, 0);

  // A path is its parent plus one step: attr()/key()/index() allocate one small object, not a
  // copy of every step (the cty codec and the plan walkers make a path per attribute they visit,
  // and almost none is ever read). `steps` is materialised when first asked for.
  #steps: readonly PathStep[] | undefined;

  private constructor(
    private readonly parent: AttributePath | undefined,
    private readonly step: PathStep | undefined,
    private readonly length: number,
  ) {
    if (length === 0) this.#steps = [];
  }

  get steps(): readonly PathStep[] {
    if (this.#steps) return this.#steps;
    const out: PathStep[] = new Array<PathStep>(this.length);
    let p: AttributePath = this;
    for (let i = this.length - 1; i >= 0; i--) {
      out[i] = p.step!;
      p = p.parent!;
    }
    return (this.#steps = out);
  }

  private static fromList(steps: readonly PathStep[]): AttributePath {
    let p = AttributePath.root;
    for (const s of steps) p = new AttributePath(p, s, p.length + 1);
    return p;
  }

  static of(...names: string[]): AttributePath {
    return AttributePath.fromList(names.map((name) => ({ kind: 'attr', name }) as const));
  }

  static fromSteps(steps: readonly PathStep[]): AttributePath {
    return AttributePath.fromList(steps);
  }

  /** zod's issue.path (strings and numbers) → a path; strings are attributes, numbers indexes. */
  static fromZodPath(path: readonly PropertyKey[]): AttributePath {
    return AttributePath.fromList(
      path.map((p) => (typeof p === 'number' ? ({ kind: 'index', index: p } as const) : ({ kind: 'attr', name: String(p) } as const))),
    );
  }

  attr(name: string): AttributePath {
    return new AttributePath(this, { kind: 'attr', name }, this.length + 1);
  }

  key(key: string): AttributePath {
    return new AttributePath(this, { kind: 'key', key }, this.length + 1);
  }

  index(index: number): AttributePath {
    return new AttributePath(this, { kind: 'index', index }, this.length + 1);
  }

  get isRoot(): boolean {
    return this.length === 0;
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
