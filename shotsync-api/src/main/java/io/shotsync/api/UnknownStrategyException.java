package io.shotsync.api;

import java.util.List;

/** A strategy, layout kind or store was asked for by an id nobody registered; the message lists the known ids. */
public class UnknownStrategyException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String id;
  private final List<String> knownIds;

  /** Creates the exception for one unknown id of one kind (for example "version strategy"). */
  public UnknownStrategyException(String kind, String id, List<String> knownIds) {
    super("unknown " + kind + " '" + id + "'; known: " + String.join(", ", knownIds));
    this.kind = kind;
    this.id = id;
    this.knownIds = List.copyOf(knownIds);
  }

  /** What was looked up, for example "version strategy". */
  public String kind() {
    return kind;
  }

  /** The id that was asked for. */
  public String id() {
    return id;
  }

  /** The ids that are registered, sorted. */
  public List<String> knownIds() {
    return knownIds;
  }
}
