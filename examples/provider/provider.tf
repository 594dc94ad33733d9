terraform {
  required_providers {
    konnect = {
      source = "kong/konnect"
    }
  }
}

# The token comes from KONNECT_TOKEN (or KONNECT_SPAT for a system account token) in the
# environment; server_url from KONNECT_SERVER_URL or this block. To set the token in HCL, use a
# sensitive variable: personal_access_token = var.konnect_token (export TF_VAR_konnect_token=…).
# Writing personal_access_token = "$KONNECT_TOKEN" sends that literal text: the provider refuses it.
provider "konnect" {
  server_url = "https://us.api.konghq.com"
}

# Each Konnect call is retried on 429/5xx answers and lost connections (backoff up to 5 s,
# Retry-After honoured) for up to KONNECT_RETRY_BUDGET (default 60s; e.g. 120s, 1500ms, 2m).
