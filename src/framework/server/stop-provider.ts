// StopProvider: cancel everything in flight (HTTP calls, retry waits) and answer at once.
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
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
