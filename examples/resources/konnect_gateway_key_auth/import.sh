# The import id is a JSON object: the control plane's id, the consumer's id and the credential's id.
terraform import konnect_gateway_key_auth.my_key '{"consumer_id": "c1059869-6fa7-4329-a5f5-5946d14ca2c5", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "b2f34145-0343-41a4-9602-4c69dec2f269"}'
