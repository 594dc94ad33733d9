// Shared launcher for bin/*: loads the built entry point dist/<name>.mjs, or says how to build it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
module.exports = function launch(name) {
  const entry = join(__dirname, '..', 'dist', `${name}.mjs`);
  if (!existsSync(entry)) {
    process.stderr.write(`${name}: ${entry} is missing. Build it first with: make build\n`);
    process.exit(1);
  }
  return import(pathToFileURL(entry).href);
};
