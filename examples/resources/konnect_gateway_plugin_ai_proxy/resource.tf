# The seed's Hugging Face chat route, scoped to a service. The token is write-only: it is sent to
# Konnect but never stored in the plan or the state (Terraform 1.11 or later); increase
# header_value_wo_version to send a new token. With older Terraform use
# header_value = "Bearer ${var.huggingface_token}" (sensitive, but stored in state).
variable "huggingface_token" {
  type      = string
  sensitive = true
}

resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" {
  enabled = true
  config = {
    route_type     = "llm/v1/chat"
    genai_category = "text/generation"
    llm_format     = "huggingface"
    auth = {
      header_name             = "Authorization"
      header_value_wo         = "Bearer ${var.huggingface_token}"
      header_value_wo_version = 1
    }
    model = {
      provider = "huggingface"
      name     = "HuggingFaceTB/SmolVLM-Base"
    }
  }
  tags             = []
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  service = {
    id = "7fca84d6-7d37-4a74-a7b0-93e576089a41"
  }
}
