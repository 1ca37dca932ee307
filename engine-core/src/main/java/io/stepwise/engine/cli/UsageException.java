package io.stepwise.engine.cli;

/** Bad command-line usage or bad input file: one clear line, exit code 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message, null, false, false);
  }
}
