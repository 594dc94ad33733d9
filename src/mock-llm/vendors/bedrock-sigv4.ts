// Verifying an AWS Signature Version 4 `Authorization` header the way AWS does: the request is
// signed again with @smithy/signature-v4 — the signer the AWS SDK itself uses — over exactly the
// headers the client declared in SignedHeaders, at the client's X-Amz-Date, for the region and
// service of its credential scope, and the two signatures are compared. What is hand-written is
// only the parsing of the header and AWS's error for each way it can be wrong.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '../options.js';
import type { Ctx } from '../vendor.js';

export type SigV4Failure = { readonly code: string; readonly message: string };

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;:._-]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

function amzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/** undefined when the signature is right; else AWS's error code and message. */
export async function verifySigV4(ctx: Ctx, creds: AwsCredentials, service: string): Promise<SigV4Failure | undefined> {
  const header = ctx.req.headers.authorization;
  if (header === undefined) return { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const m = AUTH.exec(header.trim());
  if (!m) return { code: 'IncompleteSignatureException', message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.` };
  const [, akid, day, region, svc, signed, signature] = m as unknown as string[];
  if (akid !== creds.accessKeyId) return { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  if (svc !== service) return { code: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${service}'.` };
  if (creds.region !== undefined && region !== creds.region) return { code: 'InvalidSignatureException', message: `Credential should be scoped to a valid region.` };
  const dateText = ctx.req.headers['x-amz-date'];
  const date = typeof dateText === 'string' ? amzDate(dateText) : undefined;
  if (!date) return { code: 'IncompleteSignatureException', message: 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.' };
  if (dateText!.slice(0, 8) !== day) return { code: 'InvalidSignatureException', message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.' };
  if (Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS) return { code: 'InvalidSignatureException', message: 'Signature expired: the request time is more than 5 minutes from the server time.' };
  const signedNames = signed!.split(';');
  // Over HTTP/2 the AWS SDK signs the :authority pseudo-header instead of host.
  if (!signedNames.includes('host') && !signedNames.includes(':authority')) return { code: 'InvalidSignatureException', message: "'Host' or ':authority' must be a signed header." };
  const contentSha = ctx.req.headers['x-amz-content-sha256'];
  if (typeof contentSha === 'string' && contentSha !== 'UNSIGNED-PAYLOAD' && contentSha !== createHash('sha256').update(ctx.body).digest('hex')) {
    return { code: 'InvalidSignatureException', message: 'The provided x-amz-content-sha256 header does not match what was computed.' };
  }
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    // Over HTTP/2 the host travels as the :authority pseudo-header.
    const v = ctx.req.headers[name] ?? (name === 'host' ? ctx.req.headers[':authority'] : undefined);
    if (v === undefined) return { code: 'InvalidSignatureException', message: `The request signature we calculated does not match the signature you provided. Signed header '${name}' is missing.` };
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(ctx.query.keys())) {
    const all = ctx.query.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const signer = new SignatureV4({ credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }, region: region!, service, sha256: Sha256, applyChecksum: false });
  const [host, port] = (headers.host ?? headers[':authority'] ?? '').split(':');
  const ours = await signer.sign(
    { method: ctx.method, protocol: 'http:', hostname: host ?? '', ...(port ? { port: Number(port) } : {}), path: ctx.rawPath, query, headers, body: ctx.body },
    { signingDate: date, signableHeaders: new Set(signedNames), signingRegion: region!, signingService: service },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(ours.headers.authorization))?.[1] ?? '';
  if (expected.length === signature!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) return undefined;
  return {
    code: 'InvalidSignatureException',
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  };
}
