// `ai-gateway explain [source flags] --method M --path P [--header K:V]… [--host H] [--json]`:
// this file reads the explain flags and prints the report; the entry point builds the
// configuration source from the remaining (source) flags, exactly as for serving.
import type { ConfigSnapshot } from '../config/snapshot.js';
import { explainRequest, type ExplainRequest } from './explain.js';
import { formatReport } from './format.js';

export interface ExplainArgs {
  readonly request: ExplainRequest;
  readonly json: boolean;
  /** Everything that is not an explain flag (the source flags), in order. */
  readonly rest: readonly string[];
}

/** Parses the explain flags; a user mistake comes back as `error`, naming the flag. */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs | { error: string } {
  let method = 'GET';
  let path: string | undefined;
  let host: string | undefined;
  let json = false;
  const headers: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--method': {
        const v = value();
        if (!v) return { error: '--method needs a value, e.g. --method POST' };
        method = v.toUpperCase();
        break;
      }
      case '--path': {
        const v = value();
        if (!v || !v.startsWith('/')) return { error: "--path needs a path starting with '/', e.g. --path /hf/generate" };
        path = v;
        break;
      }
      case '--host':
        host = value();
        break;
      case '--header':
      case '-H': {
        const v = value() ?? '';
        const at = v.indexOf(':');
        if (at <= 0) return { error: `--header must be Name:Value, e.g. --header apikey:KEY (got '${v.slice(0, 40)}')` };
        headers[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      case '--json':
        json = true;
        break;
      default:
        rest.push(arg);
    }
  }
  if (!path) return { error: 'explain needs --path, e.g. ai-gateway explain --config kong.yaml --method POST --path /hf/generate' };
  return { request: { method, path, headers, ...(host ? { host } : {}) }, json, rest };
}

/** The text `ai-gateway explain` prints for one snapshot. */
export function renderExplain(snapshot: ConfigSnapshot, args: ExplainArgs): string {
  const report = explainRequest(snapshot, args.request, {
    balancerState: "a fresh balancer: `ai-gateway explain` reads the configuration itself; GET /explain on a running gateway's status listener shows its live state",
  });
  return args.json ? JSON.stringify(report, null, 2) : formatReport(report);
}
