#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time per phase of a run, printed to standard error when `DOCKET_PHASES` is set.
///
/// `bench/` uses it to say where the time goes (`DOCKET_PHASES=1 docket validate …`); it costs
/// one `getenv` when unset.
public enum PhaseTimer {
    public static let isEnabled = getenv("DOCKET_PHASES") != nil

    /// Runs `body` and, when enabled, prints `phase <name>: <ms> ms`.
    @inlinable
    public static func measure<Result, Failure: Error>(
        _ name: StaticString, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard isEnabled else { return try body() }
        let start = monotonicSeconds()
        defer { report("\(name)", since: start) }
        return try body()
    }

    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public static func report(_ name: String, since start: Double) {
        let milliseconds = Int((monotonicSeconds() - start) * 1000)
        let line = Array("phase \(name): \(milliseconds) ms, resident \(residentMegabytes()) MB\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// The process's resident memory now, from /proc (0 where there is none).
    static func residentMegabytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }
}
