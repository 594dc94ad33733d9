# The import id is a JSON object: the consumer group (its id, or its name as configured), the
# consumer's id and the control plane's id. (The official provider cannot import this resource.)
terraform import konnect_gateway_consumer_group_member.my_konnect_gateway_consumer_group_member '{"consumer_group_id": "5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a", "consumer_id": "cf4c7e60-11db-49dd-b300-7c7e5f0f7e6b", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458"}'
