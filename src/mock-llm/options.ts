// The mock's configuration: credentials per vendor, the per-token delay, a default fault.
import type { FaultRule } from './faults.js';
import type { VendorName } from './vendor.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The region requests must be signed for; any region when absent. */
  readonly region?: string;
}

export interface MockLlmOptions {
  /** A credential per vendor (Bedrock: `aws`; Vertex: tokens from POST /token). */
  readonly keys?: Partial<Record<VendorName, string>>;
  /** The credential of every vendor without its own, except ollama, vllm and llama2 (self-hosted: auth only with their own key). */
  readonly key?: string;
  readonly aws?: AwsCredentials;
  /** PEM public key of the service account whose JWT assertions POST /token accepts; any well-formed JWT when absent. */
  readonly googleServiceAccountPublicKey?: string;
  /** Delay before each streamed token (ms). A request may set its own with `x-mock-token-delay-ms`. */
  readonly tokenDelayMs?: number;
  /** A fault for every request (or every request for one model: see faults.ts). */
  readonly fault?: FaultRule;
  /** Base URL of a local TGI serving the huggingface paths (bin/mock-llm starts one in-process). */
  readonly huggingfaceUrl?: string;
}

const OPTIONAL_AUTH: ReadonlySet<VendorName> = new Set(['ollama', 'vllm', 'llama2']);

/** The credential a vendor requires, or undefined when it accepts any request. */
export function credentialOf(options: MockLlmOptions, vendor: VendorName): string | undefined {
  return options.keys?.[vendor] ?? (OPTIONAL_AUTH.has(vendor) ? undefined : options.key);
}
