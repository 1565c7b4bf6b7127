import DocketModel
import DocketYAML

/// One input: parsed with libyaml into docket's node tree, every document decoded into the
/// model, every appointment's times resolved. Any crash, hang or runaway memory is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let repository = RepositoryLoader.load(contents: [(path: "appointments/fuzz.yaml", bytes: bytes)], root: "/nonexistent")
    _ = RepositoryIndex(repository).timings.count
    return 0
}
