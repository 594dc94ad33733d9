// One shape for every tfplugin6 RPC handler: log, convert, call, convert. A throw anywhere
// (a bug) becomes one error diagnostic free of data from the request — never a crashed
// process or a raw gRPC error, which Terraform would print as an RPC failure.
import type { sendUnaryData, ServerUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import type { Diagnostic, Logger } from '../../common/index.js';
import type { PRequest, PResponse } from '../grpc/proto-messages.js';
import type { ProviderRpcName, ProviderServer, RpcContext } from '../types/index.js';

export interface RpcSpec<Req, Res> {
  readonly name: ProviderRpcName;
  readonly from: (p: PRequest) => Req;
  /** Calls the implementation; `undefined` when it lacks the optional method. */
  readonly call: (server: ProviderServer, req: Req, ctx: RpcContext) => Promise<Res> | undefined;
  /** The answer when the implementation lacks the method (a clear diagnostic, usually). */
  readonly missing: (req: Req, server: ProviderServer, ctx: RpcContext) => Promise<Res> | Res;
  readonly to: (res: Res) => PResponse;
  /** The response carrying one error diagnostic (StopProvider has no diagnostics field). */
  readonly failed?: (d: Diagnostic) => Res;
}

export function defineRpc<Req, Res>(spec: RpcSpec<Req, Res>): RpcSpec<Req, Res> {
  return spec;
}

export interface HandlerEnv {
  /** The implementation; may still be loading while the first RPC arrives. */
  readonly server: Promise<ProviderServer>;
  readonly log: Logger;
  /** The current stop signal, aborted by StopProvider (a fresh one afterwards). */
  readonly stopSignal: () => AbortSignal;
  /** Called when StopProvider arrives, before the implementation's stopProvider. */
  readonly onStop: () => void;
}

function internalError(rpc: string, err: unknown): Diagnostic {
  const kind = err instanceof Error ? err.name : typeof err;
  return {
    severity: 'error',
    summary: 'Internal error in the provider',
    detail:
      `The provider failed unexpectedly while handling ${rpc} (${kind}). This is a bug in the provider, not in your ` +
      'configuration. Run again with TF_LOG_PROVIDER=DEBUG to record where it happened, and report it.',
  };
}

/** Code locations only: an error message may quote request data, so it is not logged. */
function stackFrames(err: unknown): string[] {
  return err instanceof Error && err.stack ? err.stack.split('\n').slice(1, 6).map((l) => l.trim()) : [];
}

export function unaryHandler<Req, Res>(spec: RpcSpec<Req, Res>, env: HandlerEnv): UntypedHandleCall {
  const failed = spec.failed ?? ((d: Diagnostic) => ({ diagnostics: [d] }) as Res);
  return async (call: ServerUnaryCall<PRequest, PResponse>, callback: sendUnaryData<PResponse>) => {
    const started = performance.now();
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    const ctx: RpcContext = { signal: AbortSignal.any([env.stopSignal(), cancelled.signal]) };
    const typeName = (call.request as { type_name?: unknown }).type_name;
    const fields = typeof typeName === 'string' && typeName !== '' ? { rpc: spec.name, type_name: typeName } : { rpc: spec.name };
    env.log.trace('received RPC', fields);
    if (spec.name === 'StopProvider') env.onStop();
    let res: Res;
    try {
      const req = spec.from(call.request);
      const server = await env.server;
      res = await (spec.call(server, req, ctx) ?? spec.missing(req, server, ctx));
    } catch (err) {
      env.log.error('RPC handler failed', { ...fields, error_type: err instanceof Error ? err.name : typeof err, stack: stackFrames(err) });
      res = failed(internalError(spec.name, err));
    }
    let out: PResponse;
    try {
      out = spec.to(res);
    } catch (err) {
      env.log.error('RPC response could not be encoded', { ...fields, stack: stackFrames(err) });
      out = spec.to(failed(internalError(spec.name, err)));
    }
    env.log.trace('served RPC', { ...fields, duration_ms: Math.round((performance.now() - started) * 10) / 10 });
    callback(null, out);
  };
}
