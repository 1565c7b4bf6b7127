import Foundation

/// Runs a program to completion: its input written and both outputs read on their own
/// threads (so neither side can block the other), and its exit awaited without
/// `waitUntilExit`, which polls every 50 ms on Linux.
public enum ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
    }

    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           input: Data? = nil, environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input {
            let writer = stdin.fileHandleForWriting
            group.enter()
            DispatchQueue.global().async {
                // A program that stops reading early closes the pipe; that is its business.
                try? writer.write(contentsOf: input)
                try? writer.close()
                group.leave()
            }
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        exited.wait()
        return Output(status: process.terminationStatus, stdout: outputData, stderr: errorData)
    }
}
