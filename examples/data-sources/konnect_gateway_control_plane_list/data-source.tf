# Every control plane whose name contains "ai" and that is labelled env=test, newest first.
data "konnect_gateway_control_plane_list" "my_konnect_gateway_control_plane_list" {
  filter = {
    name = {
      contains = "ai"
    }
  }
  filter_labels = "env:test"
  sort          = "created_at desc"
}

output "control_plane_ids" {
  value = [for cp in data.konnect_gateway_control_plane_list.my_konnect_gateway_control_plane_list.data : cp.id]
}
