// mock-llm/: a faithful local upstream for every LLM vendor API the gateway proxies (bin/mock-llm):
// each vendor's real paths, auth in the vendor's own place, its exact answers, streams and error
// bodies, fault injection and request recording. May import src/common only (imports none of src/ today).
export { createMockLlm, type MockLlm } from './server.js';
export type { MockLlmOptions, AwsCredentials } from './options.js';
export { parseFault, parseFaultRule, FAULT_HEADER, type Fault, type FaultRule } from './faults.js';
export type { RecordedRequest } from './recorder.js';
export { VENDOR_NAMES, type VendorName } from './vendor.js';
export { answer, countTokens, embed, type Answer } from './answer.js';
export { DEFAULT_MAX_NEW_TOKENS, generateText, generateTokens, wordsOf } from './text.js';
