// `make demo`: the README's first command — terraform apply (our provider, TF_VAR_huggingface_token)
// → mock Konnect → ai-gateway → a local Hugging Face TGI, with no account and no real token.
// The steps live in scripts/demo/ (run.ts); main.ts wires output, Ctrl-C and failures.
// DEMO_ROTATE=1 adds a live token rotation; DEMO_DIR moves the working directory (default .demo/);
// DEMO_PROVIDER=openai|anthropic|bedrock runs the same path against bin/mock-llm (run-provider.ts).
import './demo/main.js';
