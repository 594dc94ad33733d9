// The contract every vendor of the mock implements: which of its paths a request takes, where
// its credential is checked, its error bodies, and the answer. The server (server.ts) owns the
// rest: reading the body, recording, fault injection, streaming.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults.js';
import type { RecordedRequest } from './recorder.js';

export const VENDOR_NAMES = [
  'openai',
  'azure',
  'anthropic',
  'cohere',
  'mistral',
  'gemini',
  'vertex',
  'bedrock',
  'ollama',
  'llama2',
  'huggingface',
  'cerebras',
  'dashscope',
  'xai',
  'databricks',
  'deepseek',
  'vllm',
] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

/** A matched vendor path: the operation (vendor-specific name) and the path's parameters. */
export interface Route {
  readonly operation: string;
  readonly params: Readonly<Record<string, string>>;
}

export type AuthVerdict = 'valid' | 'invalid' | 'missing' | 'unchecked';

/** The verdict, and the vendor's auth error when the request is refused. */
export interface AuthResult {
  readonly verdict: AuthVerdict;
  readonly reject?: Reply;
}

/** A complete answer (errors, and anything not streamed). */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-encoded unless a string or bytes. */
  readonly body: unknown;
}

export interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly vendor: VendorName;
  readonly method: string;
  /** The path after any `/<vendor>` prefix, still percent-encoded. */
  readonly path: string;
  /** The path as received (what a client signed). */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly record: RecordedRequest;
  readonly tokenDelayMs: number;
  readonly fault: Fault | undefined;
}

export interface Vendor {
  readonly name: VendorName;
  /** The route for a method and path (after the prefix), or undefined when not this vendor's. */
  route(method: string, path: string): Route | undefined;
  /** Checks the credential in the vendor's own place; a Reply is the vendor's auth error. */
  authenticate(ctx: Ctx, route: Route): AuthResult | Promise<AuthResult>;
  /** The vendor's error answer for an HTTP status (400, 401, 404, 429, 500, 503, 529 …). */
  error(status: number, message?: string): Reply;
  /** Answers the request (writes ctx.res). May throw a RequestError for the vendor's 400. */
  handle(ctx: Ctx, route: Route): void | Promise<void>;
}

/** Thrown by a handler for a bad request: the server answers vendor.error(status, message). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
