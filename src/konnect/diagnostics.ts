// KonnectError → a diagnostic a person can act on. 401 names where the token came from; an
// unreachable server gives the URL and the network error; a 400 becomes an attribute diagnostic
// on the field Konnect named (mapped to a Terraform path by the caller's `fieldPath`).
import { AttributePath, type Diagnostics } from '../common/index.js';
import { KonnectError } from './errors.js';

export interface KonnectDiagnosticOptions {
  /** Where the token came from, e.g. "personal_access_token / KONNECT_TOKEN". */
  readonly tokenSource?: string;
  /** Konnect field ("config.model.provider") → Terraform attribute path; undefined: not one of ours. */
  readonly fieldPath?: (field: string) => AttributePath | undefined;
  /** What was being done, for the summary: "create konnect_gateway_service". */
  readonly action?: string;
}

const defaultFieldPath = (field: string): AttributePath => AttributePath.of(...field.split('.').filter((s) => s !== ''));

/** Adds the diagnostics for `err`; returns false when it is not a KonnectError (caller decides). */
export function addKonnectError(diags: Diagnostics, err: unknown, opts: KonnectDiagnosticOptions = {}): boolean {
  if (!KonnectError.is(err)) return false;
  const what = opts.action ? ` (${opts.action})` : '';
  switch (err.code) {
    case 'KONNECT_ERR_AUTH':
      // err.message starts with the same words; say them once.
      diags.addError(
        `Konnect rejected the token${what}`,
        `Konnect rejected the token (${opts.tokenSource ?? 'personal_access_token / KONNECT_TOKEN'}): ${err.message.replace(/^Konnect rejected the token: /, '')}. Check that the token is valid, not expired, and for this region's server_url.`,
      );
      return true;
    case 'KONNECT_ERR_FORBIDDEN':
      diags.addError(`Konnect refused the operation${what}`, `${err.message}. The token's roles do not allow this; use a token with the needed permissions.`);
      return true;
    case 'KONNECT_ERR_UNREACHABLE':
      diags.addError(`Konnect is unreachable${what}`, `${err.message}. Check server_url / KONNECT_SERVER_URL and the network, then run the command again.${budgetHint(err)}`);
      return true;
    case 'KONNECT_ERR_VALIDATION':
    case 'KONNECT_ERR_CONFLICT': {
      const mapped = err.invalidParameters.map((p) => ({ p, path: (opts.fieldPath ?? defaultFieldPath)(p.field) }));
      const summary = err.code === 'KONNECT_ERR_CONFLICT' ? `Already exists in Konnect${what}` : `Konnect rejected a value${what}`;
      for (const { p, path } of mapped) {
        if (path) diags.addAttributeError(path, summary, `${path.toString()}: ${p.reason} (${err.method} ${err.path}${err.requestId ? `, request id ${err.requestId}` : ''})`);
      }
      if (!mapped.some((m) => m.path)) {
        const hint = err.code === 'KONNECT_ERR_CONFLICT' ? ' Import the existing object with `terraform import`, or choose a unique name.' : '';
        diags.addError(summary, `${err.message}.${hint}`);
      }
      return true;
    }
    default:
      diags.addError(`Konnect call failed${what}`, `${err.message}${err.budgetMs === undefined ? '' : '.'}${budgetHint(err)}`);
      return true;
  }
}

/** When retries stopped because the time budget ran out, how to give them longer. */
function budgetHint(err: KonnectError): string {
  return err.budgetMs === undefined ? '' : ' To keep retrying longer, set KONNECT_RETRY_BUDGET (e.g. 120s; the default is 60s).';
}
