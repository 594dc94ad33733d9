# The seed's Terraform for the ai-proxy plugin (global), made runnable: the seed's resource block
# unchanged except header_value, which the seed writes as the literal text "Bearer var.huggingface_token"
# (HCL only substitutes inside ${…}); plus the objects it references. Against bin/mock-konnect:
#
#   bin/mock-konnect --listen 127.0.0.1:8080 --in-memory &
#   export KONNECT_TOKEN=kpat_mock_dev_token_not_a_secret
#   export TF_VAR_huggingface_token=hf_...
#   terraform init && terraform apply
#
# For real Konnect set TF_VAR_konnect_server_url=https://us.api.konghq.com and your own token.
terraform {
  required_providers {
    konnect = {
      source = "kong/konnect"
    }
  }
}

# The token comes from KONNECT_TOKEN (the seed's personal_access_token = "$KONNECT_TOKEN" is
# not expanded by Terraform; the provider would refuse it).
provider "konnect" {
  server_url = var.konnect_server_url
}

variable "konnect_server_url" {
  type    = string
  default = "http://127.0.0.1:8080"
}

variable "huggingface_token" {
  type      = string
  sensitive = true
}

# cluster_type and auth_type are Konnect's defaults, written out so that an imported control
# plane plans no change (import reads them back from Konnect).
resource "konnect_gateway_control_plane" "my_konnect_cp" {
  cluster_type = "CLUSTER_TYPE_CONTROL_PLANE"
  auth_type    = "pinned_client_certs"
  name         = "hf-global"
}

resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" {
  enabled = true
  config = {
    route_type = "llm/v1/chat"
    genai_category = "text/generation"
    llm_format = "huggingface"
    auth = {
      header_name = "Authorization"
      header_value = "Bearer ${var.huggingface_token}"
    }
    model = {
      provider = "huggingface"
      name = "HuggingFaceTB/SmolVLM-Base"
    }
  }
  tags = []
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}

output "plugin_id" {
  value = konnect_gateway_plugin_ai_proxy.my_ai_proxy.id
}
