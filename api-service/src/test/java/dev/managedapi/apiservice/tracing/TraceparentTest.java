package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void validHeaderGivesItsTraceId() {
    assertThat(Traceparent.traceIdOf("00-" + TRACE_ID + "-00f067aa0ba902b7-01"))
        .isEqualTo(TRACE_ID);
    assertThat(Traceparent.traceIdOf("00-" + TRACE_ID + "-00f067aa0ba902b7-00"))
        .isEqualTo(TRACE_ID);
  }

  @Test
  void laterVersionsMayCarryMoreFields() {
    assertThat(Traceparent.traceIdOf("01-" + TRACE_ID + "-00f067aa0ba902b7-01-what-ever"))
        .isEqualTo(TRACE_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // no flags
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // version 00 is exact
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // no dash after flags
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", // wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // not hex
        "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" // version not hex
      })
  void invalidHeadersGiveNoTraceId(String header) {
    assertThat(Traceparent.traceIdOf(header)).as(header).isNull();
  }

  @Test
  void absentHeaderGivesNoTraceId() {
    assertThat(Traceparent.traceIdOf(null)).isNull();
  }

  @Test
  void newTraceIdsAreThirtyTwoLowercaseHexCharacters() {
    String id = Traceparent.newTraceId();

    assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(Traceparent.newTraceId());
    assertThat(Traceparent.traceIdOf("00-" + id + "-00f067aa0ba902b7-01")).isEqualTo(id);
  }
}
