/** The shotsync command line: one picocli command per subcommand. */
@NullMarked
package io.shotsync.cli;

import org.jspecify.annotations.NullMarked;
