# Two Hugging Face models behind one route, balanced round-robin. Each target's token is
# write-only (Terraform 1.11 or later): increase header_value_wo_version to send a new one.
variable "huggingface_token" {
  type      = string
  sensitive = true
}

resource "konnect_gateway_plugin_ai_proxy_advanced" "my_ai_proxy_advanced" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  service = {
    id = "7fca84d6-7d37-4a74-a7b0-93e576089a41"
  }
  config = {
    balancer = {
      algorithm = "round-robin"
    }
    targets = [
      {
        route_type = "llm/v1/chat"
        auth = {
          header_name             = "Authorization"
          header_value_wo         = "Bearer ${var.huggingface_token}"
          header_value_wo_version = 1
        }
        model = {
          provider = "huggingface"
          name     = "HuggingFaceTB/SmolVLM-Base"
        }
      },
      {
        route_type = "llm/v1/chat"
        auth = {
          header_name             = "Authorization"
          header_value_wo         = "Bearer ${var.huggingface_token}"
          header_value_wo_version = 1
        }
        model = {
          provider = "huggingface"
          name     = "HuggingFaceTB/SmolLM2-135M-Instruct"
        }
      },
    ]
  }
}
