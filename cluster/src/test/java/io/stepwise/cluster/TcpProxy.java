package io.stepwise.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a local port in front of PostgreSQL, for network blips: {@link #cut} closes every
 * connection through it and, for the given time, closes each new one as soon as it is accepted (a
 * network that resets every connection); afterwards connections pass again.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cutConnections = new AtomicInteger();
  private volatile long blockedUntilNanos;
  private volatile boolean closed;

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("proxy-accept").start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections the last {@link #cut} closed. */
  int cutConnections() {
    return cutConnections.get();
  }

  /** Closes every connection now and refuses new ones for {@code duration}. */
  void cut(Duration duration) {
    blockedUntilNanos = System.nanoTime() + duration.toNanos();
    int n = 0;
    for (Socket s : open) {
      quietlyClose(s);
      n++;
    }
    cutConnections.set(n / 2);
  }

  private boolean blocked() {
    return System.nanoTime() < blockedUntilNanos;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (blocked()) {
        quietlyClose(client);
        continue;
      }
      Socket server;
      try {
        server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      } catch (IOException e) {
        quietlyClose(client);
        continue;
      }
      open.add(client);
      open.add(server);
      Thread.ofVirtual().start(() -> pipe(client, server));
      Thread.ofVirtual().start(() -> pipe(server, client));
    }
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by the other direction or by a cut
    } finally {
      quietlyClose(from);
      quietlyClose(to);
    }
  }

  private void quietlyClose(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket s : open) quietlyClose(s);
  }
}
