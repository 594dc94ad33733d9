# The control plane named "Terraform Control Plane" (the first match when several do).
data "konnect_gateway_control_plane" "my_konnect_gateway_control_plane" {
  filter = {
    name = {
      eq = "Terraform Control Plane"
    }
  }
}

output "control_plane_endpoint" {
  value = data.konnect_gateway_control_plane.my_konnect_gateway_control_plane.config.control_plane_endpoint
}
