// Diagnostics → tfplugin6.Diagnostic.
import type { Diagnostic } from '../../common/index.js';
import type { PDiagnostic } from '../grpc/proto-messages.js';
import { attributePathToProto } from '../attribute-path-proto.js';

export function diagnostic(d: Diagnostic): PDiagnostic {
  const out: PDiagnostic = { severity: d.severity === 'error' ? 'ERROR' : 'WARNING', summary: d.summary, detail: d.detail };
  if (d.path && !d.path.isRoot) out.attribute = attributePathToProto(d.path);
  return out;
}

export function diagnostics(list: Iterable<Diagnostic> | undefined): PDiagnostic[] {
  return list ? [...list].map(diagnostic) : [];
}
