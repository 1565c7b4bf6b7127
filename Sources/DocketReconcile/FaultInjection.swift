import Foundation

/// A crash on demand, for the tests that prove `reconcile` exactly-once: with
/// `DOCKET_FAULT_INJECT="batch 2 flushed"`, the process kills itself (SIGKILL, as a power cut
/// or the OOM killer would end it) when it reaches that point of its outbox writing. The
/// points are `batch N written` (temporary files written), `batch N flushed` (on disk, not
/// yet renamed), `batch N renamed` (under their names, folder not flushed) and
/// `batch N durable`. Unset, nothing happens.
struct FaultInjection {
    let point: String

    static func fromEnvironment() -> FaultInjection? {
        guard let point = ProcessInfo.processInfo.environment["DOCKET_FAULT_INJECT"], !point.isEmpty else { return nil }
        return FaultInjection(point: point)
    }

    func reached(_ name: String) {
        guard name == point else { return }
        kill(getpid(), SIGKILL)
    }
}
