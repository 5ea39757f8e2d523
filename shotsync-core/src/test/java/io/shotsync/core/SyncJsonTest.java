package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.core.testkit.TaskStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each type's JSON shape reads back to an equal value, through text, and bad input is refused with its field. */
class SyncJsonTest {
  static final Instant T = Instant.parse("2026-11-30T12:00:00.123456Z");

  /** Through text, as a client would see it. */
  private static Map<String, Object> viaText(Map<String, Object> m) {
    return SyncJson.parse(SyncJson.write(m));
  }

  @Test
  void aTaskWithEveryFieldRoundTrips() {
    Task t = TaskStoreContract.fullTask("t-1");
    Map<String, Object> json = viaText(SyncJson.task(t));
    assertThat(json).containsEntry("id", "t-1").containsEntry("endpointId", "studio")
        .containsEntry("transferredBytes", 9_000_000_000L);
    assertThat(SyncJson.readTask(json)).isEqualTo(t);
  }

  @Test
  void aMinimalTaskRoundTrips() {
    Task t = Task.create("t-2", TaskSpec.builder("e").build(), T);
    assertThat(SyncJson.readTask(viaText(SyncJson.task(t)))).isEqualTo(t);
  }

  @Test
  void itemsComparisonRowsLogsAndFileRecordsRoundTrip() {
    TaskItem item = TaskStoreContract.fullItem(7, "t-1");
    Map<String, Object> itemJson = viaText(SyncJson.item(item));
    assertThat(itemJson).containsEntry("transferredBytes", 23_456_789_012L).containsKey("files");
    assertThat(SyncJson.readItem(itemJson)).isEqualTo(item);

    ComparisonRow row = new ComparisonRow(ItemKey.parse("ep01/sq010/sh0010/lighting"),
        List.of(Version.parse("v1"), Version.parse("v010")), Version.parse("v010"), Version.parse("v1"),
        ComparisonStatus.OUTDATED, 12, 345_678L);
    assertThat(SyncJson.readComparisonRow(viaText(SyncJson.comparisonRow(row)))).isEqualTo(row);

    LogRecord log = new LogRecord(42, T, LogLevel.WARN, "t-1", 7L, "ep01/a \"b\".ma", "retry 1 of 3\nnext");
    assertThat(SyncJson.readLogRecord(viaText(SyncJson.logRecord(log)))).isEqualTo(log);
    LogRecord bare = new LogRecord(1, T, LogLevel.INFO, "t-1", null, null, "started");
    assertThat(SyncJson.readLogRecord(viaText(SyncJson.logRecord(bare)))).isEqualTo(bare);

    FileRecord f = new FileRecord("t-1", 7, "ep01/sq010/sh0010/anim/publish/v002/a.ma", Version.parse("v002"), 100,
        T.minusSeconds(60), FileStatus.DONE, FileAction.KEPT_BOTH, 100, null, T);
    assertThat(SyncJson.readFileRecord(viaText(SyncJson.fileRecord(f)))).isEqualTo(f);
  }

  @Test
  void aStructureRoundTrips() {
    Structure s = ShotSync.structureFromJson("{\"format\":1,\"endpointId\":\"studio\",\"scannedAt\":\"" + T + "\","
        + "\"shots\":[{\"shot\":\"ep01/sq010/sh0010\",\"departments\":[{\"department\":\"anim\",\"path\":"
        + "\"ep01/sq010/sh0010/anim/publish\",\"versions\":[{\"version\":\"v001\",\"fileCount\":1,\"bytes\":5,"
        + "\"newest\":\"" + T + "\",\"files\":[{\"path\":\"ep01/sq010/sh0010/anim/publish/v001/a.ma\","
        + "\"size\":5,\"modified\":\"" + T + "\",\"precision\":\"PT1S\"}]}]}]}],\"warnings\":[\"w\"]}");
    Map<String, Object> json = viaText(SyncJson.structure(s));
    assertThat(json).containsEntry("endpointId", "studio");
    assertThat(ShotSync.toJson(SyncJson.readStructure(json))).isEqualTo(ShotSync.toJson(s));
  }

  @Test
  void aSpecsOptionsMayBePartialOverAnEndpointsDefaults() {
    SyncOptions base = SyncOptions.defaults().withConnections(6);
    TaskSpec spec = SyncJson.readSpec(SyncJson.parse("{\"endpointId\":\"studio\",\"shots\":[\"ep01/**\"],"
        + "\"customVersions\":{\"ep01/sq010/sh0010/anim\":\"v003\"},\"versionStrategy\":\"custom\","
        + "\"options\":{\"bandwidth\":\"8M\",\"retryBackoff\":\"250ms\"},\"autoRetry\":{\"count\":2,\"delay\":\"5m\"}}"),
        base);
    assertThat(spec.options().connections()).isEqualTo(6);
    assertThat(spec.options().bandwidthLimit()).isEqualTo(8L << 20);
    assertThat(spec.options().retryBackoff()).hasMillis(250);
    assertThat(spec.customVersions()).containsEntry(ItemKey.parse("ep01/sq010/sh0010/anim"), Version.parse("v003"));
    assertThat(spec.autoRetries()).isEqualTo(2);
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> SyncJson.readSpec(Map.of("endpointId", "e", "colour", "red"), SyncOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown field 'colour'");
    assertThatThrownBy(() -> SyncJson.readSpec(Map.of("endpointId", "e", "specificVersion", "v1a"),
        SyncOptions.defaults())).isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed version");
    assertThatThrownBy(() -> SyncJson.readSpec(Map.of("endpointId", "e", "shots", List.of("../x")),
        SyncOptions.defaults())).isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed shot glob");
    assertThatThrownBy(() -> SyncJson.readSpec(Map.of("endpointId", "e", "options", Map.of("speed", 3)),
        SyncOptions.defaults())).isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown option 'speed'");
    assertThatThrownBy(() -> SyncJson.readSpec(Map.of("endpointId", "e", "options", Map.of("connections", 0)),
        SyncOptions.defaults())).isInstanceOf(InvalidInputException.class).hasMessageContaining("connections must be");
    assertThatThrownBy(() -> SyncJson.parse("{\"a\": ")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed JSON");
  }
}
