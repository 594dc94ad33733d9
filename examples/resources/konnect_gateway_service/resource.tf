resource "konnect_gateway_service" "my_konnect_gateway_service" {
  name             = "huggingface"
  protocol         = "https"
  host             = "api-inference.huggingface.co"
  port             = 443
  path             = "/"
  read_timeout     = 60000
  control_plane_id = konnect_gateway_control_plane.my_konnect_gateway_control_plane.id
}
