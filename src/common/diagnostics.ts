// Diagnostics are values, never thrown: {severity, summary, detail, path?}. Every layer that
// can be told something is wrong by a user collects them here and returns them.
import type { AttributePath } from './attribute-path.js';
import { reportThrown } from './thrown.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly summary: string;
  readonly detail: string;
  readonly path?: AttributePath;
}

export class Diagnostics implements Iterable<Diagnostic> {
  private readonly items: Diagnostic[] = [];

  static of(...items: Diagnostic[]): Diagnostics {
    const d = new Diagnostics();
    for (const item of items) d.add(item);
    return d;
  }

  add(d: Diagnostic): this {
    this.items.push(d);
    return this;
  }

  addError(summary: string, detail = ''): this {
    return this.add({ severity: 'error', summary, detail });
  }

  addWarning(summary: string, detail = ''): this {
    return this.add({ severity: 'warning', summary, detail });
  }

  addAttributeError(path: AttributePath, summary: string, detail = ''): this {
    return this.add({ severity: 'error', summary, detail, path });
  }

  addAttributeWarning(path: AttributePath, summary: string, detail = ''): this {
    return this.add({ severity: 'warning', summary, detail, path });
  }

  /**
   * A thrown value becomes one error diagnostic by the one policy (common/thrown.ts): a safe
   * error's message (path errors keep their path), else an internal error without the message.
   * Use reportThrown directly to log the same event.
   */
  addThrown(err: unknown, summary = 'Unexpected error', where = 'a request'): this {
    return this.add(reportThrown(err, where, summary).diagnostic);
  }

  append(other: Iterable<Diagnostic>): this {
    for (const d of other) this.items.push(d);
    return this;
  }

  hasError(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  get length(): number {
    return this.items.length;
  }

  toArray(): readonly Diagnostic[] {
    return [...this.items];
  }

  [Symbol.iterator](): Iterator<Diagnostic> {
    return this.items[Symbol.iterator]();
  }
}
