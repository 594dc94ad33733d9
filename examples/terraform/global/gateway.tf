# What main.tf (the seed's configuration) needs to carry traffic, from Terraform alone:
# a service and a route to it; the global ai-proxy answers every request on it.
# `terraform apply` in this directory applies both files; then:
#
#   bin/ai-gateway --konnect-url http://127.0.0.1:8080 --control-plane hf-global --proxy-listen 127.0.0.1:8000 &
#   curl -X POST http://127.0.0.1:8000/hf/generate -H 'content-type: application/json' -d '{"inputs":"Hi"}'

resource "konnect_gateway_service" "my_service" {
  name             = "hf-service"
  host             = "api-inference.huggingface.co"
  port             = 443
  protocol         = "https"
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
}

# POST /hf/generate reaches the service as /generate (strip_path defaults to true).
resource "konnect_gateway_route" "my_route" {
  name             = "hf-route"
  paths            = ["/hf"]
  control_plane_id = konnect_gateway_control_plane.my_konnect_cp.id
  service = {
    id = konnect_gateway_service.my_service.id
  }
}
