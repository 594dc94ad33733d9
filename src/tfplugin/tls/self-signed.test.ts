import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from './self-signed.js';

test('a P-256 server certificate node:crypto parses, with go-plugin AutoMTLS properties', () => {
  const now = new Date();
  const cert = createSelfSignedCertificate({ curve: 'P-256', organization: 'Kong Konnect provider', now });
  const x = new X509Certificate(cert.der);
  assert.equal(x.subject, 'O=Kong Konnect provider\nCN=localhost');
  assert.equal(x.issuer, x.subject);
  assert.equal(x.subjectAltName, 'DNS:localhost');
  assert.equal(x.ca, true);
  assert.equal(x.checkHost('localhost'), 'localhost');
  assert.deepEqual([...(x.keyUsage ?? [])].sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  assert.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.ok(x.verify(x.publicKey), 'self-signature verifies');
  assert.ok(new Date(x.validFrom).getTime() <= now.getTime() - 29_000);
  assert.ok(new Date(x.validTo).getFullYear() >= now.getFullYear() + 29);
  assert.ok(x.checkPrivateKey(cert.privateKey));
  assert.equal(new X509Certificate(cert.certPem).fingerprint256, x.fingerprint256);
  const text = x.toLegacyObject();
  assert.match(text.serialNumber, /^[0-9A-F]+$/);
});

test('P-521 (the client side Terraform uses) and fresh keys and serials every time', () => {
  const a = createSelfSignedCertificate({ curve: 'P-521' });
  const b = createSelfSignedCertificate({ curve: 'P-521' });
  const xa = new X509Certificate(a.der);
  assert.equal(xa.publicKey.asymmetricKeyDetails?.namedCurve, 'secp521r1');
  assert.ok(xa.verify(xa.publicKey));
  assert.notEqual(xa.serialNumber, new X509Certificate(b.der).serialNumber);
  assert.notEqual(a.keyPem, b.keyPem);
});
