//! The SSRF guard's address rules: which IP addresses a liveness check may
//! connect to. The checker fetches URLs that strangers submitted, so without
//! this rule a listed `http://10.0.0.5/` or a name resolving to 127.0.0.1
//! would make the server probe its own network.
//!
//! IPv4 is a deny list of the special-purpose ranges (IANA registry, RFC
//! 6890 and successors). IPv6 is an allow list: only global unicast
//! (`2000::/3`) minus its special blocks; addresses that embed an IPv4 one
//! (mapped, NAT64, 6to4) are judged by the IPv4 address inside.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether a check may connect to `ip`: a public unicast address.
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// IPv4 special-purpose blocks as (network, prefix length).
const V4_DENIED: [([u8; 4], u8); 16] = [
    ([0, 0, 0, 0], 8),       // "this network", incl. the unspecified address
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // carrier-grade NAT
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local (cloud metadata lives here)
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation TEST-NET-1
    ([192, 31, 196, 0], 24), // AS112
    ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation TEST-NET-2
    ([203, 0, 113, 0], 24),  // documentation TEST-NET-3
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, incl. the limited broadcast
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let addr = u32::from(ip);
    !V4_DENIED.iter().any(|&(net, len)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
        addr & mask == u32::from(Ipv4Addr::from(net)) & mask
    })
}

/// IPv6 blocks inside `2000::/3` that are not public hosts.
const V6_DENIED: [(u128, u8); 3] = [
    (0x2001_0000 << 96, 23), // IETF protocol assignments (Teredo, ORCHID, ...)
    (0x2001_0db8 << 96, 32), // documentation
    (0x3fff_0000 << 96, 20), // documentation (RFC 9637)
];

fn in_v6(addr: u128, net: u128, len: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    addr & mask == net & mask
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let addr = u128::from(ip);
    // ::ffff:a.b.c.d connects to the IPv4 host a.b.c.d on a dual-stack socket.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    // The NAT64 well-known prefix reaches the embedded IPv4 host.
    if in_v6(addr, 0x0064_ff9b << 96, 96) {
        return is_public_v4(low_v4(addr));
    }
    if in_v6(addr, 0x2002 << 112, 16) {
        // 2002:AABB:CCDD::/48 tunnels to the IPv4 host AA.BB.CC.DD.
        let embedded = u32::try_from((addr >> 80) & 0xffff_ffff).unwrap_or(0);
        return is_public_v4(Ipv4Addr::from(embedded));
    }
    in_v6(addr, 0x2000 << 112, 3) && !V6_DENIED.iter().any(|&(net, len)| in_v6(addr, net, len))
}

fn low_v4(addr: u128) -> Ipv4Addr {
    Ipv4Addr::from(u32::try_from(addr & 0xffff_ffff).unwrap_or(0))
}

#[cfg(test)]
mod tests;
