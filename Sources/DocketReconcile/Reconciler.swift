import DocketMail
import DocketModel
import DocketRules
import DocketSupport
import Foundation

/// `docket reconcile`: validate, plan against the recorded state, write each message to the
/// outbox, then the state — in that order, each file atomically, under a lock.
///
/// Exactly once: a message's file name is its key, so a run killed after writing some
/// messages but before the state finds them on the rerun and writes only what is missing;
/// a message already delivered (`sent/`) or given up on (`failed/`) is never written again.
public enum Reconciler {
    public struct Options: Sendable {
        public var root: String
        public var statePath: String
        public var outbox: String
        public var now: Instant
        public var dryRun: Bool
        public var prune: Bool
        /// The key of `video.linkTemplate`'s rooms (DOCKET_VIDEO_KEY or --video-key-file).
        public var videoKey: [UInt8]?

        public init(root: String, statePath: String? = nil, outbox: String? = nil, now: Instant, dryRun: Bool = false, prune: Bool = false,
                    videoKey: [UInt8]? = nil) {
            self.root = root
            self.statePath = statePath ?? root + "/.docket/state.json"
            self.outbox = outbox ?? root + "/.docket/outbox"
            self.now = now
            self.dryRun = dryRun
            self.prune = prune
            self.videoKey = videoKey
        }
    }

    public enum Outcome: Sendable {
        /// Errors that concern everyone (docket.yaml, a people file, a template): nothing was
        /// planned or written.
        case invalid(ValidationResult)
        /// The plan, and how many messages were written now (others were already there).
        case done(Plan, written: Int)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ options: Options) throws(Failure) -> Outcome {
        let validation: ValidationResult
        do {
            validation = try Validator.validate(root: options.root, options: ValidationOptions(now: options.now))
        } catch {
            throw Failure(description: error.description)
        }
        // Errors that concern everyone stop the run before anything is locked or written. Which
        // they are depends on what the state recorded (a file that no longer parses held its
        // appointments), so it is read here, without the lock, only when there are errors; the
        // locked read below decides again.
        if validation.hasErrors {
            let recorded = (try? RecordedState.load(path: options.statePath)) ?? RecordedState()
            if case .everything = HeldBack.of(validation, state: recorded) { return .invalid(validation) }
        }
        guard let organization = validation.index.repository.organization else {
            throw Failure(description: "the repository has no organization")
        }

        // A video e-mail is never sent without its link: a template needs its key.
        var videoRooms: VideoRooms?
        if let template = organization.videoLinkTemplate?.value {
            guard let key = options.videoKey, !key.isEmpty else {
                throw Failure(description: "docket.yaml sets video.linkTemplate, but no key makes its rooms: set DOCKET_VIDEO_KEY or pass --video-key-file (the key never goes into the repository)")
            }
            guard let rooms = VideoRooms(template: template, key: key) else {
                throw Failure(description: "the video key is \(key.count) bytes; rooms nobody can guess need at least \(VideoRooms.minimumKeyBytes) (e.g. openssl rand -base64 32)")
            }
            videoRooms = rooms
        }

        var lock: FileLock?
        if !options.dryRun {
            do {
                try DurableFile.createFolder((options.statePath as NSString).deletingLastPathComponent)
                lock = try FileLock(path: options.statePath + ".lock")
                try DurableFile.createFolder(options.outbox)
                DurableFile.removeLeftovers(in: options.outbox)
            } catch {
                throw Failure(description: error.description)
            }
        }
        defer { withExtendedLifetime(lock) {} }

        let state: RecordedState
        do {
            state = try PhaseTimer.measure("state") { () throws(RecordedState.LoadError) in try RecordedState.load(path: options.statePath) }
        } catch {
            throw Failure(description: error.description)
        }
        // Errors in appointment files hold back those appointments (and the ones their findings
        // name); the rest of the clinic's mail still goes out.
        let held = HeldBack.of(validation, state: state)
        if case .everything = held { return .invalid(validation) }
        let plan = PhaseTimer.measure("plan") {
            Planner.plan(index: validation.index, state: state, now: options.now, prune: options.prune, held: held)
        }
        guard !options.dryRun else { return .done(plan, written: 0) }

        let renderer = MessageRenderer(organization: organization, policy: validation.index.repository.policy,
                                       templates: validation.templates, root: validation.index.repository.root, now: options.now,
                                       videoRooms: videoRooms)
        // Each message is written unless it is already in the outbox, sent/ or failed/, under
        // its key or under the key an earlier docket gave it (see MessageKey.legacy): the three
        // folders are listed once, not asked about per message.
        let present = plan.messages.isEmpty ? [] : PhaseTimer.measure("outbox listing") { Self.names(in: options.outbox) }
        let missing = plan.messages.filter { !present.contains($0.key + ".eml") && !present.contains($0.legacyKey + ".eml") }
        let checkpoint = FaultInjection.fromEnvironment()
        var written = 0
        do {
            // Rendered on all cores and made durable a batch at a time; every message is on
            // disk under its name before the state that records it is written. While one
            // batch goes to disk (mostly the kernel's work, on one thread), the next renders.
            let batches = stride(from: 0, to: missing.count, by: Self.batchSize).map { $0..<min($0 + Self.batchSize, missing.count) }
            let render = { @Sendable (range: Range<Int>) in
                parallelMap(count: range.count, minimumPerChunk: 32) { offset -> (name: String, data: Data) in
                    let message = missing[range.lowerBound + offset]
                    return (message.key + ".eml", renderer.render(message))
                }
            }
            var rendered = batches.first.map(render) ?? []
            for (number, _) in batches.enumerated() {
                let next = number + 1 < batches.count ? BackgroundValue { render(batches[number + 1]) } : nil
                try DurableFile.writeBatch(rendered, in: options.outbox) { step in checkpoint?.reached("batch \(number + 1) \(step)") }
                checkpoint?.reached("batch \(number + 1) durable")
                written += rendered.count
                rendered = next?.value ?? []
            }
            if plan.stateChanged {
                try DurableFile.write(plan.state.encoded(), to: options.statePath)
            }
        } catch {
            throw Failure(description: error.description)
        }
        return .done(plan, written: written)
    }

    /// Messages rendered and made durable together: enough to spread over the cores and to
    /// make one flush of the disk cheap per message, few enough to hold in memory (a message
    /// is about 5 KB).
    static let batchSize = ProcessInfo.processInfo.environment["DOCKET_OUTBOX_BATCH"].flatMap(Int.init).map { max(1, $0) } ?? 2_048

    /// Folders of the outbox where a message that was once written may now be.
    public static let deliveredFolders = ["sent", "failed"]

    /// The names of the files in the outbox and in its delivered folders.
    static func names(in outbox: String) -> Set<String> {
        var names = Set<String>()
        for folder in [outbox] + deliveredFolders.map({ outbox + "/" + $0 }) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { names.insert(name) }
        }
        return names
    }

    /// The path of a message in the outbox.
    public static func messagePath(_ message: PlannedMessage, outbox: String) -> String {
        outbox + "/" + message.key + ".eml"
    }
}
