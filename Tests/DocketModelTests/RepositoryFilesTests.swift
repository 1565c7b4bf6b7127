@testable import DocketModel
import DocketSupport
import Foundation
import Testing

/// The one door for repository content, path by path: what it reads, and what it refuses and why.
@Suite struct RepositoryFilesTests {
    /// A folder with `inside/` as the repository and `outside/secret.txt` beside it.
    final class Layout {
        let folder = NSTemporaryDirectory() + "docket-files-" + UUID().uuidString
        var root: String { folder + "/inside" }

        init() throws {
            try FileManager.default.createDirectory(atPath: root + "/forms/v2", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/outside", withIntermediateDirectories: true)
            try "form".write(toFile: root + "/forms/v2/intake.pdf", atomically: true, encoding: .utf8)
            try "secret".write(toFile: folder + "/outside/secret.txt", atomically: true, encoding: .utf8)
        }

        func link(_ path: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    static func text(_ result: Result<[UInt8], ContentRefusal>) -> String? {
        (try? result.get()).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func plainFilesAndLinksThatStayInsideAreRead() throws {
        let layout = try Layout()
        try layout.link("relative.pdf", to: "forms/v2/intake.pdf")
        try layout.link("absolute.pdf", to: layout.root + "/forms/v2/intake.pdf")
        try layout.link("forms/back.pdf", to: "../forms/./v2/intake.pdf")
        try layout.link("current", to: "forms/v2")
        try layout.link("chain.pdf", to: "relative.pdf")
        let files = RepositoryFiles(root: layout.root)
        for path in ["forms/v2/intake.pdf", "relative.pdf", "absolute.pdf", "forms/back.pdf", "current/intake.pdf", "chain.pdf", "./forms//v2/intake.pdf"] {
            #expect(Self.text(files.read(path, limit: 100)) == "form", "\(path)")
        }
        #expect(try files.names(inFolder: "current").get() == ["intake.pdf"])
        #expect(try files.size(of: "current/intake.pdf").get() == 4)
    }

    @Test func everyWayOutIsRefused() throws {
        let layout = try Layout()
        try layout.link("direct.txt", to: layout.folder + "/outside/secret.txt")
        try layout.link("climbing.txt", to: "../outside/secret.txt")
        try layout.link("forms/deep.txt", to: "../../outside/secret.txt")
        try layout.link("sneaky.txt", to: layout.root + "/../outside/secret.txt")
        try layout.link("elsewhere", to: layout.folder + "/outside")
        try layout.link("environment", to: "/proc/self/environ")
        let files = RepositoryFiles(root: layout.root)
        for path in ["direct.txt", "climbing.txt", "forms/deep.txt", "sneaky.txt", "elsewhere/secret.txt", "environment", "/etc/passwd", "../outside/secret.txt"] {
            guard case .failure(.outside) = files.read(path, limit: 100) else {
                Issue.record("\(path) was not refused as outside")
                continue
            }
        }
        guard case .failure(.outside) = files.names(inFolder: "elsewhere") else {
            Issue.record("a folder link out was listed")
            return
        }
    }

    @Test func whatIsNoPlainFileIsRefusedWithoutWaiting() throws {
        let layout = try Layout()
        #expect(mkfifo(layout.root + "/pipe.yaml", 0o644) == 0)
        try layout.link("loop-a", to: "loop-b")
        try layout.link("loop-b", to: "loop-a")
        try layout.link("dangling", to: "nowhere.pdf")
        try Data(repeating: 65, count: 101).write(to: URL(fileURLWithPath: layout.root + "/big.txt"))
        try Data([0x61, 0xFF, 0x62]).write(to: URL(fileURLWithPath: layout.root + "/latin1.txt"))
        let files = RepositoryFiles(root: layout.root)
        #expect(files.read("pipe.yaml", limit: 100) == .failure(.notRegularFile("a FIFO (named pipe)")))
        #expect(files.read("forms", limit: 100) == .failure(.notRegularFile("a folder")))
        #expect(files.read("loop-a", limit: 100) == .failure(.tooManyLinks))
        #expect(files.read("dangling", limit: 100) == .failure(.missing))
        #expect(files.read("forms/v2/intake.pdf/x", limit: 100) == .failure(.missing))
        #expect(files.read("big.txt", limit: 100) == .failure(.tooLarge(size: 101, limit: 100)))
        #expect(files.read("latin1.txt", limit: 100, utf8: true) == .failure(.notUTF8(offset: 1, byte: 0xFF)))
        #expect(Self.text(files.read("latin1.txt", limit: 100)) != nil)
        #expect(files.names(inFolder: "forms/v2/intake.pdf") == .failure(.notAFolder))
        #expect(files.names(inFolder: "none") == .failure(.missing))
    }

    @Test(.enabled(if: geteuid() == 0, "mknod needs root"))
    func aDeviceIsNeverRead() throws {
        let layout = try Layout()
        #expect(mknod(layout.root + "/zero.yaml", S_IFCHR | 0o644, 0x105 /* makedev(1, 5): /dev/zero */) == 0)
        #expect(RepositoryFiles(root: layout.root).read("zero.yaml", limit: 100) == .failure(.notRegularFile("a character device")))
    }

    @Test func aRootThatIsMissingReadsAsMissing() {
        let files = RepositoryFiles(root: "/nonexistent-" + UUID().uuidString)
        #expect(files.read("state.json", limit: 100) == .failure(.missing))
    }

    /// `café` written with one code point and with `e` and a combining accent are equal as
    /// Swift text but two folders on disk: each file is read from its own folder, through one
    /// cursor (as the loader reads them, one after the other) and through the shared cache.
    @Test func foldersWhoseNamesAreEqualOnlyAsTextStayApart() throws {
        let layout = try Layout()
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        for (folder, text) in [(composed, "one"), (decomposed, "two")] {
            try FileManager.default.createDirectory(atPath: layout.root + "/" + folder, withIntermediateDirectories: true)
            try text.write(toFile: layout.root + "/" + folder + "/\(text).yaml", atomically: true, encoding: .utf8)
        }
        let files = RepositoryFiles(root: layout.root)
        var cursor = files.cursor()
        #expect(Self.text(cursor.read(composed + "/one.yaml", limit: 100)) == "one")
        #expect(Self.text(cursor.read(decomposed + "/two.yaml", limit: 100)) == "two")
        var other = files.cursor()
        #expect(Self.text(other.read(decomposed + "/two.yaml", limit: 100)) == "two")
        #expect(Self.text(other.read(composed + "/one.yaml", limit: 100)) == "one")
    }
}
