import DocketModel
import DocketSupport
import Foundation

/// Runs the built `docket` binary, as CI and users do.
public enum DocketProcess {
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `docket` binary built beside the test bundle.
    public static var executable: String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // On macOS the test binary sits inside a .xctest bundle.
        while folder.path.contains(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("docket").path
    }

    public static func run(_ arguments: [String], in directory: String? = nil, input: Data? = nil,
                           environment: [String: String] = [:]) throws -> Output {
        try runProgram(executable, arguments, in: directory, input: input, environment: environment)
    }

    public static func runProgram(_ program: String, _ arguments: [String], in directory: String? = nil,
                                  input: Data? = nil, environment: [String: String] = [:]) throws -> Output {
        TestTools.checked
        // The example organisation makes video rooms (video.linkTemplate), whose key a CI
        // secret gives; a test that means to run without one passes DOCKET_VIDEO_KEY "".
        let base = ProcessInfo.processInfo.environment.merging(["DOCKET_VIDEO_KEY": testVideoKey]) { mine, _ in mine }
        let output = try ChildProcess.run(program, arguments, directory: directory, input: input,
                                          environment: base.merging(environment) { _, new in new })
        return Output(status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self),
                      stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    /// The video rooms' key the tests' docket runs get.
    public static let testVideoKey = "test-video-key-0123456789abcdef"

    /// The package's root folder (for samples/, schema/ and the test scripts).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url = url.deletingLastPathComponent() }
        return url.path
    }
}
