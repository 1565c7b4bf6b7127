import Foundation
import Dispatch

/// `(0..<count).map(transform)` spread over the cores in contiguous chunks, results in order.
///
/// The one way docket works in parallel: reading files, walking folders, running rules,
/// each appointment's instants. `transform` must be independent per element (it only reads
/// what it shares). Inputs of fewer than two chunks' worth run on the calling thread; there
/// are up to eight chunks a core, so uneven elements still even out between the cores.
/// Inlinable: it is generic and called on every hot path of other modules, which must
/// specialise it for their element type rather than go through its unspecialised form.
@inlinable
public func parallelMap<Value: Sendable>(count: Int, minimumPerChunk: Int = 2_048, _ transform: (Int) -> Value) -> [Value] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count >= minimumPerChunk * 2, cores > 1 else { return (0..<count).map(transform) }
    let chunks = min(cores * 8, count / minimumPerChunk)
    let results = ResultSlots<[Value]>(count: chunks)
    withoutActuallyEscaping(transform) { transform in
        // Each chunk only reads shared inputs and writes its own slot.
        nonisolated(unsafe) let transform = transform
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            results.set(chunk, range.map(transform))
        }
    }
    var values: [Value] = []
    values.reserveCapacity(count)
    for chunk in results.values() { values += chunk }
    return values
}

/// `parallelMap` with a state per chunk: `makeState` runs once for each contiguous chunk, on
/// the thread that maps it, and `transform` may use and change it (a cache of what the
/// previous element of the chunk looked up, say) without any lock.
@inlinable
public func parallelMap<State, Value: Sendable>(count: Int, minimumPerChunk: Int = 2_048, makeState: () -> State,
                                               _ transform: (inout State, Int) -> Value) -> [Value] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count >= minimumPerChunk * 2, cores > 1 else {
        var state = makeState()
        return (0..<count).map { transform(&state, $0) }
    }
    let chunks = min(cores * 8, count / minimumPerChunk)
    let results = ResultSlots<[Value]>(count: chunks)
    withoutActuallyEscaping(makeState) { makeState in
        withoutActuallyEscaping(transform) { transform in
            // Each chunk makes its own state and writes its own slot.
            nonisolated(unsafe) let makeState = makeState
            nonisolated(unsafe) let transform = transform
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var state = makeState()
                let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
                results.set(chunk, range.map { transform(&state, $0) })
            }
        }
    }
    var values: [Value] = []
    values.reserveCapacity(count)
    for chunk in results.values() { values += chunk }
    return values
}

/// Slots that parallel workers fill, each index written by exactly one worker.
/// `0..<count` cut into consecutive ranges the way `parallelMap` cuts its work: several per
/// core so a slow share does not hold the others up, none smaller than `minimumPerShare`,
/// one range only on a single core or for little work.
public func parallelShares(count: Int, minimumPerShare: Int) -> [Range<Int>] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count >= minimumPerShare * 2, cores > 1 else { return [0..<count] }
    let shares = min(cores * 8, count / minimumPerShare)
    return (0..<shares).map { share in (count * share / shares)..<(count * (share + 1) / shares) }
}

@usableFromInline
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    @usableFromInline
    var storage: UnsafeMutableBufferPointer<Value?>

    @inlinable
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    @inlinable
    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    /// The values set, in index order; read only after every worker finished.
    @inlinable
    func values() -> [Value] {
        storage.compactMap { $0 }
    }
}
