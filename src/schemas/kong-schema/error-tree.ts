// Kong's error tree: the `fields` object of a 400 `schema violation` body. It mirrors the
// entity (`{"config": {"model": {"provider": "expected one of: …"}}}`), arrays of errors for
// array members, and `@entity` lists for checks that span fields. zod issues are converted to
// it here and only here.
import type { z } from 'zod';
import { AttributePath } from '../../common/index.js';

export type ErrorNode = string | ErrorTree | readonly (string | ErrorTree | null)[];
export interface ErrorTree {
  [key: string]: ErrorNode | undefined;
  '@entity'?: string[];
}

type Container = Record<string, unknown> | unknown[];

/** Put `message` at `path` (string keys, number indexes); the first message at a path wins. */
export function setError(tree: ErrorTree, path: readonly (string | number)[], message: string): void {
  if (path.length === 0) {
    addEntityError(tree, message);
    return;
  }
  let node: Container = tree as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const nextIsIndex = typeof path[i + 1] === 'number';
    const cur = (node as Record<string | number, unknown>)[seg];
    if (typeof cur === 'string') return; // a message already covers this subtree
    if (cur === undefined || cur === null) {
      const fresh: Container = nextIsIndex ? [] : {};
      if (Array.isArray(node) && typeof seg === 'number') for (let j = 0; j < seg; j++) node[j] ??= null;
      (node as Record<string | number, unknown>)[seg] = fresh;
      node = fresh;
    } else node = cur as Container;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') for (let j = 0; j < last; j++) node[j] ??= null;
  const existing = (node as Record<string | number, unknown>)[last];
  if (existing === undefined || existing === null) (node as Record<string | number, unknown>)[last] = message;
}

/**
 * The error subtree (an object) at `path`: undefined when there is none yet (created, with
 * `null`s before an index, when `create`), null when a message already covers that path.
 */
export function subtreeAt(tree: ErrorTree, path: readonly (string | number)[], create: boolean): ErrorTree | null | undefined {
  let node: Container = tree as Record<string, unknown>;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const cur = (node as Record<string | number, unknown>)[seg];
    if (typeof cur === 'string') return null;
    if (cur === undefined || cur === null) {
      if (!create) return undefined;
      const fresh: Container = typeof path[i + 1] === 'number' ? [] : {};
      if (Array.isArray(node) && typeof seg === 'number') for (let j = 0; j < seg; j++) node[j] ??= null;
      (node as Record<string | number, unknown>)[seg] = fresh;
      node = fresh;
    } else node = cur as Container;
  }
  return Array.isArray(node) ? null : (node as ErrorTree);
}

/** A check spanning fields: `@entity` of the record at `path` (root when empty). */
export function addEntityError(tree: ErrorTree, message: string, path: readonly string[] = []): void {
  let node: ErrorTree = tree;
  for (const seg of path) {
    const cur = node[seg];
    if (typeof cur === 'string' || Array.isArray(cur)) return;
    if (cur === undefined) node[seg] = {};
    node = node[seg] as ErrorTree;
  }
  (node['@entity'] ??= []).push(message);
}

/** zod issues → the tree. Unknown keys become one `unknown field` per key. */
export function treeFromIssues(issues: readonly z.core.$ZodIssue[], tree: ErrorTree = {}): ErrorTree {
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) setError(tree, [...path, key], 'unknown field');
    } else setError(tree, path, issue.message);
  }
  return tree;
}

/** Every errored leaf as a dotted path (for skipping entity checks over broken fields). */
export function erroredPaths(tree: ErrorTree, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    if (k === '@entity' || v === undefined) continue;
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' || Array.isArray(v)) out.push(p);
    else out.push(...erroredPaths(v as ErrorTree, p));
  }
  return out;
}

/** Flat `path: message` lines in Kong's order: entity errors first, then fields sorted. */
export function flattenErrors(tree: ErrorTree, prefix = ''): string[] {
  const out: string[] = [];
  for (const msg of tree['@entity'] ?? []) out.push(prefix ? `${prefix}: ${msg}` : msg);
  for (const key of Object.keys(tree).filter((k) => k !== '@entity').sort()) {
    const v = tree[key];
    const p = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'string') out.push(`${p}: ${v}`);
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (typeof item === 'string') out.push(`${p}.${i + 1}: ${item}`);
        else if (item) out.push(...flattenErrors(item, `${p}.${i + 1}`));
      });
    } else if (v) out.push(...flattenErrors(v as ErrorTree, p));
  }
  return out;
}

/** Kong's message: `schema violation (a: b)` or `N schema violations (a: b; c: d)`. */
export function schemaViolationMessage(tree: ErrorTree): string {
  const lines = flattenErrors(tree);
  if (lines.length === 1) return `schema violation (${lines[0]})`;
  return `${lines.length} schema violations (${lines.join('; ')})`;
}

/** The tree as attribute paths + messages (for Terraform diagnostics). */
export function errorList(tree: ErrorTree, base: AttributePath = AttributePath.root): { path: AttributePath; message: string }[] {
  const out: { path: AttributePath; message: string }[] = [];
  for (const msg of tree['@entity'] ?? []) out.push({ path: base, message: msg });
  for (const key of Object.keys(tree).filter((k) => k !== '@entity').sort()) {
    const v = tree[key];
    const p = base.attr(key);
    if (typeof v === 'string') out.push({ path: p, message: v });
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (typeof item === 'string') out.push({ path: p.index(i), message: item });
        else if (item) out.push(...errorList(item, p.index(i)));
      });
    } else if (v) out.push(...errorList(v as ErrorTree, p));
  }
  return out;
}
