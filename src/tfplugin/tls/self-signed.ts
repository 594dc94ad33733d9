// Self-signed ECDSA certificates in the exact shape go-plugin's AutoMTLS makes them
// (mtls.go generateCert): CN=localhost, O=<organization>, SAN DNS:localhost, CA:true,
// KeyUsage digitalSignature|keyEncipherment|keyAgreement|keyCertSign, EKU serverAuth+clientAuth,
// valid from 30 s ago for ~30 years, random 128-bit serial.
//
// Why hand-written rather than @peculiar/x509: it runs on every provider start, which is on
// Terraform's critical path. @peculiar/x509 pulls in tsyringe, a reflect-metadata polyfill and
// an ASN.1 schema library; node:crypto already generates the key (~1 ms), exports the
// SubjectPublicKeyInfo and signs, so only the fixed TBSCertificate template is written here.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der.js';

export type Curve = 'P-256' | 'P-384' | 'P-521';

const CURVES: Record<Curve, { nodeName: string; hash: string; signatureOid: string }> = {
  'P-256': { nodeName: 'prime256v1', hash: 'sha256', signatureOid: '1.2.840.10045.4.3.2' },
  'P-384': { nodeName: 'secp384r1', hash: 'sha384', signatureOid: '1.2.840.10045.4.3.3' },
  'P-521': { nodeName: 'secp521r1', hash: 'sha512', signatureOid: '1.2.840.10045.4.3.4' },
};

const OID = {
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export interface SelfSignedOptions {
  readonly curve?: Curve;
  readonly commonName?: string;
  readonly organization?: string;
  readonly now?: Date;
  /** Validity after `now`; go-plugin uses 262980 hours. */
  readonly validForMs?: number;
}

export interface SelfSignedCertificate {
  /** DER bytes of the certificate. */
  readonly der: Buffer;
  readonly certPem: string;
  readonly keyPem: string;
  readonly privateKey: KeyObject;
}

const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));

export function createSelfSignedCertificate(options: SelfSignedOptions = {}): SelfSignedCertificate {
  const curve = CURVES[options.curve ?? 'P-256'];
  const cn = options.commonName ?? 'localhost';
  const now = options.now ?? new Date();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve.nodeName });

  const name = sequence(
    set(sequence(objectIdentifier(OID.organization), utf8String(options.organization ?? 'HashiCorp'))),
    set(sequence(objectIdentifier(OID.commonName), utf8String(cn))),
  );
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const signatureAlgorithm = sequence(objectIdentifier(curve.signatureOid));
  // digitalSignature(0) keyEncipherment(2) keyAgreement(4) keyCertSign(5) = 1010_1100, 2 unused bits.
  const keyUsage = bitString(Buffer.from([0xac]), 2);
  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence(boolean(true))),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth), objectIdentifier(OID.clientAuth))),
    extension(OID.subjectAltName, false, sequence(tlv(0x82, Buffer.from(cn, 'ascii')))),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // version 3
    unsignedInteger(serial),
    signatureAlgorithm,
    name,
    sequence(time(new Date(now.getTime() - 30_000)), time(new Date(now.getTime() + (options.validForMs ?? 262_980 * 3_600_000)))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign(curve.hash, tbs, privateKey); // ECDSA-Sig-Value, DER
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    der,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}
