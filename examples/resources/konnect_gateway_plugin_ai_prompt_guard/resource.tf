# Refuse prompts that ask for credentials; allow everything else.
resource "konnect_gateway_plugin_ai_prompt_guard" "my_prompt_guard" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  route = {
    id = "a4326a41-aa12-44e3-93e4-6b6e58bfb9d7"
  }
  config = {
    deny_patterns = [".*(password|api[_ ]?key|secret).*"]
  }
}
