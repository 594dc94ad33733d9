# Require an API key (header "apikey" or "x-api-key") on a route; consumers present the key of
# their konnect_gateway_key_auth credential.
resource "konnect_gateway_plugin_key_auth" "my_key_auth" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  route = {
    id = "a4326a41-aa12-44e3-93e4-6b6e58bfb9d7"
  }
  config = {
    key_names        = ["apikey", "x-api-key"]
    hide_credentials = true
  }
}
