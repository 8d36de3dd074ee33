package io.hashstream.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before start-up, so that a busy port is a clear error, not a stack trace. */
final class Ports {
  private Ports() {}

  /** Returns {@code port} if it is free on the platform host, a free port if it is 0. */
  static int claim(String what, int port, String flag) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(PlatformConfig.HOST), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new PlatformException(
          PlatformException.Problem.PORT_IN_USE,
          what + " port " + port + " on " + PlatformConfig.HOST + " is in use (" + e.getMessage()
              + "). Stop the process holding it (see: ss -ltnp 'sport = :" + port
              + "'), or choose another port with " + flag + " (0 picks a free one).",
          e);
    }
  }
}
