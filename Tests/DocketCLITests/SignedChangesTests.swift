import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `validate --verify-signatures` and `docket diff`'s signers, with real git, real keys made by
/// ssh-keygen and real signed commits.
@Suite struct SignedChangesTests {
    static let now = "2026-12-01T12:00:00Z"
    static let keys = TestSigningKeys.shared

    static func appointment(_ id: String, clinician: String = "dr-lee", start: String) -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: \(clinician)\nclient: jane\nstart: \(start)\nduration: 50m\n"
    }

    static func coordinator(keys names: [String]) throws -> String {
        "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\nsigningKeys:\n"
            + (try names.map { "  - \(try keys.publicKey($0))\n" }.joined())
    }

    static func clinician(_ id: String, name: String, email: String, keys names: [String]) throws -> String {
        "apiVersion: docket/v1\nkind: Clinician\nid: \(id)\nname: \(name)\nemail: \(email)\ntimezone: America/Toronto\n"
            + (names.isEmpty ? "" : "signingKeys:\n" + (try names.map { "  - \(try keys.publicKey($0))\n" }.joined()))
    }

    /// The sample people with keys (sam: coordinator, dr-lee and dr-kim: clinicians), one
    /// appointment each for dr-lee and dr-kim, committed on `main` and tagged `base`.
    static func repository() throws -> TemporaryRepository {
        var files = RuleExample.baseFiles
        files["coordinators/sam.yaml"] = try coordinator(keys: ["sam"])
        files["clinicians/dr-lee.yaml"] = try clinician("dr-lee", name: "Dr. Ada Lee", email: "ada.lee@maple.example", keys: ["dr-lee"])
        files["clinicians/dr-kim.yaml"] = try clinician("dr-kim", name: "Dr. Min Kim", email: "min.kim@maple.example", keys: ["dr-kim"])
        files["appointments/a-lee.yaml"] = appointment("a-lee", start: "2026-12-03T10:00")
        files["appointments/a-kim.yaml"] = appointment("a-kim", clinician: "dr-kim", start: "2026-12-03T14:00")
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.git("tag", "base")
        return repository
    }

    func validate(_ repository: TemporaryRepository, base: String = "base") throws -> DocketProcess.Output {
        try DocketProcess.run(["validate", repository.root, "--base", base, "--verify-signatures", "--now", Self.now])
    }

    func codes(_ output: DocketProcess.Output) -> [String] {
        output.stdout.split(separator: "\n").compactMap { line in
            guard let open = line.range(of: ": ["), let close = line[open.upperBound...].firstIndex(of: "]") else { return nil }
            return line.split(separator: ":").first.map { "\($0) \(line[open.upperBound..<close])" }
        }
    }

    @Test func aCoordinatorsSignedChangeToAnythingPasses() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-04T14:00"), to: "appointments/a-kim.yaml")
        try repository.write(RuleExample.baseFiles["docket.yaml"]! + "policy:\n  bufferMinutes: 10\n", to: "docket.yaml")
        try repository.write("Dear {{recipientName}}, see you {{when}}.\n", to: "templates/confirm.client.txt")
        try repository.commit("Move a-kim, buffer, wording", signedBy: "sam")
        let output = try validate(repository)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }

    @Test func aClinicianMayChangeTheirOwnAppointmentButNotAnothers() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move my appointment", author: "Ada Lee <ada.lee@maple.example>", signedBy: "dr-lee")
        let own = try validate(repository)
        #expect(own.status == 0, "\(own.stdout)\(own.stderr)")

        try repository.write(Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-05T14:00"), to: "appointments/a-kim.yaml")
        try repository.commit("Move Min's appointment", author: "Ada Lee <ada.lee@maple.example>", signedBy: "dr-lee")
        let other = try validate(repository)
        #expect(other.status == 1)
        #expect(codes(other) == ["appointments/a-kim.yaml unauthorized-change"], "\(other.stdout)")
        #expect(other.stdout.contains("is signed by Dr. Ada Lee (clinician dr-lee)"), "\(other.stdout)")
    }

    /// The address in a commit is a claim; the signature decides who made it.
    @Test func aCommitWithACoordinatorsAddressSignedByAClinicianIsTheClinicians() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-05T14:00"), to: "appointments/a-kim.yaml")
        try repository.commit("Move a-kim", author: "Sam Ortiz <sam@maple.example>", signedBy: "dr-lee")
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-kim.yaml unauthorized-change"], "\(output.stdout)")
        // --author alone would have believed the address.
        let claimed = try DocketProcess.run(["validate", repository.root, "--base", "base", "--author", "sam@maple.example", "--now", Self.now])
        #expect(claimed.status == 0, "\(claimed.stdout)")
    }

    /// A good last commit does not vouch for the ones before it.
    @Test func anUnsignedCommitBetweenTwoSignedOnesIsReportedOnItsFiles() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("signed 1", signedBy: "sam")
        try repository.write(Self.appointment("a-new", start: "2026-12-07T10:00"), to: "appointments/a-new.yaml")
        try repository.write("# not a docket file\n", to: "NOTES.md")
        try repository.commit("unsigned", author: "Mallory <sam@maple.example>")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T11:00"), to: "appointments/a-lee.yaml")
        try repository.commit("signed 2", signedBy: "sam")
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-new.yaml unsigned-change"], "\(output.stdout)")
        let sha = try repository.git("rev-parse", "HEAD~1").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(output.stdout.contains("commit \(sha.prefix(12)) (\"unsigned\") (author sam@maple.example) changed this file, but it is not signed"), "\(output.stdout)")
    }

    /// A new colleague's key counts once a coordinator's commit adding it is merged, not in the
    /// branch that adds it.
    @Test func aKeyAddedInTheSameBranchDoesNotCount() throws {
        let repository = try Self.repository()
        try repository.write(try Self.clinician("dr-new", name: "Dr. Noor Ahmed", email: "noor@maple.example", keys: ["dr-new"]), to: "clinicians/dr-new.yaml")
        try repository.commit("Add Dr. Ahmed", signedBy: "sam")
        try repository.write(Self.appointment("a-noor", clinician: "dr-new", start: "2026-12-08T10:00"), to: "appointments/a-noor.yaml")
        try repository.commit("My first appointment", signedBy: "dr-new")
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-noor.yaml unknown-signer"], "\(output.stdout)")
        let fingerprint = try DocketProcess.runProgram("/usr/bin/env", ["ssh-keygen", "-l", "-f", Self.keys.privateKeyPath("dr-new") + ".pub"])
        let printed = try #require(fingerprint.stdout.split(separator: " ").dropFirst().first)
        #expect(output.stdout.contains("signed by key \(printed)"), "\(output.stdout)")

        // Once the coordinator's commit is the base, the same commit passes.
        let after = try validate(repository, base: "HEAD~1")
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test func aKeyNobodyListsIsAnUnknownSigner() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move", author: "Ada Lee <ada.lee@maple.example>", signedBy: "stranger")
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-lee.yaml unknown-signer"], "\(output.stdout)")
    }

    @Test func aMergeThatOnlyJoinsItsParentsNeedsNoSignature() throws {
        let repository = try Self.repository()
        try repository.git("checkout", "-q", "-b", "lee")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("lee", signedBy: "dr-lee")
        try repository.git("checkout", "-q", "main")
        try repository.write(Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-04T14:00"), to: "appointments/a-kim.yaml")
        try repository.commit("kim", signedBy: "dr-kim")
        try repository.git("merge", "-q", "--no-edit", "--no-gpg-sign", "lee")
        #expect(try repository.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
        let output = try validate(repository)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }

    /// A conflict resolution is a change of the merge's own: it must be signed, and is
    /// judged by its signer.
    @Test(arguments: [nil, "sam", "dr-kim"] as [String?])
    func aMergeWithAConflictResolutionIsJudgedLikeAnyCommit(signer: String?) throws {
        let repository = try Self.repository()
        try repository.git("checkout", "-q", "-b", "lee")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("lee: Friday", signedBy: "dr-lee")
        try repository.git("checkout", "-q", "main")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T14:00"), to: "appointments/a-lee.yaml")
        try repository.commit("sam: Friday afternoon", signedBy: "sam")
        _ = try? repository.git("merge", "-q", "--no-edit", "lee")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T15:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Merge lee", signedBy: signer)
        let output = try validate(repository)
        switch signer {
        case nil:
            #expect(output.status == 1)
            #expect(codes(output) == ["appointments/a-lee.yaml unsigned-change"], "\(output.stdout)")
        case "sam":
            #expect(output.status == 0, "\(output.stdout)")
        default:
            // dr-kim resolved a conflict in dr-lee's appointment.
            #expect(output.status == 1)
            #expect(codes(output) == ["appointments/a-lee.yaml unauthorized-change"], "\(output.stdout)")
        }
    }

    /// A commit rewritten after signing (same signature, other content) has a bad signature.
    @Test func aTamperedCommitHasNoGoodSignature() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move a-lee", signedBy: "sam")
        // Point the signed commit at another tree, keeping its signature.
        try repository.write(Self.appointment("a-lee", start: "2026-12-25T03:00"), to: "appointments/a-lee.yaml")
        try repository.git("add", "-A")
        let tree = try repository.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        let original = try repository.git("cat-file", "commit", "HEAD")
        let forged = original.replacingOccurrences(of: #"^tree [0-9a-f]+"#, with: "tree \(tree)", options: .regularExpression)
        try repository.write(forged, to: ".git/forged-commit")
        let sha = try repository.git("hash-object", "-t", "commit", "-w", ".git/forged-commit").trimmingCharacters(in: .whitespacesAndNewlines)
        try repository.git("reset", "-q", "--hard", sha)
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-lee.yaml unsigned-change"], "\(output.stdout)")
        #expect(output.stdout.contains("changed after it was signed"), "\(output.stdout)")
    }

    @Test func editsNotCommittedAreUnsigned() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        let output = try validate(repository)
        #expect(output.status == 1)
        #expect(codes(output) == ["appointments/a-lee.yaml unsigned-change"], "\(output.stdout)")
        #expect(output.stdout.contains("the uncommitted edits change this file"), "\(output.stdout)")
    }

    /// A key two people list would make its signatures ambiguous: it counts for neither.
    @Test func aKeyListedByTwoPeopleCountsForNeither() throws {
        let repository = try Self.repository()
        // At the base, dr-kim also lists sam's key.
        try repository.write(try Self.clinician("dr-kim", name: "Dr. Min Kim", email: "min.kim@maple.example", keys: ["dr-kim", "sam"]), to: "clinicians/dr-kim.yaml")
        try repository.commit("shared key", signedBy: "sam")
        try repository.git("tag", "-f", "base2")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move", signedBy: "sam")
        let output = try validate(repository, base: "base2")
        #expect(output.status == 1)
        #expect(Set(codes(output)) == ["appointments/a-lee.yaml unknown-signer", "coordinators/sam.yaml duplicate-signing-key"], "\(output.stdout)")
    }

    @Test func couldNotRunWithoutBaseOrRevisionOrSSHKeygen() throws {
        let repository = try Self.repository()
        let noBase = try DocketProcess.run(["validate", repository.root, "--verify-signatures"])
        #expect(noBase.status == 2)
        #expect(noBase.stderr.contains("--verify-signatures needs --base"), "\(noBase.stderr)")
        let noRevision = try validate(repository, base: "no-such-branch")
        #expect(noRevision.status == 2)
        #expect(noRevision.stderr.contains("'no-such-branch' does not exist"), "\(noRevision.stderr)")

        // A PATH with git but no ssh-keygen.
        let bin = repository.root + "/.bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let git = try DocketProcess.runProgram("/usr/bin/env", ["sh", "-c", "command -v git"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createSymbolicLink(atPath: bin + "/git", withDestinationPath: git)
        let noKeygen = try DocketProcess.run(["validate", repository.root, "--base", "base", "--verify-signatures", "--now", Self.now],
                                             environment: ["PATH": bin])
        #expect(noKeygen.status == 2)
        #expect(noKeygen.stderr.contains("needs ssh-keygen"), "\(noKeygen.stderr)")
    }

    @Test func diffSaysWhoSignedEachChange() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move a-lee", signedBy: "dr-lee")
        try repository.write(Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-04T14:00"), to: "appointments/a-kim.yaml")
        try repository.commit("Move a-kim")
        let lee = try repository.git("rev-parse", "HEAD~1").prefix(12)
        let kim = try repository.git("rev-parse", "HEAD").prefix(12)
        let text = try DocketProcess.run(["diff", repository.root, "--base", "base"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\(lee) signed by Dr. Ada Lee (clinician dr-lee)"), "\(text.stdout)")
        #expect(text.stdout.contains("\(kim) NOT SIGNED"), "\(text.stdout)")
        let json = try DocketProcess.run(["diff", repository.root, "--base", "base", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["changes"] as? [[String: Any]])
        let lees = try #require(entries.first { $0["appointment"] as? String == "a-lee" }?["commits"] as? [[String: Any]])
        #expect(lees.count == 1)
        #expect(lees.first?["signature"] as? String == "good")
        #expect((lees.first?["signer"] as? [String: Any])?["id"] as? String == "dr-lee")
        let markdown = try DocketProcess.run(["diff", repository.root, "--base", "base", "--format", "markdown"])
        #expect(markdown.stdout.contains("| signed by |"), "\(markdown.stdout)")
    }
}

extension SignedChangesTests {
    /// The end-to-end flow docs/signing.md describes, on a copy of samples/, with the answers
    /// the script expects at each step (it exits non-zero on any other).
    @Test func theSampleSignedFlowRunsAsDocumented() throws {
        let output = try DocketProcess.runProgram(DocketProcess.packageRoot + "/examples/signed-flow.sh", [],
                                                  environment: ["DOCKET": DocketProcess.executable])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("[unauthorized-change] commit"), "\(output.stdout)")
        #expect(output.stdout.contains("[unsigned-change] commit"), "\(output.stdout)")
        #expect(output.stdout.contains("signed by Sam Ortiz (coordinator sam-ortiz)"), "\(output.stdout)")
    }
}

extension SignedChangesTests {
    /// `docket history` names the signer by the people files' keys, and says when a key is
    /// nobody's.
    @Test func historyNamesTheSigner() throws {
        let repository = try Self.repository()
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T10:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move a-lee", author: "Ada Lee <ada.lee@maple.example>", signedBy: "dr-lee")
        try repository.write(Self.appointment("a-lee", start: "2026-12-04T11:00"), to: "appointments/a-lee.yaml")
        try repository.commit("Move a-lee again", author: "Ada Lee <ada.lee@maple.example>", signedBy: "stranger")
        let output = try DocketProcess.run(["history", repository.root, "a-lee"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("signed by Dr. Ada Lee (clinician dr-lee)"), "\(output.stdout)")
        #expect(output.stdout.contains("signed by a key nobody lists (SHA256:"), "\(output.stdout)")
    }
}
