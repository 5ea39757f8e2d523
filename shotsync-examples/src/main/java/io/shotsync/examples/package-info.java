/** Runnable examples of embedding shotsync in a Java program. */
@NullMarked
package io.shotsync.examples;

import org.jspecify.annotations.NullMarked;
