// go-plugin's own services and the gRPC health service, as a go-plugin host expects them.
import type { Logger } from '../../common/index.js';
import { GrpcStatusError, Status, type ServiceHandlers, type StreamingCall, type UnaryCall } from '../grpc/server.js';

/** plugin.GRPCController: Shutdown answers, then `onShutdown` ends the process (after the answer is sent). */
export function controllerService(log: Logger, onShutdown: () => void): ServiceHandlers {
  return {
    Shutdown: () => {
      log.debug('received Shutdown from the plugin host');
      setImmediate(onShutdown);
      return {};
    },
  };
}

/** Ends a long-lived stream when the process shuts down (so a graceful shutdown need not wait for the host). */
function endOnShutdown(call: StreamingCall, shutdown: AbortSignal): void {
  const end = () => call.end();
  shutdown.addEventListener('abort', end, { once: true });
  call.signal.addEventListener('abort', () => shutdown.removeEventListener('abort', end), { once: true });
}

/** plugin.GRPCStdio: the stream stays open and carries nothing — we never write to stdout after the handshake. */
export function stdioService(shutdown: AbortSignal): ServiceHandlers {
  return { StreamStdio: (call: StreamingCall) => endOnShutdown(call, shutdown) };
}

/** plugin.GRPCBroker: Terraform providers never open sub-connections; the stream idles until closed. */
export function brokerService(shutdown: AbortSignal): ServiceHandlers {
  return {
    StartStream: (call: StreamingCall) => {
      call.onHalfClose(() => call.end());
      endOnShutdown(call, shutdown);
    },
  };
}

/** grpc.health.v1.Health: "" and "plugin" are SERVING, anything else NOT_FOUND (as grpc's own health server). */
export function healthService(shutdown: AbortSignal): ServiceHandlers {
  const known = (service: unknown) => service === '' || service === 'plugin' || service === undefined;
  return {
    Check: (call: UnaryCall) => {
      const service = (call.request as { service?: string }).service;
      if (known(service)) return { status: 'SERVING' };
      throw new GrpcStatusError(Status.NOT_FOUND, `unknown service "${service}"`);
    },
    Watch: (call: StreamingCall) => {
      call.write({ status: known(call.request?.service) ? 'SERVING' : 'SERVICE_UNKNOWN' });
      endOnShutdown(call, shutdown);
    },
  };
}
