// go-plugin's own services and the gRPC health service, as a go-plugin host expects them.
import type { ServerDuplexStream, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Logger } from '../../common/index.js';

/** plugin.GRPCController: Shutdown answers, then `onShutdown` ends the process (after the answer is sent). */
export function controllerService(log: Logger, onShutdown: () => void): UntypedServiceImplementation {
  return {
    Shutdown: (_call: unknown, callback: (err: null, res: object) => void) => {
      log.debug('received Shutdown from the plugin host');
      callback(null, {});
      setImmediate(onShutdown);
    },
  };
}

/** Ends a long-lived stream when the process shuts down (so a graceful shutdown need not wait for the host). */
function endOnShutdown(call: { end: () => void; on: (e: 'cancelled', f: () => void) => void }, shutdown: AbortSignal): void {
  const end = () => call.end();
  shutdown.addEventListener('abort', end, { once: true });
  call.on('cancelled', () => {
    shutdown.removeEventListener('abort', end);
    end();
  });
}

/** plugin.GRPCStdio: the stream stays open and carries nothing — we never write to stdout after the handshake. */
export function stdioService(shutdown: AbortSignal): UntypedServiceImplementation {
  return {
    StreamStdio: (call: ServerWritableStream<unknown, unknown>) => endOnShutdown(call, shutdown),
  };
}

/** plugin.GRPCBroker: Terraform providers never open sub-connections; the stream idles until closed. */
export function brokerService(shutdown: AbortSignal): UntypedServiceImplementation {
  return {
    StartStream: (call: ServerDuplexStream<unknown, unknown>) => {
      call.on('data', () => undefined);
      call.on('end', () => call.end());
      endOnShutdown(call, shutdown);
    },
  };
}

/** grpc.health.v1.Health: "" and "plugin" are SERVING, anything else NOT_FOUND (as grpc's own health server). */
export function healthService(shutdown: AbortSignal): UntypedServiceImplementation {
  const known = (service: unknown) => service === '' || service === 'plugin';
  return {
    Check: (call: { request: { service?: string } }, callback: (err: object | null, res?: object) => void) => {
      if (known(call.request.service)) callback(null, { status: 'SERVING' });
      else callback({ code: grpcStatus.NOT_FOUND, details: `unknown service "${call.request.service}"` });
    },
    Watch: (call: ServerWritableStream<{ service?: string }, object>) => {
      call.write({ status: known(call.request.service) ? 'SERVING' : 'SERVICE_UNKNOWN' });
      endOnShutdown(call, shutdown);
    },
  };
}
