# What main.tf (the seed's configuration) needs to carry traffic, from Terraform alone:
# a service, a route with the key-auth plugin, consumer alice with her API key
# (export TF_VAR_consumer_api_key=…) and her membership of the group; the ai-proxy runs for the
# group's members.
# `terraform apply` in this directory applies both files; then:
#
#   bin/ai-gateway --konnect-url http://127.0.0.1:8080 --control-plane hf-consumer-group --proxy-listen 127.0.0.1:8000 &
#   curl -X POST http://127.0.0.1:8000/hf/generate -H "apikey: $TF_VAR_consumer_api_key" -H 'content-type: application/json' -d '{"inputs":"Hi"}'

resource "konnect_gateway_service" "my_service" {
  name             = "hf-service"
  host             = "api-inference.huggingface.co"
  port             = 443
  protocol         = "https"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}

# POST /hf/generate reaches the service as /generate (strip_path defaults to true).
resource "konnect_gateway_route" "my_route" {
  name             = "hf-route"
  paths            = ["/hf"]
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  service = {
    id = konnect_gateway_service.my_service.id
  }
}

resource "konnect_gateway_consumer" "my_consumer" {
  username         = "alice"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}

# Requests must carry an API key (header or query parameter "apikey"); the key identifies the
# consumer.
resource "konnect_gateway_plugin_key_auth" "my_key_auth" {
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  route = {
    id = konnect_gateway_route.my_route.id
  }
  config = {
    key_names = ["apikey"]
  }
}

variable "consumer_api_key" {
  type      = string
  sensitive = true
}

# alice's API key, write-only (Terraform 1.11 or later): sent to Konnect, never kept in the state.
# Increase key_wo_version to send a new key (the credential is replaced).
resource "konnect_gateway_key_auth" "my_key" {
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  consumer_id      = konnect_gateway_consumer.my_consumer.id
  key_wo           = var.consumer_api_key
  key_wo_version   = 1
}

resource "konnect_gateway_consumer_group_member" "alice_in_group" {
  control_plane_id  = konnect_gateway_control_plane.my_konnect_cp.id
  consumer_group_id = konnect_gateway_consumer_group.my_consumer_group.id
  consumer_id       = konnect_gateway_consumer.my_consumer.id
}
