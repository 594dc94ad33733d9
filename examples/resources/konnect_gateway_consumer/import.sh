# The import id is a JSON object: the control plane's id and the consumer's id.
terraform import konnect_gateway_consumer.my_konnect_gateway_consumer '{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "c1059869-6fa7-4329-a5f5-5946d14ca2c5"}'
