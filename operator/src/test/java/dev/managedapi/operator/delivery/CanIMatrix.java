package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.e2e.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions for `kubectl auth can-i --as=<user>`, each with the answer the chart promises. The real
 * kubectl asks the real API server's authorizer, so what it says is what the operator gets.
 */
public final class CanIMatrix {

  private static final Logger log = LoggerFactory.getLogger(CanIMatrix.class);

  /** "group resource verb", optionally followed by " [name]" for a rule limited to one object. */
  private static final Pattern PERMISSION =
      Pattern.compile("^(\\S*) (\\S+) (\\S+)(?: \\[(\\S+)\\])?$");

  /** kubectl spends most of a question starting up; a few at once keep the matrix short. */
  private static final int PARALLEL = 4;

  private final String user;
  private final List<Row> rows = new ArrayList<>();

  public CanIMatrix(String user) {
    this.user = user;
  }

  /** Expects yes for a "group resource verb" line of {@link OperatorPermissions}. */
  public CanIMatrix allows(String permission, String... scope) {
    rows.add(new Row(question(permission, scope), true));
    return this;
  }

  public CanIMatrix denies(String permission, String... scope) {
    rows.add(new Row(question(permission, scope), false));
    return this;
  }

  /** Expects no for arguments given as kubectl takes them, e.g. "*", "*" for cluster-admin. */
  public CanIMatrix deniesRaw(String... question) {
    rows.add(new Row(List.of(question), false));
    return this;
  }

  /** Asks every question, logs the answers and returns those that differ from the promise. */
  public List<String> wrongAnswers() {
    try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
      List<Future<Boolean>> answers =
          rows.stream().map(row -> pool.submit(() -> ask(row.question()))).toList();
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        boolean allowed = answers.get(i).get();
        String line = String.join(" ", row.question()) + " -> " + (allowed ? "yes" : "no");
        log.info(
            "can-i {}{}", line, allowed == row.allowed() ? "" : "   <-- expected the opposite");
        if (allowed != row.allowed()) {
          wrong.add(line);
        }
      }
      return wrong;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private boolean ask(List<String> question) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(question);
    args.add("--as=" + user);
    LocalCluster.Result result = LocalCluster.kubectl(args.toArray(String[]::new));
    // A misspelt resource would be a vacuous "no"; kubectl warns about it.
    assertThat(result.output()).as(args.toString()).doesNotContain("doesn't have a resource type");
    return result.exitCode() == 0;
  }

  /** "apps deployments patch" with scope "-n x" as kubectl's "patch deployments.apps -n x". */
  private static List<String> question(String permission, String... scope) {
    Matcher m = PERMISSION.matcher(permission);
    assertThat(m.matches()).as("permission line %s", permission).isTrue();
    String[] resource = m.group(2).split("/", 2);
    List<String> question = new ArrayList<>();
    question.add(m.group(3));
    question.add(
        resource[0]
            + (m.group(1).isEmpty() ? "" : "." + m.group(1))
            + (m.group(4) == null ? "" : "/" + m.group(4)));
    if (resource.length > 1) {
      question.add("--subresource=" + resource[1]);
    }
    question.addAll(List.of(scope));
    return question;
  }

  private record Row(List<String> question, boolean allowed) {}
}
