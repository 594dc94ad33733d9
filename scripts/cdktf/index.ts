// The cdktf path (examples/cdktf) as steps: child processes with redaction (process.ts), paths,
// environment, dependencies, provider install and schema (setup.ts), the stack's bindings / type
// check / synth / deploy / plan / destroy (stack.ts) and the mock Konnect (mock.ts).
// Used by scripts/cdktf.ts (`make cdktf`) and acceptance-tests/cdktf.test.ts.
export * from "./process.js";
export * from "./setup.js";
export * from "./stack.js";
export * from "./mock.js";
