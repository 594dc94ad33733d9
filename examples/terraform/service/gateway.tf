# What main.tf (the seed's configuration) needs to carry traffic, from Terraform alone:
# a route to the service the ai-proxy is scoped to.
# `terraform apply` in this directory applies both files; then:
#
#   bin/ai-gateway --konnect-url http://127.0.0.1:8080 --control-plane hf-service --proxy-listen 127.0.0.1:8000 &
#   curl -X POST http://127.0.0.1:8000/hf/generate -H 'content-type: application/json' -d '{"inputs":"Hi"}'

# POST /hf/generate reaches the service as /generate (strip_path defaults to true).
resource "konnect_gateway_route" "my_route" {
  name             = "hf-route"
  paths            = ["/hf"]
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  service = {
    id = konnect_gateway_service.my_service.id
  }
}
