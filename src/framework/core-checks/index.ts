// core-checks/: test-side equivalents of the rules Terraform core enforces on plans and applies
// (AssertPlanValid, AssertObjectCompatible). Used by tests and conformance suites, not at run time.
export { assertPlanValid } from './plan-valid.js';
export { assertObjectCompatible } from './object-compatible.js';
export { proposedNew } from './proposed-new.js';
export { CoreEmulator, CoreViolation, type PlanOutcome, type ApplyOutcome } from './core-emulator.js';
