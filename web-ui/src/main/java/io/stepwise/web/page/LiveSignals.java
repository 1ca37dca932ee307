package io.stepwise.web.page;

/**
 * Extension point: tells live pages that something they show may have changed (an execution or a
 * task, on any server). The signal carries nothing: each page fetches its own fragment again in a
 * request of its own, so what it shows is authorized as every page is. Without one, live pages are
 * signalled on a timer.
 */
public interface LiveSignals {
  /** Calls the listener (quickly, on any thread) after each change until the handle is closed. */
  AutoCloseable onChange(Runnable listener);
}
