// AWS Signature Version 4 for Bedrock calls (Kong signs with resty.aws, service `bedrock`, after
// the body rewrite): @smithy/signature-v4 — the signer the AWS SDK itself uses — over the method,
// the path as sent (model ids percent-encoded, so the canonical path is double-encoded as the SDK
// does it), the query, `host`, `x-amz-date`, `x-amz-content-sha256` (and `x-amz-security-token`
// with session credentials) and the body's SHA-256. The hashes are node:crypto's. The key pair
// lives only in the signer's closure: a plan serialized for explain or a log holds no secret.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { OutgoingCall } from '../driver.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function bytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape @smithy/signature-v4 asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined || typeof secret === 'string' ? secret : bytes(secret);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** The headers SigV4 adds; the client's copies of them are dropped (the gateway's signature replaces the client's). */
export const SIGV4_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'] as const;

/** A signer for one plan: `call` → the headers to set upstream. */
export function sigV4Signer(credentials: AwsCredentials, region: string, service = 'bedrock'): (call: OutgoingCall) => Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256, uriEscapePath: true, applyChecksum: true });
  return async (call) => {
    const url = new URL(call.origin);
    const q = call.path.indexOf('?');
    const path = q < 0 ? call.path : call.path.slice(0, q);
    const query: Record<string, string | string[]> = {};
    if (q >= 0) {
      const params = new URLSearchParams(call.path.slice(q + 1));
      for (const key of new Set(params.keys())) {
        const all = params.getAll(key);
        query[key] = all.length === 1 ? all[0]! : all;
      }
    }
    const signed = await signer.sign({
      method: call.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port !== '' ? { port: Number(url.port) } : {}),
      path,
      query,
      headers: { host: call.host },
      body: call.body ?? '',
    });
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') out[name] = String(value);
    return out;
  };
}
