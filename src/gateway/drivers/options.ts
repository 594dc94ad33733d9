// Kong 3.10's merge_config_defaults: for temperature, max_tokens, top_p and top_k a value in
// `config.model.options` wins over the client's (`options.x or request.x`), whatever the docs
// call "defaults". Drivers then map the fields to their vendor's names.
import type { ModelOptions } from './driver.js';

export const SAMPLING = ['temperature', 'max_tokens', 'top_p', 'top_k'] as const;

/** Writes the configured sampling options over the body's (in place). */
export function mergeSampling(body: Record<string, unknown>, options: ModelOptions | null): void {
  if (options === null) return;
  for (const key of SAMPLING) {
    const configured = options[key];
    if (configured != null) body[key] = configured;
  }
}
