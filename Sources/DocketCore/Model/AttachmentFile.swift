import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an attachment's `path` leads, judged safely: an attachment is sent to people, so
/// it must never be a file from outside the repository.
public enum AttachmentFile: Sendable, Equatable {
    /// A regular file inside the repository, at this absolute path, of this size in bytes.
    case file(absolutePath: String, size: Int)
    /// Absolute, has a `..` component, or resolves (through symbolic links) outside the root.
    case outside(reason: String)
    case missing
    case notAFile

    public static func resolve(_ path: String, root: String) -> AttachmentFile {
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return .outside(reason: "is an absolute path; write it relative to the repository root, e.g. attachments/intake-form.pdf")
        }
        if path.contains("\\") {
            return .outside(reason: "contains '\\'; separate folders with '/'")
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return .outside(reason: "contains '..'; attachments must be files of this repository")
        }
        // Resolve the longest part of the path that exists: a link out of the repository is
        // refused even when the file beyond it is missing.
        var components = path.split(separator: "/").map(String.init)
        var missing: [String] = []
        var resolved: String?
        while resolved == nil {
            let candidate = ([root] + components).joined(separator: "/")
            if let real = realpath(candidate, nil) {
                resolved = String(cString: real)
                free(real)
            } else if components.isEmpty {
                return .missing
            } else {
                missing.insert(components.removeLast(), at: 0)
            }
        }
        guard let resolved, RepositoryLoader.isInside(resolved, root: root) else {
            return .outside(reason: "leads through a symbolic link to \(resolved ?? "?"), outside the repository")
        }
        guard missing.isEmpty else { return .missing }
        var info = stat()
        guard stat(resolved, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notAFile }
        return .file(absolutePath: resolved, size: Int(info.st_size))
    }
}
