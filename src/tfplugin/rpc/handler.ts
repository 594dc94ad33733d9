// One shape for every tfplugin6 RPC handler: log, convert, call, convert. A throw anywhere
// becomes one error diagnostic by the one policy for thrown errors (common/thrown.ts: a safe
// error's message is shown, anything else is an internal error with a correlation id and no
// message) — never a crashed process or a raw gRPC error, which Terraform would print as an
// RPC failure.
import { reportThrown, stackFrames, type Diagnostic, type Logger } from '../../common/index.js';
import type { PRequest, PResponse } from '../grpc/proto-messages.js';
import type { UnaryCall, UnaryHandler } from '../grpc/server.js';
import type { PrecomputedAnswers } from '../precomputed.js';
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
  /** The implementation, loaded by the first call (an RPC that needs it). */
  readonly server: () => Promise<ProviderServer>;
  readonly log: Logger;
  /** The current stop signal, aborted by StopProvider (a fresh one afterwards). */
  readonly stopSignal: () => AbortSignal;
  /** Called when StopProvider arrives, before the implementation's stopProvider. */
  readonly onStop: () => void;
  /** Answers encoded ahead of time, sent instead of asking the implementation. */
  readonly precomputed?: PrecomputedAnswers;
}

/** Wraps a failure to encode a response, so that it is always reported as internal. */
class EncodeError extends Error {
  constructor(readonly original: unknown) {
    super('response encoding failed');
    this.name = original instanceof Error ? original.name : 'EncodeError';
  }
}

/**
 * The RPC's context. Its signal — aborted when the client cancels the call or StopProvider
 * arrives — is made only when something reads it (an RPC that calls Konnect): one controller and
 * two listeners, removed when the call ends. Most RPCs (validate, plan) never need one; Node 20's
 * AbortSignal.any also kept every combined signal in a weak set (bench/terraform-plan.bench.ts).
 */
function rpcContext(call: UnaryCall, stop: AbortSignal): { ctx: RpcContext; done: () => void } {
  let combined: AbortController | undefined;
  let callSignal: AbortSignal | undefined;
  const abort = () => combined!.abort();
  const ctx: RpcContext = {
    get signal() {
      if (!combined) {
        combined = new AbortController();
        callSignal = call.signal;
        if (callSignal.aborted || stop.aborted) combined.abort();
        else {
          callSignal.addEventListener('abort', abort, { once: true });
          stop.addEventListener('abort', abort, { once: true });
        }
      }
      return combined.signal;
    },
  };
  return {
    ctx,
    done: () => {
      if (!combined) return;
      callSignal!.removeEventListener('abort', abort);
      stop.removeEventListener('abort', abort);
    },
  };
}

export function unaryHandler<Req, Res>(spec: RpcSpec<Req, Res>, env: HandlerEnv): UnaryHandler {
  const failed = spec.failed ?? ((d: Diagnostic) => ({ diagnostics: [d] }) as Res);
  return async (call): Promise<PResponse> => {
    const started = performance.now();
    const typeName = (call.request as { type_name?: unknown }).type_name;
    const fields = typeof typeName === 'string' && typeName !== '' ? { rpc: spec.name, type_name: typeName } : { rpc: spec.name };
    if (env.log.enabled('trace')) env.log.trace('received RPC', fields);
    if (spec.name === 'StopProvider') env.onStop();
    const { ctx, done } = rpcContext(call, env.stopSignal());
    let res: Res;
    try {
      const req = spec.from(call.request);
      const server = await env.server();
      res = await (spec.call(server, req, ctx) ?? spec.missing(req, server, ctx));
    } catch (err) {
      const report = reportThrown(err, spec.name, `${spec.name} failed`);
      env.log.error('RPC handler failed', { ...fields, ...report.logFields });
      res = failed(report.diagnostic);
    } finally {
      done();
    }
    let out: PResponse;
    try {
      out = spec.to(res);
    } catch (err) {
      // Encoding our own answer failed: a bug whatever the error says, so never its message.
      const report = reportThrown(new EncodeError(err), spec.name, `${spec.name} failed`);
      env.log.error('RPC response could not be encoded', { ...fields, ...report.logFields, stack: stackFrames(err) });
      out = spec.to(failed(report.diagnostic));
    }
    if (env.log.enabled('trace')) env.log.trace('served RPC', { ...fields, duration_ms: Math.round((performance.now() - started) * 10) / 10 });
    return out;
  };
}
