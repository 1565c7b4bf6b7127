import DocketSupport
import Foundation
import Testing

/// Programs started through posix_spawn: what they get, what comes back.
@Suite struct ChildProcessTests {
    @Test func outputErrorsAndStatusComeBackApart() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"])
        #expect(String(decoding: result.stdout, as: UTF8.self) == "out")
        #expect(String(decoding: result.stderr, as: UTF8.self) == "err")
        #expect(result.status == 3)
    }

    @Test func inputDirectoryAndEnvironmentReachTheProgram() throws {
        let folder = NSTemporaryDirectory() + "docket-child-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0) })
        let result = try ChildProcess.run("/bin/sh", ["-c", "pwd; echo \"$ONLY\"; wc -c"], directory: folder,
                                          input: input, environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"])
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines == [URL(fileURLWithPath: folder).resolvingSymlinksInPath().path, "this", "300000"])
        #expect(result.status == 0)
    }

    /// A sendmail command that exits without reading its message: an error for the caller to
    /// see in the status, never a SIGPIPE that ends docket.
    @Test func aProgramThatReadsNothingDoesNotKillTheWriter() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "exit 7"], input: Data(count: 4 << 20))
        #expect(result.status == 7)
    }

    @Test func aProgramEndedBySignalReportsTheSignal() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "kill -KILL $$"])
        #expect(result.status == SIGKILL)
    }

    /// Only the three standard streams reach the program: none of docket's own descriptors
    /// (an open repository folder, a lock file) leak into git or a sendmail command.
    @Test func noDescriptorOfDocketsReachesTheProgram() throws {
        let held = open("/dev/null", O_RDONLY)
        defer { close(held) }
        #expect(held > 2)
        let result = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/self/fd"])
        let descriptors = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        // ls itself holds one more open while it lists the folder.
        #expect(descriptors.filter { $0 > 2 }.count <= 1, "\(descriptors)")
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        #expect(throws: ChildProcess.LaunchFailure.self) {
            try ChildProcess.run("/nonexistent/program-" + UUID().uuidString, [])
        }
    }

    @Test func aStartedProgramCanBeKilledAndWaitedFor() throws {
        let child = try ChildProcess.start("/bin/sleep", ["30"])
        #expect(child.isRunning)
        child.send(SIGKILL)
        #expect(child.wait() == SIGKILL)
        #expect(!child.isRunning)
    }
}
