# Prometheus metrics for the whole control plane, per consumer and with AI token counts.
resource "konnect_gateway_plugin_prometheus" "my_prometheus" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  config = {
    per_consumer = true
    ai_metrics   = true
  }
}
