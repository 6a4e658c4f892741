//! A container's network view, as `docker inspect` shows it under `NetworkSettings` and
//! `docker ps` under `NetworkSettings.Networks`: Docker's `types.NetworkSettings` and
//! `network.EndpointSettings` (API 1.41).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container::null_default;
use super::host_config::PortMap;

/// `network.EndpointIPAMConfig`: addresses the user asked for (`--ip`, `--ip6`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointIpamConfig {
    /// Requested IPv4 address; omitted when empty.
    #[serde(rename = "IPv4Address", default, skip_serializing_if = "String::is_empty")]
    pub ipv4_address: String,
    /// Requested IPv6 address; omitted when empty.
    #[serde(rename = "IPv6Address", default, skip_serializing_if = "String::is_empty")]
    pub ipv6_address: String,
    /// Link-local addresses; omitted when empty.
    #[serde(rename = "LinkLocalIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub link_local_ips: Vec<String>,
}

/// `network.EndpointSettings`: one network a container is attached to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointSettings {
    /// Requested addresses (`null` when none).
    #[serde(rename = "IPAMConfig", default)]
    pub ipam_config: Option<EndpointIpamConfig>,
    /// `--link`s on this network.
    #[serde(rename = "Links", default)]
    pub links: Option<Vec<String>>,
    /// DNS aliases (`--network-alias`, and the short ID on user networks).
    #[serde(rename = "Aliases", default)]
    pub aliases: Option<Vec<String>>,
    /// The network's ID.
    #[serde(rename = "NetworkID", default, deserialize_with = "null_default")]
    pub network_id: String,
    /// The endpoint's ID (`""` once the container stopped).
    #[serde(rename = "EndpointID", default, deserialize_with = "null_default")]
    pub endpoint_id: String,
    /// IPv4 gateway.
    #[serde(rename = "Gateway", default, deserialize_with = "null_default")]
    pub gateway: String,
    /// IPv4 address.
    #[serde(rename = "IPAddress", default, deserialize_with = "null_default")]
    pub ip_address: String,
    /// IPv4 prefix length.
    #[serde(rename = "IPPrefixLen", default, deserialize_with = "null_default")]
    pub ip_prefix_len: i64,
    /// IPv6 gateway.
    #[serde(rename = "IPv6Gateway", default, deserialize_with = "null_default")]
    pub ipv6_gateway: String,
    /// Global IPv6 address.
    #[serde(rename = "GlobalIPv6Address", default, deserialize_with = "null_default")]
    pub global_ipv6_address: String,
    /// Its prefix length.
    #[serde(rename = "GlobalIPv6PrefixLen", default, deserialize_with = "null_default")]
    pub global_ipv6_prefix_len: i64,
    /// MAC address.
    #[serde(rename = "MacAddress", default, deserialize_with = "null_default")]
    pub mac_address: String,
    /// Driver options (`null` when none).
    #[serde(rename = "DriverOpts", default)]
    pub driver_opts: Option<BTreeMap<String, String>>,
}

/// `network.Address`: a secondary address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    /// The address.
    pub addr: String,
    /// Its prefix length.
    pub prefix_len: i64,
}

/// `types.NetworkSettings`: `NetworkSettingsBase`, then the deprecated default-network
/// fields (filled for the `bridge` network only), then `Networks`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSettings {
    /// Bridge name (deprecated; `""`).
    #[serde(rename = "Bridge", default, deserialize_with = "null_default")]
    pub bridge: String,
    /// The network namespace's ID.
    #[serde(rename = "SandboxID", default, deserialize_with = "null_default")]
    pub sandbox_id: String,
    /// Hairpin NAT.
    #[serde(rename = "HairpinMode", default, deserialize_with = "null_default")]
    pub hairpin_mode: bool,
    /// Link-local IPv6 address.
    #[serde(rename = "LinkLocalIPv6Address", default, deserialize_with = "null_default")]
    pub link_local_ipv6_address: String,
    /// Its prefix length.
    #[serde(rename = "LinkLocalIPv6PrefixLen", default, deserialize_with = "null_default")]
    pub link_local_ipv6_prefix_len: i64,
    /// Exposed and published ports (`{}` when none; `null` for a container never started).
    #[serde(rename = "Ports", default)]
    pub ports: Option<PortMap>,
    /// The network namespace's path (`/var/run/docker/netns/<12 hex>`).
    #[serde(rename = "SandboxKey", default, deserialize_with = "null_default")]
    pub sandbox_key: String,
    /// Secondary IPv4 addresses.
    #[serde(rename = "SecondaryIPAddresses", default)]
    pub secondary_ip_addresses: Option<Vec<Address>>,
    /// Secondary IPv6 addresses.
    #[serde(rename = "SecondaryIPv6Addresses", default)]
    pub secondary_ipv6_addresses: Option<Vec<Address>>,
    /// Default network's endpoint ID.
    #[serde(rename = "EndpointID", default, deserialize_with = "null_default")]
    pub endpoint_id: String,
    /// Default network's gateway.
    #[serde(rename = "Gateway", default, deserialize_with = "null_default")]
    pub gateway: String,
    /// Default network's global IPv6 address.
    #[serde(rename = "GlobalIPv6Address", default, deserialize_with = "null_default")]
    pub global_ipv6_address: String,
    /// Its prefix length.
    #[serde(rename = "GlobalIPv6PrefixLen", default, deserialize_with = "null_default")]
    pub global_ipv6_prefix_len: i64,
    /// Default network's IPv4 address (what `{{.NetworkSettings.IPAddress}}` prints).
    #[serde(rename = "IPAddress", default, deserialize_with = "null_default")]
    pub ip_address: String,
    /// Its prefix length.
    #[serde(rename = "IPPrefixLen", default, deserialize_with = "null_default")]
    pub ip_prefix_len: i64,
    /// Default network's IPv6 gateway.
    #[serde(rename = "IPv6Gateway", default, deserialize_with = "null_default")]
    pub ipv6_gateway: String,
    /// Default network's MAC address.
    #[serde(rename = "MacAddress", default, deserialize_with = "null_default")]
    pub mac_address: String,
    /// Attached networks by name.
    #[serde(rename = "Networks", default)]
    pub networks: Option<BTreeMap<String, EndpointSettings>>,
}

/// `types.SummaryNetworkSettings`: the part of [`NetworkSettings`] `GET /containers/json`
/// returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryNetworkSettings {
    /// Attached networks by name.
    #[serde(rename = "Networks", default)]
    pub networks: Option<BTreeMap<String, EndpointSettings>>,
}
