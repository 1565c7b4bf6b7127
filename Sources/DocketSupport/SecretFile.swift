import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small file holding a secret (the video rooms' key, the SMTP password), named by the
/// person or CI job running docket. Links are followed (mounted secrets are links), but only
/// a plain file is read: a FIFO would hang the run and a device such as /dev/zero would fill
/// memory. Nothing of what the file holds is ever put in a message.
public enum SecretFile {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file's text, at most `limit` bytes.
    public static func read(_ path: String, limit: Int = 4_096) throws(Refusal) -> String {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Refusal(description: "cannot open it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Refusal(description: "cannot read it: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Refusal(description: "it is \(RepositoryFiles.kind(of: info.st_mode)), not a plain file") }
        guard Int(info.st_size) <= limit else { throw Refusal(description: "it is larger than \(limit) bytes; a key or password file holds one line") }
        switch RepositoryFiles.readAll(descriptor, expected: Int(info.st_size), limit: limit) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { throw Refusal(description: "it is not UTF-8 text") }
            return text
        case .failure(let refusal):
            throw Refusal(description: refusal.description)
        }
    }
}
