package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Secret;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.EmailNotifier;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Mails through a real SMTP server (GreenMail): plain, implicit TLS with a login, a hanging server, a bad login. */
class EmailNotifierTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final ServerSetup SMTP = slowStart(ServerSetupTest.SMTP.dynamicPort());
  static final ServerSetup SMTPS = slowStart(ServerSetupTest.SMTPS.dynamicPort());

  /** Generating the TLS server's key takes a while on a busy machine. */
  private static ServerSetup slowStart(ServerSetup s) {
    s.setServerStartupTimeout(30_000);
    return s;
  }

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {SMTP, SMTPS})
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("shotsync", "M41l-Sekrit"));

  static final String SHOT = "ep01/sq010/sh0020";
  static final String MISSING = SHOT + "/anim/publish/v002/scene.ma";

  @TempDir
  Path local;

  private static String smtpUrl(String user) {
    return "smtp://" + (user == null ? "" : user + "@") + "127.0.0.1:" + MAIL.getSmtp().getPort();
  }

  private ShotSync open() {
    return ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).build();
  }

  @Test
  void aCompletedTaskSendsOneMailWithItsStatusAndCounts() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open();
        EmailNotifier mail = EmailNotifier.builder(smtpUrl(null)).from("shotsync@studio.test").to("ops@studio.test")
            .items(sync::items).build()) {
      mail.verify();
      sync.addListener(mail);
      Task done = sync.run(TaskSpec.builder(FTP.endpoint().id()).name("nightly").shots(SHOT).build())
          .await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
      MimeMessage m = MAIL.getReceivedMessages()[0];
      assertThat(m.getSubject()).isEqualTo("shotsync: COMPLETED 'nightly': 2 completed, 0 skipped, 0 failed of 2 items");
      assertThat(m.getAllRecipients()[0].toString()).isEqualTo("ops@studio.test");
      String body = ((String) m.getContent()).replace("\r\n", "\n");
      assertThat(body).contains("Files went to: " + local.toAbsolutePath().normalize())
          .contains("\"id\" : \"" + done.id() + "\"").doesNotContain("Failed items");
      assertThat(m.getHeader("X-Shotsync-Task")[0]).isEqualTo(done.id());
    }
    assertThat(MAIL.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aPartialTaskListsItsFailedItemsOverImplicitTlsWithALogin() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    String url = "smtps://shotsync@127.0.0.1:" + MAIL.getSmtps().getPort();
    try (ShotSync sync = open();
        EmailNotifier mail = EmailNotifier.builder(url).password(Secret.of("M41l-Sekrit")).trust("127.0.0.1")
            .to("ops@studio.test").items(sync::items).build()) {
      mail.verify();
      sync.addListener(mail);
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve(MISSING));  // listed by the scan, RETR answers 550
      Task done = sync.run(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).build()).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.PARTIAL);
      assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
      MimeMessage m = MAIL.getReceivedMessages()[0];
      assertThat(m.getSubject()).startsWith("shotsync: PARTIAL ").contains("1 completed").contains("1 failed");
      String body = ((String) m.getContent()).replace("\r\n", "\n");
      assertThat(body).contains("Failed items:\n  " + SHOT + "/anim: ").contains("scene.ma")
          .doesNotContain("M41l-Sekrit");
    }
  }

  @Test
  void notifyingOnlyFailuresSendsNothingForACompletedTask() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open();
        EmailNotifier mail = EmailNotifier.builder(smtpUrl(null)).to("ops@studio.test")
            .statuses(EnumSet.of(TaskStatus.PARTIAL, TaskStatus.FAILED)).build()) {
      sync.addListener(mail);
      Task done = sync.run(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).departments(Department.ANIM).build())
          .await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    }
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void aHangingSmtpServerDoesNotDelayTheTasksEnd() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());  // accepts, never greets
          }
        } catch (java.io.IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      EmailNotifier mail = EmailNotifier.builder("smtp://127.0.0.1:" + silent.getLocalPort()).to("ops@studio.test")
          .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)).retries(1, Duration.ofMillis(10))
          .closeTimeout(Duration.ofSeconds(10)).build();
      try (ShotSync sync = open()) {
        sync.addListener(mail);
        Task done = sync.run(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).departments(Department.ANIM).build())
            .await(Duration.ofSeconds(60));
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        // the task ended while its mail was still waiting for the silent server
        assertThat(mail.sent() + mail.failed()).isZero();
      }
      mail.close();
      assertThat(mail.failed()).isEqualTo(1);
      assertThatThrownBy(mail::verify).isInstanceOf(RemoteException.class).hasMessageContaining("cannot reach SMTP");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aRefusedLoginAndBadSettingsAreClearErrorsWithoutThePassword() {
    String url = "smtps://shotsync@127.0.0.1:" + MAIL.getSmtps().getPort();
    try (EmailNotifier mail = EmailNotifier.builder(url).password(Secret.of("wrong-Sekrit")).trust("*")
        .to("ops@studio.test").build()) {
      assertThatThrownBy(mail::verify).isInstanceOf(RemoteException.class).hasMessageContaining("refused the login")
          .hasMessageNotContaining("wrong-Sekrit");
    }
    assertThatThrownBy(() -> EmailNotifier.builder("smtp://u:pw@host")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must not hold a password").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> EmailNotifier.builder("http://host")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> EmailNotifier.builder(smtpUrl(null)).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("recipient");
    assertThatThrownBy(() -> EmailNotifier.builder(smtpUrl(null)).to("not an address"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed mail address");
    // STARTTLS required of a server that does not offer it: refused at start
    try (EmailNotifier mail = EmailNotifier.builder(smtpUrl(null) + "?starttls=required").to("ops@studio.test")
        .build()) {
      assertThatThrownBy(mail::verify).isInstanceOf(RemoteException.class).hasMessageContaining("cannot reach SMTP");
    }
  }
}
