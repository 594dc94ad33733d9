// Builds every entry point in src/bin/ into dist/<name>.mjs with esbuild.
// The provider is bundled whole (it is copied into a Terraform filesystem mirror and must
// stand alone); the servers keep node_modules external (they run from this checkout).
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { protoDescriptor } from './proto-descriptor.mjs';

const started = performance.now();
const binDir = 'src/bin';
const entries = readdirSync(binDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
mkdirSync('dist', { recursive: true });

// Entry points that must be self-contained (no node_modules at run time).
const standalone = new Set(['terraform-provider-konnect']);
// The provider starts once per Terraform graph walk: embed its proto definitions precompiled
// (src/tfplugin/grpc/descriptor.ts reads __TFPLUGIN_PROTO_DESCRIPTOR__) instead of parsing .proto text.
const providerDefines = { __TFPLUGIN_PROTO_DESCRIPTOR__: JSON.stringify(protoDescriptor()) };
// grpc-js require()s @grpc/proto-loader lazily, only to serve channelz and ORCA, which the
// provider never does; leaving it (and its protobufjs copy) out saves ~200 KB of parsing per start.
const withoutProtoLoader = {
  name: 'without-proto-loader',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: 'proto-loader-stub', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "module.exports = { loadSync() { throw new Error('@grpc/proto-loader is not bundled into the provider'); } };",
      loader: 'js',
    }));
  },
};

await Promise.all(
  entries.map((file) => {
    const name = basename(file, '.ts');
    return build({
      entryPoints: [join(binDir, file)],
      outfile: `dist/${name}.mjs`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      sourcemap: 'linked',
      logLevel: 'warning',
      packages: standalone.has(name) ? undefined : 'external',
      // Less to parse on every provider start (Terraform starts ~4 per apply); the linked source map keeps stacks readable.
      minify: standalone.has(name),
      plugins: standalone.has(name) ? [withoutProtoLoader] : [],
      keepNames: standalone.has(name),
      // CommonJS dependencies bundled into ESM need a real `require`.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      define: {
        'process.env.BUILD_VERSION': JSON.stringify(process.env.npm_package_version ?? '0.1.0'),
        ...(name === 'terraform-provider-konnect' ? providerDefines : {}),
      },
    });
  }),
);
console.log(`build: ${entries.length} entry points in ${Math.round(performance.now() - started)} ms`);
