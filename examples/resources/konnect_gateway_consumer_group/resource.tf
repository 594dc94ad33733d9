resource "konnect_gateway_consumer_group" "my_konnect_gateway_consumer_group" {
  name             = "gold"
  tags             = ["tier"]
  control_plane_id = konnect_gateway_control_plane.my_konnect_gateway_control_plane.id
}
