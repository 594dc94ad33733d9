// Writes only the generated resource tables (the generator's own loop, for iterating on it);
// `make generate` writes them with everything else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generatedTableFiles } from './generate.js';

for (const [path, content] of generatedTableFiles()) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  process.stdout.write(`wrote ${path}\n`);
}
