// One Konnect call from a resource: a KonnectError becomes the actionable diagnostic
// (konnect/diagnostics.ts) with the token source and the attribute Konnect named; a 404 may
// mean "gone" (read → removed from state). Anything else is a bug and propagates to the
// framework's guard (one diagnostic, never a crash).
import { AttributePath, type Diagnostics } from '../../common/index.js';
import { addKonnectError, KonnectError } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';

export interface KonnectCallOptions {
  /** "create konnect_gateway_service": goes into the diagnostic summary. */
  readonly action: string;
  /** Top-level attribute names of the resource: a field Konnect names outside them is reported unattached. */
  readonly attributes?: readonly string[];
  /** Resolve a 404 as null instead of an error (read: the object is gone). */
  readonly notFoundAsNull?: boolean;
  /** Maps a field Konnect names onto an attribute path (default: dotted steps under `attributes`). */
  readonly fieldPath?: (field: string) => AttributePath | undefined;
}

interface CallContext {
  readonly providerData: KonnectProviderData | undefined;
  readonly diagnostics: Diagnostics;
  readonly signal: AbortSignal;
}

export async function konnectCall<T>(
  req: CallContext,
  opts: KonnectCallOptions,
  fn: (data: KonnectProviderData, signal: AbortSignal) => Promise<T>,
): Promise<T | null | undefined> {
  const data = req.providerData;
  if (!data) {
    req.diagnostics.addError('Provider not configured', `Cannot ${opts.action}: the konnect provider was not configured. Check the provider "konnect" block.`);
    return undefined;
  }
  try {
    return await fn(data, req.signal);
  } catch (err) {
    if (!KonnectError.is(err)) throw err;
    if (opts.notFoundAsNull && err.code === 'KONNECT_ERR_NOT_FOUND') return null;
    const attrs = opts.attributes;
    addKonnectError(req.diagnostics, err, {
      tokenSource: data.tokenSource,
      action: opts.action,
      fieldPath: opts.fieldPath ?? ((field) => {
        const steps = field.split('.').filter((s) => s !== '');
        if (steps.length === 0 || (attrs && !attrs.includes(steps[0]!))) return undefined;
        // Konnect names list elements as "paths.1"; Terraform paths index lists by number.
        let p = AttributePath.root;
        for (const s of steps) p = /^\d+$/.test(s) ? p.index(Number(s)) : p.attr(s);
        return p;
      }),
    });
    return undefined;
  }
}
