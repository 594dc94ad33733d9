# The import id is a JSON object: the control plane's id and the plugin's id.
terraform import konnect_gateway_plugin_prometheus.my_prometheus '{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "3473c251-5b6c-4f45-b1ff-7ede735a366d"}'
