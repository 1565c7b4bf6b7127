import Foundation

/// A value worked out on another thread while this one goes on; `value` waits for it.
/// For overlapping two pieces of work that do not depend on each other (rendering the next
/// batch of messages while one is written; asking git about a base while the work tree loads).
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before `done` is signalled, read only after waiting for it.
    private var result: Value?

    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    public var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}
