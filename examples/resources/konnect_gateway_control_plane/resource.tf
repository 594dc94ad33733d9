resource "konnect_gateway_control_plane" "my_konnect_gateway_control_plane" {
  name         = "Terraform Control Plane"
  description  = "This is a sample description"
  cluster_type = "CLUSTER_TYPE_CONTROL_PLANE"
  auth_type    = "pinned_client_certs"
  proxy_urls = [
    {
      host     = "example.com"
      port     = 443
      protocol = "https"
    }
  ]
  labels = {
    env = "test"
  }
}
