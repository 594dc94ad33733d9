// prompts/: Kong's ai-prompt-decorator (decorate.ts) and ai-prompt-guard (guard.ts), run on the
// OpenAI-format request body before ai-proxy's driver translates it. The proxy runs them in
// proxy/stages/decorate-prompt.ts and proxy/stages/guard-prompt.ts.
export { decorate, NOT_CHAT, type Decorated } from './decorate.js';
export { BAD_REQUEST, checkPrompt, guardFor, prepareGuard, promptText, type GuardVerdict, type PreparedGuard } from './guard.js';
