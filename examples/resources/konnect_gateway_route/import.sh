# The import id is a JSON object: the control plane's id and the route's id.
terraform import konnect_gateway_route.my_konnect_gateway_route '{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "a4326a41-aa12-44e3-93e4-6b6e58bfb9d7"}'
