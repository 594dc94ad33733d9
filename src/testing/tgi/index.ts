// testing/tgi/: the faithful local TGI (text-generation-inference) used by tests, the demo and
// bin/mock-tgi, its golden fixtures, and the deterministic text it generates. Tests only.
export { createMockTgi, type MockTgi, type MockTgiOptions } from './server.js';
export { DEFAULT_MAX_NEW_TOKENS, generateText, generateTokens, inputLength, wordsOf } from './text.js';
export { streamEvents, generateResponse } from './generate.js';
export { chatStreamEvents, planChat } from './chat.js';
export { readFixture, listOutcomes, upstreamReply, type FixtureRoute } from './fixtures.js';
export type { RecordedRequest, AuthVerdict } from './recorder.js';
export { startProcess, type StartedProcess } from './process.js';
