# The import id is a JSON object: the control plane's id and the consumer group's id.
terraform import konnect_gateway_consumer_group.my_konnect_gateway_consumer_group '{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a"}'
