# At most 10 000 tokens per minute per consumer for Hugging Face models, counted locally.
resource "konnect_gateway_plugin_ai_rate_limiting_advanced" "my_ai_rate_limiting" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  route = {
    id = "a4326a41-aa12-44e3-93e4-6b6e58bfb9d7"
  }
  config = {
    strategy = "local"
    llm_providers = [
      {
        name        = "huggingface"
        limit       = [10000]
        window_size = [60]
      },
    ]
  }
}
