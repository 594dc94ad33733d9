// scripts/demo/: `make demo` — the end-to-end run from the seed's Terraform configuration to
// Hugging Face traffic through ai-gateway, with no account and no real token; also the building
// blocks the acceptance tests share (the Terraform examples pointed at local servers, live token
// rotation, traffic).
export { runDemo, ROUTE_PATH, POLL_INTERVAL_S, type DemoOptions } from './run.js';
export { Output, Redactor, DemoError, seconds } from './output.js';
export { Processes, type Started } from './processes.js';
export { demoPaths, BIN, REPO_ROOT, type DemoPaths } from './paths.js';
export { addUpstreamUrl, demoConfiguration, exampleControlPlane, exampleFile, readExample, setServerUrl, TF_SCOPES, type TfScope } from './examples.js';
export { findTerraform, installProvider, terraform, terraformEnv, run, stopRunningCommands } from './terraform.js';
export { generate, generateStream, PROMPT, MAX_NEW_TOKENS } from './traffic.js';
export { rotateLive, tgiRequests, type RotationResult, type TgiRecord } from './rotate.js';
export { demoToken } from './state.js';
export { runProviderDemo } from './run-provider.js';
export { DEMO_PROVIDERS, DEMO_PROVIDER_NAMES, SEED_PROVIDER, demoProvider, type DemoProvider, type DemoCredential } from './providers.js';
export { providerConfiguration } from './provider-example.js';
export { chat, chatStream, chatPrompt, CHAT_MAX_TOKENS, type ChatResult, type ChatStreamResult } from './chat.js';
