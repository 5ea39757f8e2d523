package io.shotsync.api;

/** One unit of a task: a shot and one of its departments, written {@code ep01/sq010/sh0010/anim}. */
public record ItemKey(ShotKey shot, Department department) implements Comparable<ItemKey> {

  /** Parses {@code ep01/sq010/sh0010/anim}. */
  public static ItemKey parse(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 0) {
      throw new InvalidInputException("malformed item '" + Version.printable(text)
          + "': expected episode/sequence/shot/department, like ep01/sq010/sh0010/anim");
    }
    return new ItemKey(ShotKey.parse(text.substring(0, slash)), Department.of(text.substring(slash + 1)));
  }

  @Override
  public int compareTo(ItemKey o) {
    int c = shot.compareTo(o.shot);
    return c != 0 ? c : department.compareTo(o.department);
  }

  @Override
  public String toString() {
    return shot.path() + "/" + department.name();
  }
}
