import Foundation
import Dispatch

/// `(0..<count).map(transform)` spread over the cores in contiguous chunks, results in order.
///
/// For work over a whole history (each appointment's instants, its attachments' files) that
/// is independent per element; small inputs run on the calling thread.
public func parallelMap<Value: Sendable>(count: Int, minimumPerChunk: Int = 2_048, _ transform: (Int) -> Value) -> [Value] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count >= minimumPerChunk * 2, cores > 1 else { return (0..<count).map(transform) }
    let chunks = min(cores * 4, count / minimumPerChunk)
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
