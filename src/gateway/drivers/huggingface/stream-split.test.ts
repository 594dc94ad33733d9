// The Hugging Face OpenAI-format stream fixtures through the shared SSE decoder split at every
// byte boundary: the same frames as the whole stream (the golden `client.sse`), whatever the split.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFixture, type FixtureRoute } from '../../../testing/tgi/index.js';
import type { ModelSettings, RouteType } from '../driver.js';
import { createDecoder } from '../framing.js';
import { openAiToHuggingFace as t } from './index.js';

const ROUTES: [FixtureRoute, RouteType][] = [
  ['llm-v1-chat', 'llm/v1/chat'],
  ['llm-v1-completions', 'llm/v1/completions'],
];

describe('huggingface OpenAI-format streams, split at every byte', () => {
  for (const [route, routeType] of ROUTES) {
    it(`${route}: good_stream`, () => {
      const f = readFixture<{ model: ModelSettings; upstream: { sse: string }; client: { sse: string } }>(route, 'responses', 'good_stream');
      const bytes = Buffer.from(f.upstream.sse);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const decoder = createDecoder(t.framing);
        let out = '';
        for (const piece of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
          for (const e of decoder.push(piece)) out += t.streamEvent(e, routeType, f.model).frame ?? '';
        }
        assert.equal(out + t.streamTerminator, f.client.sse, `split at byte ${cut}`);
      }
    });
  }
});
