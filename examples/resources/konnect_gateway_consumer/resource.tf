resource "konnect_gateway_consumer" "my_konnect_gateway_consumer" {
  username         = "alice"
  custom_id        = "alice-1"
  control_plane_id = konnect_gateway_control_plane.my_konnect_gateway_control_plane.id
}
