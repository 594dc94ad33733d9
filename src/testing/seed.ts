// The seed document's Terraform, as a person would copy it (examples/seed/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './terraform.js';

export const SEED_PATH = join(REPO_ROOT, 'examples', 'seed', 'native-huggingface-api-route.txt');

/** The seed's "Configure your Personal Access Token" block: `terraform { required_providers … }` + `provider "konnect" { … }`. */
export function seedProviderConfig(): string {
  const text = readFileSync(SEED_PATH, 'utf8');
  const start = text.indexOf('terraform {', text.indexOf('Prerequisite: Configure your Personal Access Token'));
  const providerAt = text.indexOf('provider "konnect" {', start);
  const end = text.indexOf('\n}', providerAt) + 2;
  if (start < 0 || providerAt < 0 || end < 2) throw new Error(`${SEED_PATH}: no terraform + provider "konnect" blocks found`);
  return `${text.slice(start, end)}\n`;
}
