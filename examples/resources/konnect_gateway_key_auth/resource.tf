# A key-auth credential (API key) of a consumer. The key is write-only: sent to Konnect, never
# stored in the plan or the state (Terraform 1.11 or later). Konnect cannot update a credential:
# changing any attribute, or increasing key_wo_version, replaces it. Leave the key out to let
# Konnect generate one (then it is in the state, marked sensitive).
variable "consumer_api_key" {
  type      = string
  sensitive = true
}

resource "konnect_gateway_key_auth" "my_key" {
  control_plane_id = "9524ec7d-36d9-465d-a8c5-83a3c9390458"
  consumer_id      = "c1059869-6fa7-4329-a5f5-5946d14ca2c5"
  key_wo           = var.consumer_api_key
  key_wo_version   = 1
  tags             = ["team-a"]
}
