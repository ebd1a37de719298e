package dev.managedapi.operator.config;

import java.util.regex.Pattern;

/**
 * Which ManagedApis this operator reconciles when several operator releases share a cluster, the
 * way Flux shards its controllers: a ManagedApi labelled {@value #LABEL}{@code =<shard>} belongs to
 * the release started with that shard, and the release with no shard reconciles exactly the
 * unlabelled ones. The selectors of distinct shards never overlap, so no ManagedApi has two
 * operators; relabelling moves it, since the API server's watch then tells the old shard that the
 * object left its selection and the new one that it arrived.
 *
 * <p>A ManagedApi labelled for a shard that no release runs is reconciled by nobody: the default
 * release must exclude every labelled one, or adding a shard later would make two operators
 * reconcile it for the moment the default still holds it.
 *
 * @param name the shard's name, empty for the default release
 */
public record Shard(String name) {

  public static final String LABEL = "managedapi.dev/shard";

  /** The label value grammar: the shard name is matched as a label value. */
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  public static final Shard DEFAULT = new Shard("");

  public Shard {
    if (!LABEL_VALUE.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a label value: at most 63 letters, digits, '-', '_' or '.',"
              + " starting and ending with a letter or digit");
    }
  }

  public boolean isDefault() {
    return name.isEmpty();
  }

  /** The label selector of the ManagedApis this shard reconciles. */
  public String selector() {
    return isDefault() ? "!" + LABEL : LABEL + "=" + name;
  }
}
