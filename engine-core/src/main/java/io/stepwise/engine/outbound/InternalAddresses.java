package io.stepwise.engine.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses a definition must never make the server call unless an admin listed them: loopback,
 * link-local (169.254.169.254, the cloud metadata service, among them), private ranges, carrier
 * NAT, unique-local IPv6 (fd00:ec2::254, the metadata service over IPv6), multicast, unspecified
 * and reserved ones, also when written inside an IPv6 address (NAT64, 6to4, Teredo), and the IPv6
 * prefixes no public service uses (documentation, discard-only, local-use NAT64).
 */
final class InternalAddresses {
  private InternalAddresses() {}

  static boolean isInternal(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0
          || first >= 240
          || first == 100 && (second & 0xc0) == 64 // 100.64.0.0/10, carrier-grade NAT
          || first == 192 && second == 0 && (b[2] & 0xff) == 0 // 192.0.0.0/24
          || first == 198 && (second == 18 || second == 19); // 198.18.0.0/15
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) return true; // fc00::/7, unique local
      if (embedsIpv4(b, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b})) {
        return isInternal(ipv4(b)); // 64:ff9b::/96, NAT64
      }
      if (embedsIpv4(b, new byte[] {0, 0, 0, 0})) return isInternal(ipv4(b)); // ::a.b.c.d
      if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) return true; // 64:ff9b:1::/48
      if (startsWith(b, 0x20, 0x01, 0x0d, 0xb8)) return true; // 2001:db8::/32, documentation
      if (startsWith(b, 0x01, 0, 0, 0, 0, 0, 0, 0)) return true; // 100::/64, discard-only
      if (startsWith(b, 0x20, 0x02)) return isInternal(ipv4(b, 2, 0)); // 6to4, 2002:a.b.c.d::/48
      if (startsWith(b, 0x20, 0x01, 0, 0)) {
        // Teredo: the server's address, then the client's with every bit inverted
        return isInternal(ipv4(b, 4, 0)) || isInternal(ipv4(b, 12, 0xff));
      }
    }
    return false;
  }

  private static boolean embedsIpv4(byte[] b, byte[] prefix) {
    for (int i = 0; i < 4; i++) if (b[i] != prefix[i]) return false;
    for (int i = 4; i < 12; i++) if (b[i] != 0) return false;
    return true;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xff) != prefix[i]) return false;
    return true;
  }

  private static InetAddress ipv4(byte[] b) {
    return ipv4(b, 12, 0);
  }

  private static InetAddress ipv4(byte[] b, int offset, int xor) {
    byte[] v4 = new byte[4];
    for (int i = 0; i < 4; i++) v4[i] = (byte) (b[offset + i] ^ xor);
    try {
      return InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
