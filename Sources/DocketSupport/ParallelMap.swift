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
    parallelMap(count: count, minimumPerChunk: minimumPerChunk, makeState: {}) { _, index in transform(index) }
}

/// `parallelMap` with a state per chunk: `makeState` runs once for each contiguous chunk, on
/// the thread that maps it, and `transform` may use and change it (a cache of what the
/// previous element of the chunk looked up, say) without any lock.
@inlinable
public func parallelMap<State, Value: Sendable>(count: Int, minimumPerChunk: Int = 2_048, makeState: () -> State,
                                               _ transform: (inout State, Int) -> Value) -> [Value] {
    let chunks = parallelShares(count: count, minimumPerShare: minimumPerChunk)
    guard chunks.count > 1 else {
        var state = makeState()
        return (0..<count).map { transform(&state, $0) }
    }
    // Each chunk writes its results straight into its own part of the one result array:
    // no array per chunk to build and then copy (for a timing per appointment of a clinic's
    // history, that copy was the peak of the phase).
    return Array(unsafeUninitializedCapacity: count) { buffer, initializedCount in
        withoutActuallyEscaping(makeState) { makeState in
            withoutActuallyEscaping(transform) { transform in
                // Each chunk makes its own state and initializes only its own range.
                nonisolated(unsafe) let makeState = makeState
                nonisolated(unsafe) let transform = transform
                nonisolated(unsafe) let results = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                    var state = makeState()
                    for index in chunks[chunk] {
                        (results + index).initialize(to: transform(&state, index))
                    }
                }
            }
        }
        initializedCount = count
    }
}

/// `0..<count` cut into consecutive ranges for the cores (as `parallelMap` cuts its work):
/// several per core so a slow share does not hold the others up, none smaller than
/// `minimumPerShare`, one range only on a single core or for little work.
public func parallelShares(count: Int, minimumPerShare: Int) -> [Range<Int>] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count >= minimumPerShare * 2, cores > 1 else { return [0..<count] }
    let shares = min(cores * 8, count / minimumPerShare)
    return (0..<shares).map { share in (count * share / shares)..<(count * (share + 1) / shares) }
}
