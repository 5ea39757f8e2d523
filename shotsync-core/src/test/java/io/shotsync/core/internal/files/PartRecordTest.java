package io.shotsync.core.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record beside a temporary file: its text, its CRC line, and the boot that unforced spans hold in. */
class PartRecordTest {
  private static final Instant MTIME = Instant.parse("2026-01-02T03:04:05Z");
  private static final List<PartRecord.Span> HELD = List.of(new PartRecord.Span(0, 100), new PartRecord.Span(200, 300));

  @Test
  void aForcedRecordIsWrittenInTheFirstFormatAndHoldsInAnyBoot() {
    PartRecord r = new PartRecord(1000, MTIME, HELD);
    String text = r.encode();
    assertThat(text).startsWith("shotsync-part-record 1\nremote-size 1000\n").doesNotContain("boot");
    assertThat(PartRecord.decode(text)).isEqualTo(r);
    assertThat(r.fromAnotherBoot("some-boot")).isFalse();
    assertThat(r.fromAnotherBoot(null)).isFalse();
  }

  @Test
  void anUnforcedRecordNamesItsBootAndHoldsOnlyInThatBoot() {
    PartRecord r = new PartRecord(1000, MTIME, HELD, "3f0c2a9e-boot");
    String text = r.encode();
    assertThat(text).startsWith("shotsync-part-record 2\nboot 3f0c2a9e-boot\nremote-size 1000\n");
    PartRecord read = PartRecord.decode(text);
    assertThat(read).isEqualTo(r);
    assertThat(read.fromAnotherBoot("3f0c2a9e-boot")).isFalse();
    assertThat(read.fromAnotherBoot("another-boot")).isTrue();
    assertThat(read.fromAnotherBoot(null)).isTrue();
    assertThat(read.clip(250).boot()).isEqualTo("3f0c2a9e-boot");
  }

  @Test
  void aRecordWhoseFormatAndBootLineDisagreeOrWhoseCrcIsWrongIsNoRecord() {
    String unforced = new PartRecord(1000, MTIME, HELD, "b").encode();
    String forced = new PartRecord(1000, MTIME, HELD).encode();
    // the second format without its boot line, the first with one: each with a CRC that matches its body
    assertThat(PartRecord.decode(recrc(unforced.replace("boot b\n", "")))).isNull();
    assertThat(PartRecord.decode(recrc(forced.replace("remote-size", "boot b\nremote-size")))).isNull();
    assertThat(PartRecord.decode(unforced.replace("boot b", "boot c"))).isNull();
    assertThat(PartRecord.decode(unforced.substring(0, unforced.length() - 4))).isNull();
  }

  @Test
  void aBootIdWithSpacesOrControlCharactersIsRefused() {
    assertThatThrownBy(() -> new PartRecord(1, null, List.of(), "a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartRecord(1, null, List.of(), "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisMachinesBootIdIsReadOnceAndIsPrintable() {
    String boot = BootId.current();
    assumeTrue(boot != null, "skipped: this system tells no boot id");
    assertThat(boot).isNotBlank().matches("[!-~]+");
    assertThat(BootId.current()).isSameAs(boot);
  }

  /** The text with its CRC line computed again over the body. */
  private static String recrc(String text) {
    String body = text.substring(0, text.indexOf("crc32 "));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return body + "crc32 " + Long.toHexString(crc.getValue()) + "\n";
  }
}
