resource "konnect_gateway_consumer_group_member" "my_konnect_gateway_consumer_group_member" {
  consumer_group_id = konnect_gateway_consumer_group.my_konnect_gateway_consumer_group.id
  consumer_id       = konnect_gateway_consumer.my_konnect_gateway_consumer.id
  control_plane_id  = konnect_gateway_control_plane.my_konnect_gateway_control_plane.id
}
