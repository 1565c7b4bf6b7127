import Foundation

/// "sent 1200/31000" while a long job runs, in proportion to who reads it.
///
/// On a terminal it is one live line, rewritten in place (`\r`) at most ten times a second and
/// ended when the job ends. Anywhere else (a CI log) a rewritten line would become thousands of
/// lines, so it prints a whole line at most once every `interval` seconds, and nothing at all
/// for a job shorter than that: the job's own summary follows anyway.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let live: Bool
    private let interval: Double
    private let clock: @Sendable () -> Double
    private var last: Double
    private var shown = false

    /// - Parameters:
    ///   - live: rewrite one line (a terminal) rather than print occasional lines.
    ///   - interval: seconds between lines when not live.
    public init(live: Bool, interval: Double = 5, clock: @escaping @Sendable () -> Double = PhaseTimer.monotonicSeconds,
                write: @escaping @Sendable (String) -> Void) {
        self.live = live
        self.interval = interval
        self.clock = clock
        self.write = write
        last = clock()
    }

    /// A progress line on standard error, live when standard error is a terminal.
    public static func standardError(interval: Double = 5) -> ProgressLine {
        ProgressLine(live: isatty(STDERR_FILENO) == 1, interval: interval) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Reports that `done` of `total` are done; `text` is what is shown, e.g. `sent 3/40`.
    public func update(done: Int, total: Int, _ text: @autoclosure () -> String) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        if live {
            guard done == total || now - last >= 0.1 else { return }
            last = now
            shown = true
            write("\r\u{1B}[K" + text())
            if done == total { finishLocked() }
        } else {
            guard done < total, now - last >= interval else { return }
            last = now
            write(text() + "\n")
        }
    }

    /// Ends a live line (so the next output starts on its own line).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        finishLocked()
    }

    private func finishLocked() {
        if live && shown {
            write("\n")
            shown = false
        }
    }
}
