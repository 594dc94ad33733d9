// The CA certificates the Konnect client trusts, chosen as Go's crypto/x509 does on Linux (what
// the official provider uses): SSL_CERT_FILE and/or SSL_CERT_DIR when set (only those), else the
// system store (the first bundle file found, as Go's list), else undefined — Node's bundled
// Mozilla roots, plus NODE_EXTRA_CA_CERTS's certificates when that is set (what Node itself would
// trust: the release's Node does not read the variable at start-up, scripts/release/extra-ca-certs.ts,
// so it is read here). Read once, on the first Konnect call.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

/** Go's certFiles for Linux, in its order. */
export const SYSTEM_CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian/Ubuntu/Gentoo etc.
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora/RHEL 6
  '/etc/ssl/ca-bundle.pem', // OpenSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS/RHEL 7
  '/etc/ssl/cert.pem', // Alpine Linux
];

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function pemsIn(file: string): string[] {
  try {
    return readFileSync(file, 'latin1').match(PEM) ?? [];
  } catch {
    return [];
  }
}

/**
 * Every PEM certificate in the directory's files, as Go reads SSL_CERT_DIR. OpenSSL's hash links
 * (`5ad8a5d6.0 -> ISRG_Root_X1.pem`) to files listed in the same directory are not read twice,
 * and regular files need no stat: /etc/ssl/certs holds ~300 entries, half of them such links.
 */
function pemsInDir(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = new Set(entries.map((e) => e.name));
  return entries.flatMap((e) => {
    const f = join(dir, e.name);
    if (e.isFile()) return pemsIn(f);
    if (!e.isSymbolicLink()) return [];
    try {
      const target = readlinkSync(f);
      if (!target.includes('/') && names.has(target)) return []; // read through its target
      return statSync(f).isFile() ? pemsIn(f) : [];
    } catch {
      return [];
    }
  });
}

let cached: { key: string; value: string[] | undefined } | undefined;

/**
 * PEM certificates to pass as `ca`, or undefined for Node's defaults. SSL_CERT_FILE or
 * SSL_CERT_DIR (colon-separated directories) set but holding no certificate is an error naming
 * the variable: silently falling back would trust what the user meant to exclude.
 */
export function trustedCertificates(env: NodeJS.ProcessEnv = process.env, systemFiles: readonly string[] = SYSTEM_CERT_FILES): string[] | undefined {
  const key = `${env.SSL_CERT_FILE ?? ''}\n${env.SSL_CERT_DIR ?? ''}\n${env.NODE_EXTRA_CA_CERTS ?? ''}\n${systemFiles.join(':')}`;
  if (cached?.key === key) return cached.value;
  let value: string[] | undefined;
  if (env.SSL_CERT_FILE || env.SSL_CERT_DIR) {
    const fromFile = env.SSL_CERT_FILE ? pemsIn(env.SSL_CERT_FILE) : [];
    const fromDirs = (env.SSL_CERT_DIR ?? '').split(':').filter(Boolean).flatMap(pemsInDir);
    // The same certificate often sits in both (ca-certificates.crt and its own file): once is enough.
    value = [...new Set([...fromFile, ...fromDirs])];
    if (value.length === 0) {
      const which = env.SSL_CERT_FILE ? `SSL_CERT_FILE=${env.SSL_CERT_FILE}` : `SSL_CERT_DIR=${env.SSL_CERT_DIR}`;
      throw new TrustStoreError(`${which} holds no PEM certificate: point it at a readable PEM bundle (or unset it to use the system CA store)`);
    }
  } else {
    for (const f of systemFiles) {
      const pems = pemsIn(f);
      if (pems.length > 0) {
        value = pems;
        break;
      }
    }
    if (value === undefined && env.NODE_EXTRA_CA_CERTS) {
      // Node's roots plus the extra file, as Node's default store; a file without a certificate
      // leaves Node's roots alone (Node warns and goes on the same way).
      const extra = pemsIn(env.NODE_EXTRA_CA_CERTS);
      if (extra.length > 0) value = [...rootCertificates, ...extra];
    }
  }
  cached = { key, value };
  return value;
}

export class TrustStoreError extends Error {
  override readonly name = 'TrustStoreError';
}
