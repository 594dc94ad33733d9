// Builds every entry point in src/bin/ into dist/<name>.mjs with esbuild.
// The servers keep node_modules external (they run from this checkout). The provider is
// bundled whole (it is copied into a Terraform filesystem mirror and must stand alone) and is
// built for start-up speed — Terraform starts it ~4 times per apply (see bench/handshake.bench.ts):
//   dist/terraform-provider-konnect.cjs                  what the handshake line needs, minified CommonJS
//   dist/terraform-provider-konnect.serving.cjs          the gRPC server, run right after that line
//   dist/terraform-provider-konnect.implementation.cjs   the provider, run by the first RPC that needs it
//   dist/terraform-provider-konnect.provider-schema.bin  GetProviderSchema's answer, encoded at build time
//   dist/terraform-provider-konnect.sea.cjs              the release executable's loader (make release)
//   dist/terraform-provider-konnect.mjs                  a small loader (src/bin/provider-loader/) that runs
//                                                        both through V8 code caches beside them when
//                                                        install-provider --node-launcher made them
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { protoDescriptor } from './proto-descriptor.mjs';
import { protoCodecsSource } from './proto-codecs.mjs';

const started = performance.now();
const binDir = 'src/bin';
const PROVIDER = 'terraform-provider-konnect';
const entries = readdirSync(binDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
mkdirSync('dist', { recursive: true });
const version = JSON.stringify(process.env.npm_package_version ?? '0.1.0');

// protobufjs 8 loads long.js for 64-bit integers when it can; we read them as numbers (versions,
// list indexes; CONVERSION_OPTIONS), which it does itself without long.js. Left out: a module less
// to load in every provider process.
const withoutLong = {
  name: 'without-long',
  setup(b) {
    b.onResolve({ filter: /^long$/ }, () => ({ path: 'long', namespace: 'stub' }));
    b.onLoad({ filter: /^long$/, namespace: 'stub' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
  },
};

// The protobuf codecs, generated now rather than with `new Function` in every provider process.
const protoCodecs = {
  name: 'proto-codecs',
  setup(b) {
    b.onResolve({ filter: /^tfplugin-proto-codecs$/ }, () => ({ path: 'tfplugin-proto-codecs', namespace: 'generated' }));
    b.onLoad({ filter: /^tfplugin-proto-codecs$/, namespace: 'generated' }, () => ({ contents: `module.exports = ${protoCodecsSource()};`, loader: 'js' }));
  },
};

// The proto definitions precompiled (src/tfplugin/grpc/descriptor.ts): no .proto parsing at run time.
const protoDefines = { __TFPLUGIN_BUNDLED__: 'true', __TFPLUGIN_PROTO_DESCRIPTOR__: JSON.stringify(protoDescriptor()) };

// GetProviderSchema's answer, encoded now from the same sources (scripts/provider-schema-bytes.ts,
// src/tfplugin/precomputed.ts) into dist/terraform-provider-konnect.provider-schema.bin, which the
// loaders hand to the provider: a provider process answers with these bytes instead of compiling
// every resource's schema. esbuild bundles the script and plain node runs it (tsx's per-file
// loading took seconds), while the other entry points build.
const providerSchemaWritten = (async () => {
  mkdirSync('.build', { recursive: true });
  const script = '.build/provider-schema-bytes.mjs';
  await build({
    entryPoints: ['scripts/provider-schema-bytes.ts'],
    outfile: script,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    packages: 'external',
    // Encoded with the descriptor and codecs the provider bundle carries.
    plugins: [protoCodecs, withoutLong],
    define: { 'process.env.BUILD_VERSION': version, ...protoDefines },
  });
  await new Promise((resolve, reject) =>
    execFile(process.execPath, [script, '--out', `dist/${PROVIDER}.provider-schema.bin`], (err, _stdout, stderr) =>
      err ? reject(new Error(`scripts/provider-schema-bytes.ts failed: ${stderr || err.message}`)) : resolve(undefined),
    ),
  );
})();

// The provider is three bundles (src/bin/provider-loader/parts.ts): what the handshake line needs,
// the gRPC server (run right after that line) and the implementation (run by the first RPC that
// needs it) — each with its own V8 code cache, so a process deserialises what it runs. Both are minified CommonJS and ASCII
// (the loaders read them as latin1, a plain copy); licence comments go to <bundle>.LEGAL.txt,
// which the release executable carries as an asset.
const providerBundle = (entry, outfile, plugins) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    minify: true,
    keepNames: true,
    charset: 'ascii',
    legalComments: 'linked',
    plugins,
    define: {
      'process.env.BUILD_VERSION': version,
      ...protoDefines,
      // Only source runs read import.meta.url (to find proto/); the bundle never does.
      'import.meta.url': '"file:///terraform-provider-konnect.cjs"',
    },
  });

const provider = [
  providerBundle(join(binDir, `${PROVIDER}.ts`), `dist/${PROVIDER}.cjs`, []),
  providerBundle(join(binDir, 'provider-loader', 'serving-part.ts'), `dist/${PROVIDER}.serving.cjs`, [protoCodecs, withoutLong]),
  providerBundle(join(binDir, 'provider-loader', 'implementation-part.ts'), `dist/${PROVIDER}.implementation.cjs`, []),
  providerSchemaWritten,
  build({
    // The release executable's main script (scripts/release/build-release.ts).
    entryPoints: [join(binDir, 'provider-loader', 'sea-loader.ts')],
    outfile: `dist/${PROVIDER}.sea.cjs`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  }),
  build({
    entryPoints: [join(binDir, 'provider-loader', 'code-cache-loader.ts')],
    outfile: `dist/${PROVIDER}.mjs`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  }),
];

const servers = entries
  .filter((file) => basename(file, '.ts') !== PROVIDER)
  .map((file) =>
    build({
      entryPoints: [join(binDir, file)],
      outfile: `dist/${basename(file, '.ts')}.mjs`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      sourcemap: 'linked',
      logLevel: 'warning',
      packages: 'external',
      // CommonJS dependencies bundled into ESM need a real `require`.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      define: { 'process.env.BUILD_VERSION': version },
    }),
  );

await Promise.all([...provider, ...servers]);
for (const f of [`dist/${PROVIDER}.cjs`, `dist/${PROVIDER}.serving.cjs`, `dist/${PROVIDER}.implementation.cjs`]) {
  if (!/^[\x00-\x7f]*$/.test(readFileSync(f, 'latin1'))) throw new Error(`${f} is not ASCII; the provider loaders read it as latin1`);
}

console.log(`build: ${entries.length} entry points in ${Math.round(performance.now() - started)} ms`);
