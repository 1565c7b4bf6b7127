import Foundation
import DocketSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an attachment's `path` leads, judged through the repository's safe door: an
/// attachment is sent to people, so it must never be a file from outside the repository.
public enum AttachmentFile: Sendable, Equatable {
    /// A plain file inside the repository, of this size in bytes.
    case file(size: Int)
    /// Absolute, has a `..` component, or leads (through symbolic links) outside the root.
    case outside(reason: String)
    case missing
    /// A folder, FIFO, socket or device: what it is.
    case notAFile(String)
    /// The system would not let docket read it.
    case unreadable(String)

    public static func resolve(_ path: String, in files: RepositoryFiles) -> AttachmentFile {
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return .outside(reason: "is an absolute path; write it relative to the repository root, e.g. attachments/intake-form.pdf")
        }
        if path.contains("\\") {
            return .outside(reason: "contains '\\'; separate folders with '/'")
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return .outside(reason: "contains '..'; attachments must be files of this repository")
        }
        switch files.size(of: path) {
        case .success(let size): return .file(size: size)
        case .failure(.missing), .failure(.notAFolder): return .missing
        case .failure(.outside(let how)): return .outside(reason: "\(how), outside the repository; attach a file committed in the repository")
        case .failure(.notRegularFile(let kind)): return .notAFile(kind)
        case .failure(let refusal): return .unreadable(refusal.description)
        }
    }
}
