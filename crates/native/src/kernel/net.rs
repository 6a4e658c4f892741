//! Networks: bridges, veth pairs and published ports.

use std::net::Ipv4Addr;

use wharf_engine::kernel::{IpNet, KernelError, Pid, Protocol};

/// The bridges and port forwards this kernel made.
#[derive(Default)]
pub struct Net {}

impl Net {
    /// `ip link add NAME type bridge`.
    pub fn create_bridge(&mut self, _name: &str, _gateway: IpNet) -> Result<(), KernelError> {
        Err(KernelError::Unsupported("bridge networks"))
    }

    /// `ip link del NAME`.
    pub fn delete_bridge(&mut self, _name: &str) -> Result<(), KernelError> {
        Err(KernelError::Unsupported("bridge networks"))
    }

    /// A veth pair from `bridge` into `pid`'s network namespace.
    pub fn connect(&mut self, _pid: Pid, _bridge: &str, _ifname: &str, _address: IpNet, _gateway: Option<Ipv4Addr>) -> Result<(), KernelError> {
        Err(KernelError::Unsupported("bridge networks"))
    }

    /// A userland TCP proxy.
    pub fn publish_port(&mut self, _protocol: Protocol, _host_ip: Ipv4Addr, _host_port: u16, _target_ip: Ipv4Addr, _target_port: u16) -> Result<(), KernelError> {
        Err(KernelError::Unsupported("published ports"))
    }

    /// Stops a proxy.
    pub fn unpublish_port(&mut self, _protocol: Protocol, _host_ip: Ipv4Addr, _host_port: u16) -> Result<(), KernelError> {
        Err(KernelError::Unsupported("published ports"))
    }

    /// Deletes what this kernel made.
    pub fn shutdown(&mut self) {}
}
