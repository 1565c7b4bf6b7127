import CDocketSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs programs: git, ssh-keygen, a sendmail command.
///
/// Started with posix_spawn (`docket_spawn`) rather than Foundation's `Process`, which on
/// Linux now and then crashes while it starts a program (it reads past a buffer listing
/// /proc/self/fd; swift-corelibs-foundation pull request 5472). `validate --base` starts git
/// several times a run; a crash there would be a red CI for nothing.
public enum ChildProcess {
    public struct Output: Sendable {
        /// The exit status, or the number of the signal that ended the program.
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        /// It ran past its deadline and was stopped (TERM, then KILL, to its process group).
        public var timedOut = false
    }

    public struct LaunchFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs a program to completion: its input written and both outputs read on their own
    /// threads (so neither side can block the other), then its exit awaited.
    ///
    /// With `timeout` (seconds), the program leads a process group of its own; past the
    /// deadline the group gets SIGTERM, `grace` seconds later SIGKILL, and the outputs read
    /// until then are returned with `timedOut` set. A descendant that left the group and
    /// keeps a pipe open does not hold the caller: its output is given up.
    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           input: Data? = nil, environment: [String: String]? = nil,
                           timeout: Double? = nil, grace: Double = 2) throws -> Output {
        let child = try start(executable, arguments, directory: directory, environment: environment,
                              input: input == nil ? .nothing : .pipe, output: .pipe, errors: .pipe, ownGroup: timeout != nil)
        let group = DispatchGroup()
        let outputs = Collected()
        for (descriptor, isError) in [(child.output, false), (child.errors, true)] {
            guard let descriptor else { continue }
            group.enter()
            Thread.detachNewThread {
                let data = readToEnd(descriptor)
                outputs.set(data, isError: isError)
                group.leave()
            }
        }
        if let input, let writer = child.input {
            group.enter()
            Thread.detachNewThread {
                // A program that stops reading early closes the pipe; that is its business.
                input.withUnsafeBytes { bytes in _ = docket_write_all(writer, bytes.baseAddress, bytes.count) }
                close(writer)
                group.leave()
            }
        }
        var timedOut = false
        if let timeout {
            if group.wait(timeout: .now() + max(0, timeout)) == .timedOut {
                timedOut = true
                child.signalGroup(SIGTERM)
                if group.wait(timeout: .now() + grace) == .timedOut {
                    child.signalGroup(SIGKILL)
                    _ = group.wait(timeout: .now() + grace)
                }
            }
        } else {
            group.wait()
        }
        let status = child.wait()
        let (stdout, stderr) = outputs.get()
        return Output(status: status, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// What the reading threads collected, handed over under a lock (after a deadline the
    /// caller may take it while a reader still runs).
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var stdout = Data()
        private var stderr = Data()

        func set(_ data: Data, isError: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if isError { stderr = data } else { stdout = data }
        }

        func get() -> (Data, Data) {
            lock.lock()
            defer { lock.unlock() }
            return (stdout, stderr)
        }
    }

    /// Where a started program's stream goes.
    public enum Stream {
        /// /dev/null.
        case nothing
        /// A pipe whose other end the caller gets (and closes).
        case pipe
    }

    /// A program started and not yet waited for.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        /// The caller's ends of the pipes asked for; the caller reads or writes and closes them.
        public let input: Int32?
        public let output: Int32?
        public let errors: Int32?
        private let lock = NSLock()
        private var status: Int32?

        init(pid: pid_t, input: Int32?, output: Int32?, errors: Int32?) {
            self.pid = pid
            self.input = input
            self.output = output
            self.errors = errors
        }

        /// Sends `signal` to the program, unless it has been waited for.
        public func send(_ signal: Int32) {
            lock.lock()
            defer { lock.unlock() }
            if status == nil { kill(pid, signal) }
        }

        /// Sends `signal` to the program's process group (it was started with `ownGroup`).
        /// The group outlives its leader while a member runs, so this is sent even after
        /// the program itself has ended.
        public func signalGroup(_ signal: Int32) {
            kill(-pid, signal)
        }

        /// Whether it is still running (it is reaped once it has ended).
        public var isRunning: Bool {
            lock.lock()
            defer { lock.unlock() }
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = Self.decode(raw)
            return false
        }

        /// Waits for the program to end: its exit status, or the signal that ended it.
        @discardableResult
        public func wait() -> Int32 {
            lock.lock()
            defer { lock.unlock() }
            if let status { return status }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 {
                guard errno == EINTR else {
                    status = -1
                    return -1
                }
            }
            let decoded = Self.decode(raw)
            status = decoded
            return decoded
        }

        /// The exit status of a normal exit, else the signal number (as Foundation reports it).
        private static func decode(_ raw: Int32) -> Int32 {
            raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
        }
    }

    /// Starts a program without waiting for it.
    public static func start(_ executable: String, _ arguments: [String], directory: String? = nil,
                             environment: [String: String]? = nil,
                             input: Stream = .nothing, output: Stream = .nothing, errors: Stream = .nothing,
                             ownGroup: Bool = false) throws -> Running {
        var toClose: [Int32] = []
        defer { for descriptor in toClose { close(descriptor) } }
        func childEnd(_ stream: Stream, childReads: Bool) throws -> (child: Int32, parent: Int32?) {
            switch stream {
            case .nothing:
                let null = open("/dev/null", (childReads ? O_RDONLY : O_WRONLY) | O_CLOEXEC)
                guard null >= 0 else { throw LaunchFailure(description: "cannot open /dev/null: \(String(cString: strerror(errno)))") }
                toClose.append(null)
                return (null, nil)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard docket_pipe(&ends) == 0 else { throw LaunchFailure(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
                let (child, parent) = childReads ? (ends[0], ends[1]) : (ends[1], ends[0])
                toClose.append(child)
                return (child, parent)
            }
        }
        var parentEnds: [Int32] = []
        do {
            let stdin = try childEnd(input, childReads: true)
            parentEnds += [stdin.parent].compactMap { $0 }
            let stdout = try childEnd(output, childReads: false)
            parentEnds += [stdout.parent].compactMap { $0 }
            let stderr = try childEnd(errors, childReads: false)
            parentEnds += [stderr.parent].compactMap { $0 }
            let argv = ([executable] + arguments).map { strdup($0) }
            defer { for argument in argv { free(argument) } }
            let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
            defer { for entry in envp ?? [] { free(entry) } }
            var pid: pid_t = 0
            let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
                withOptionalNullTerminated(envp) { envpPointer in
                    withOptionalCString(directory) { directoryPointer in
                        docket_spawn(executable, argvBuffer.baseAddress, envpPointer, directoryPointer,
                                     stdin.child, stdout.child, stderr.child, ownGroup ? 1 : 0, &pid)
                    }
                }
            }
            guard result == 0 else {
                throw LaunchFailure(description: "cannot run \(executable): \(String(cString: strerror(result)))")
            }
            return Running(pid: pid, input: stdin.parent, output: stdout.parent, errors: stderr.parent)
        } catch {
            for descriptor in parentEnds { close(descriptor) }
            throw error
        }
    }

    private static func withOptionalNullTerminated<Result>(_ entries: [UnsafeMutablePointer<CChar>?]?,
                                                           _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Result) -> Result {
        guard let entries else { return body(nil) }
        return (entries + [nil]).withUnsafeBufferPointer { body($0.baseAddress) }
    }

    private static func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }

    /// Everything readable from `descriptor` until end of file; closes it.
    public static func readToEnd(_ descriptor: Int32) -> Data {
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }
}
