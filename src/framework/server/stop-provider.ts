// StopProvider: cancel everything in flight (HTTP calls, retry waits) and answer at once.
import { reportThrown } from '../../common/index.js';
import type { StopProviderResponse } from '../../tfplugin/index.js';
import type { ServerState } from './state.js';

export async function stopProvider(state: ServerState): Promise<StopProviderResponse> {
  try {
    state.log.info('StopProvider: cancelling calls in flight');
    state.provider.stop?.();
    const old = state.stopController;
    state.stopController = new AbortController();
    old.abort(new Error('Terraform stopped the provider'));
    return {};
  } catch (err) {
    // The one policy for thrown errors: a safe message, or an internal error with an id.
    const report = reportThrown(err, 'StopProvider', 'StopProvider failed');
    state.log.error('StopProvider failed', report.logFields);
    return { error: report.diagnostic.detail };
  }
}
