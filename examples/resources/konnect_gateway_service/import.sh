# The import id is a JSON object: the control plane's id and the service's id.
terraform import konnect_gateway_service.my_konnect_gateway_service '{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "7fca84d6-7d37-4a74-a7b0-93e576089a41"}'
