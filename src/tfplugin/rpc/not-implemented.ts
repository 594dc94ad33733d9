// Answers for RPCs an implementation does not offer: a diagnostic that names what is missing.
import { Diagnostics } from '../../common/index.js';

export function notImplemented(rpc: string, typeName: string, what: string): { diagnostics: Diagnostics } {
  return {
    diagnostics: new Diagnostics().addError(
      `${what} not supported yet`,
      `This version of the konnect provider does not implement ${rpc}${typeName ? ` for "${typeName}"` : ''}. ` +
        'Remove it from the configuration, or use a provider version that supports it.',
    ),
  };
}
