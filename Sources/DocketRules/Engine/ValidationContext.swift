import DocketCore

/// What rules judge: the repository, its indexes, the moment of the run and its policy.
public struct ValidationContext: Sendable {
    public let index: RepositoryIndex
    public let now: Instant
    /// Each appointment's attachments, resolved once (the three attachment rules share them).
    public let attachmentFiles: [[AttachmentFile?]]

    public init(index: RepositoryIndex, now: Instant) {
        self.index = index
        self.now = now
        let root = index.repository.root
        attachmentFiles = index.repository.appointments.map { appointment in
            appointment.attachments.map { attachment in
                attachment.path.map { AttachmentFile.resolve($0.value, root: root) }
            }
        }
    }

    public var repository: Repository { index.repository }
    public var policy: Policy { repository.policy }
}
