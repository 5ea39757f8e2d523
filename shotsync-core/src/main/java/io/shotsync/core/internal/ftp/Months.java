package io.shotsync.core.internal.ftp;

import java.util.HashMap;
import java.util.Map;

/**
 * Month names as FTP servers print them in LIST lines, in the locales studio servers run in: English, French,
 * German, Spanish, Italian, Portuguese and Dutch. Each language gives its abbreviations (old and new glibc forms)
 * and its full names; a name is looked up without case, accents or a trailing dot, so {@code févr.}, {@code FEVR},
 * {@code Mär}, {@code mrz}, {@code mei}, {@code dic} and {@code out} all answer a month. No regular expressions: a
 * token is folded into a small buffer and looked up in one hash map.
 */
final class Months {
  private Months() {}

  /** Per language, twelve groups of names (comma-separated spellings), January first; written without accents. */
  private static final String[][] LANGUAGES = {
      // English
      {"jan,january", "feb,february", "mar,march", "apr,april", "may", "jun,june", "jul,july", "aug,august",
          "sep,sept,september", "oct,october", "nov,november", "dec,december"},
      // French (glibc: janv. fevr. mars avril mai juin juil. aout sept. oct. nov. dec.; older: jan fev ... jui aou)
      {"jan,janv,janvier", "fev,fevr,fevrier", "mar,mars", "avr,avril", "mai", "jun,juin", "jui,juil,juillet",
          "aou,aout", "sep,sept,septembre", "oct,octobre", "nov,novembre", "dec,decembre"},
      // German (Mär, Mrz, März, Okt, Dez; "5. Mär")
      {"jan,januar", "feb,februar", "mar,mrz,marz,maerz", "apr,april", "mai", "jun,juni", "jul,juli",
          "aug,august", "sep,sept,september", "okt,oktober", "nov,november", "dez,dezember"},
      // Spanish
      {"ene,enero", "feb,febrero", "mar,marzo", "abr,abril", "may,mayo", "jun,junio", "jul,julio", "ago,agosto",
          "sep,sept,set,septiembre,setiembre", "oct,octubre", "nov,noviembre", "dic,diciembre"},
      // Italian
      {"gen,gennaio", "feb,febbraio", "mar,marzo", "apr,aprile", "mag,maggio", "giu,giugno", "lug,luglio",
          "ago,agosto", "set,settembre", "ott,ottobre", "nov,novembre", "dic,dicembre"},
      // Portuguese (pt_PT and pt_BR)
      {"jan,janeiro", "fev,fevereiro", "mar,marco", "abr,abril", "mai,maio", "jun,junho", "jul,julho", "ago,agosto",
          "set,setembro", "out,outubro", "nov,novembro", "dez,dezembro"},
      // Dutch
      {"jan,januari", "feb,februari", "mrt,maart", "apr,april", "mei", "jun,juni", "jul,juli", "aug,augustus",
          "sep,sept,september", "okt,oktober", "nov,november", "dec,december"},
  };

  /** Longest name in the tables, so longer tokens are answered at once. */
  private static final int LONGEST;
  private static final Map<String, Integer> NAMES = new HashMap<>();

  static {
    int longest = 0;
    for (String[] language : LANGUAGES) {
      for (int m = 0; m < 12; m++) {
        for (String name : language[m].split(",")) {
          Integer before = NAMES.putIfAbsent(name, m + 1);
          if (before != null && before != m + 1) {
            throw new ExceptionInInitializerError("month name '" + name + "' means both " + before + " and " + (m + 1));
          }
          longest = Math.max(longest, name.length());
        }
      }
    }
    LONGEST = longest;
  }

  /**
   * The month (1 to 12) named by {@code s[from, to)} in any of the languages, ignoring case, accents and one trailing
   * dot; 0 when it names none.
   */
  static int of(String s, int from, int to) {
    if (to > from && s.charAt(to - 1) == '.') {
      to--;
    }
    int n = to - from;
    if (n < 3 || n > LONGEST) {
      return 0;
    }
    char[] folded = new char[n];
    for (int i = 0; i < n; i++) {
      char c = fold(s.charAt(from + i));
      if (c == 0) {
        return 0;
      }
      folded[i] = c;
    }
    Integer m = NAMES.get(new String(folded));
    return m == null ? 0 : m;
  }

  /** A letter lower-cased and without its accent (the accents these languages use in month names); 0 for others. */
  private static char fold(char c) {
    if (c >= 'a' && c <= 'z') {
      return c;
    }
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    return switch (Character.toLowerCase(c)) {
      case 'é', 'è', 'ê', 'ë' -> 'e';
      case 'à', 'â', 'ä', 'á' -> 'a';
      case 'û', 'ù', 'ü', 'ú' -> 'u';
      case 'ô', 'ö', 'ó' -> 'o';
      case 'î', 'ï', 'í' -> 'i';
      case 'ç' -> 'c';
      default -> 0;
    };
  }
}
