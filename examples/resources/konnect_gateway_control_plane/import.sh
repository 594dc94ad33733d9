# The import id is the control plane's UUID (not a JSON object).
terraform import konnect_gateway_control_plane.my_konnect_gateway_control_plane "7f9fd312-a987-4628-b4c5-bb4f4fddd5f7"
