package dev.managedapi.apiservice.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections whose request headers do not arrive in time. Netty's idle timeouts cannot see
 * a client that sends one byte every few seconds; this measures from a request's first byte to its
 * decoded head: one handler in front of the HTTP decoder starts the clock on the first byte of a
 * request, one behind it stops the clock when the head comes out. An idle keep-alive connection (no
 * bytes at all) is left to the idle timeout, so pooling proxies are not cut off.
 */
@Singleton
class RequestHeadTimeout implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private static final String BEFORE = "api-request-head-start";
  private static final String AFTER = "api-request-head-end";
  private static final String PROBLEM =
      "{\"type\":\"https://managedapi.dev/problems/request-timeout\",\"title\":\"Request timeout\","
          + "\"status\":408,\"detail\":\"The request headers did not arrive in time.\"}";
  private static final byte[] REQUEST_TIMEOUT =
      ("HTTP/1.1 408 Request Timeout\r\n"
              + "Content-Type: application/problem+json\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + PROBLEM.length()
              + "\r\n\r\n"
              + PROBLEM)
          .getBytes(StandardCharsets.US_ASCII);

  private final long timeoutMillis;

  RequestHeadTimeout(HttpLimitsSettings settings) {
    this.timeoutMillis = settings.getRequestHeadTimeout().toMillis();
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new PerChannel(null));
    return event.getBean();
  }

  private final class PerChannel implements NettyServerCustomizer {
    private final Channel channel;

    PerChannel(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new PerChannel(channel) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel == null) {
        return;
      }
      ChannelPipeline pipeline = channel.pipeline();
      String codec = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
      if (pipeline.get(codec) == null || pipeline.get(BEFORE) != null) {
        return; // HTTP/2, or already installed
      }
      Clock clock = new Clock();
      pipeline.addBefore(codec, BEFORE, clock.start);
      pipeline.addAfter(codec, AFTER, clock.stop);
    }
  }

  /** The two ends of one connection's clock; both run on its event loop. */
  private final class Clock {
    private ScheduledFuture<?> pending;
    private boolean inHead;
    private boolean inBody;

    final ChannelInboundHandlerAdapter start =
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!inHead && !inBody && msg instanceof ByteBuf bytes && bytes.isReadable()) {
              inHead = true;
              pending =
                  ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
          }

          @Override
          public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
          }
        };

    final ChannelInboundHandlerAdapter stop =
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
              cancel();
              inBody = !(msg instanceof LastHttpContent);
            } else if (msg instanceof LastHttpContent) {
              inBody = false;
            }
            ctx.fireChannelRead(msg);
          }
        };

    /**
     * After a head, bytes belong to its body; the clock starts again on the first read after the
     * body's end (a new request's first byte, as far as this layer can tell).
     */
    private void cancel() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
      inHead = false;
    }

    private void expire(ChannelHandlerContext ctx) {
      pending = null;
      if (inHead && ctx.channel().isActive()) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
