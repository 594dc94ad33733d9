// The local TGI's deterministic text is the generator every local LLM upstream shares; it lives
// in src/mock-llm/text.ts (bin/mock-llm serves every vendor with it). Re-exported here so the
// TGI, the gateway tests and the demo keep importing it from testing/tgi.
export * from '../../mock-llm/text.js';
