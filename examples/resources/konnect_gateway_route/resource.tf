resource "konnect_gateway_route" "my_konnect_gateway_route" {
  name             = "huggingface-chat"
  methods          = ["POST"]
  paths            = ["/hf"]
  protocols        = ["http", "https"]
  strip_path       = true
  control_plane_id = konnect_gateway_control_plane.my_konnect_gateway_control_plane.id
  service = {
    id = konnect_gateway_service.my_konnect_gateway_service.id
  }
}
