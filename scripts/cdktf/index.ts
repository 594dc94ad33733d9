// The cdktf path (examples/cdktf) as steps: child processes with redaction (process.ts), the
// generate/typecheck/synth/deploy/plan/destroy steps (steps.ts) and the mock Konnect (mock.ts).
// Used by scripts/cdktf.ts (`make cdktf`) and acceptance-tests/cdktf.test.ts.
export * from "./process.js";
export * from "./steps.js";
export * from "./mock.js";
