// Node 20 reads NODE_EXTRA_CA_CERTS in C++ before any JavaScript runs (node.cc →
// crypto::UseExtraCaCerts), and doing so builds the whole root store eagerly: Node's ~140 bundled
// roots and every certificate of the named file parsed as X.509 — ~100 ms of every process start
// on this machine (`node -e 0`: 140 ms with NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt,
// 40 ms without). Terraform starts the provider three or four times per command and passes its
// environment on, so wherever the variable is set (corporate CAs, many CI images, this machine)
// each command paid ~0.3–0.4 s for certificates that only a Konnect call needs, and only over TLS.
//
// The release's copy of Node therefore does not read that variable at start-up: the C string
// "NODE_EXTRA_CA_CERTS" Node passes to getenv is renamed (same length), and the provider reads
// NODE_EXTRA_CA_CERTS itself on its first Konnect call (src/konnect/trust-store.ts), where Node
// would have used it: added to Node's bundled roots when neither SSL_CERT_FILE/SSL_CERT_DIR nor a
// system bundle chose the CAs. Node's other mentions of the name (the help text in its JavaScript
// sources and in the start-up snapshot) are left alone: only the NUL-terminated C string is getenv's.
// No option or API of Node 20 turns the eager read off (Node 23 made it lazy).

export const EXTRA_CA_VARIABLE = 'NODE_EXTRA_CA_CERTS';
/** What Node's getenv asks for instead; nobody sets it. Same length as the original. */
export const RENAMED_EXTRA_CA_VARIABLE = 'KPROV_EAGER_CA_FILE';

/**
 * `nodeExecutable` with the start-up read of NODE_EXTRA_CA_CERTS renamed away, or undefined when
 * this Node's binary does not hold the string exactly once as a C string (another Node version:
 * the release is still correct, only slower to start where the variable is set).
 */
export function withoutEagerExtraCaCerts(nodeExecutable: Buffer): Buffer | undefined {
  const needle = Buffer.from(`\0${EXTRA_CA_VARIABLE}\0`, 'latin1');
  // V8's start-up snapshot holds the name too, as a string with its 4-byte length before it.
  const snapshotLength = Buffer.alloc(4);
  snapshotLength.writeUInt32LE(EXTRA_CA_VARIABLE.length);
  const found: number[] = [];
  for (let at = nodeExecutable.indexOf(needle); at >= 0; at = nodeExecutable.indexOf(needle, at + 1)) {
    if (at >= 3 && nodeExecutable.subarray(at - 3, at + 1).equals(snapshotLength)) continue;
    found.push(at + 1);
  }
  if (found.length !== 1) return undefined;
  const out = Buffer.from(nodeExecutable);
  out.write(RENAMED_EXTRA_CA_VARIABLE, found[0]!, 'latin1');
  return out;
}
