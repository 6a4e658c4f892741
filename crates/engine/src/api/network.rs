//! `GET /networks` and `/networks/{id}`: Docker's `types.NetworkResource` and its IPAM types
//! (API 1.41), printed by `docker network ls` and `docker network inspect`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gotime::GoTime;

/// `network.IPAMConfig`: one subnet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamConfig {
    /// `172.18.0.0/16`; omitted when empty.
    #[serde(rename = "Subnet", default, skip_serializing_if = "String::is_empty")]
    pub subnet: String,
    /// Allocation range; omitted when empty.
    #[serde(rename = "IPRange", default, skip_serializing_if = "String::is_empty")]
    pub ip_range: String,
    /// Gateway; omitted when empty.
    #[serde(rename = "Gateway", default, skip_serializing_if = "String::is_empty")]
    pub gateway: String,
    /// Reserved addresses; omitted when empty.
    #[serde(rename = "AuxiliaryAddresses", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aux_address: BTreeMap<String, String>,
}

/// `network.IPAM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipam {
    /// `default`.
    #[serde(rename = "Driver")]
    pub driver: String,
    /// Driver options (`null` for the predefined networks).
    #[serde(rename = "Options")]
    pub options: Option<BTreeMap<String, String>>,
    /// Subnets (`[]` when none).
    #[serde(rename = "Config")]
    pub config: Option<Vec<IpamConfig>>,
}

/// `network.ConfigReference`: the config-only network this one takes its config from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigReference {
    /// Its name, or `""`.
    #[serde(rename = "Network")]
    pub network: String,
}

/// `types.EndpointResource`: a container on the network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointResource {
    /// Container name (no slash).
    #[serde(rename = "Name")]
    pub name: String,
    /// Endpoint ID.
    #[serde(rename = "EndpointID")]
    pub endpoint_id: String,
    /// MAC address.
    #[serde(rename = "MacAddress")]
    pub mac_address: String,
    /// `172.18.0.2/16`, or `""`.
    #[serde(rename = "IPv4Address")]
    pub ipv4_address: String,
    /// IPv6 with prefix, or `""`.
    #[serde(rename = "IPv6Address")]
    pub ipv6_address: String,
}

/// `types.NetworkResource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkResource {
    /// Name.
    #[serde(rename = "Name")]
    pub name: String,
    /// 64-hex ID.
    #[serde(rename = "Id")]
    pub id: String,
    /// Creation time.
    #[serde(rename = "Created")]
    pub created: GoTime,
    /// `local` (or `swarm`).
    #[serde(rename = "Scope")]
    pub scope: String,
    /// `bridge`, `host`, `null`...
    #[serde(rename = "Driver")]
    pub driver: String,
    /// IPv6 enabled.
    #[serde(rename = "EnableIPv6")]
    pub enable_ipv6: bool,
    /// Address management.
    #[serde(rename = "IPAM")]
    pub ipam: Ipam,
    /// `--internal`: no route out.
    #[serde(rename = "Internal")]
    pub internal: bool,
    /// Swarm attachable.
    #[serde(rename = "Attachable")]
    pub attachable: bool,
    /// Swarm routing mesh.
    #[serde(rename = "Ingress")]
    pub ingress: bool,
    /// Config source.
    #[serde(rename = "ConfigFrom")]
    pub config_from: ConfigReference,
    /// A placeholder holding config only.
    #[serde(rename = "ConfigOnly")]
    pub config_only: bool,
    /// Containers by ID (`{}` from inspect; empty in `GET /networks`).
    #[serde(rename = "Containers")]
    pub containers: Option<BTreeMap<String, EndpointResource>>,
    /// Driver options.
    #[serde(rename = "Options")]
    pub options: Option<BTreeMap<String, String>>,
    /// Labels.
    #[serde(rename = "Labels")]
    pub labels: Option<BTreeMap<String, String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::gojson;

    #[test]
    fn reference_networks_round_trip_byte_for_byte() {
        for text in [
            include_str!("../cli/render/testdata/docker-network-inspect-none.json"),
            include_str!("../cli/render/testdata/docker-inspect-network-cfgonly.json"),
        ] {
            let parsed: Vec<NetworkResource> = serde_json::from_str(text).unwrap();
            assert_eq!(gojson::to_string_indent(&parsed, "    ").unwrap() + "\n", text);
        }
    }
}
