package dev.coclone.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class RefusedPortTest {

  @Test
  void aConnectionIsRefusedAndNoServerIsGivenThePortWhileItIsHeld() throws Exception {
    try (RefusedPort down = RefusedPort.open()) {
      assertThrows(ConnectException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), down.port()), 5_000);
        }
      });
      assertThrows(BindException.class, () -> {
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(false);
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), down.port()));
        }
      });
    }
  }
}
