@testable import DocketModel
import DocketTestSupport
import Foundation
import Testing

/// `--base` reads only the files git says differ (`GitBase.load(changedFrom:revision:)`); the
/// whole base tree (`GitBase.load(root:revision:ignore:)`) is the oracle it must agree with, on
/// random changes of every kind: edits, moves, renames, id changes, deletions, new files
/// (tracked, untracked, ignored), templates, and a clinician's time zone that moves all their
/// appointments without touching their files.
@Suite struct ChangedBaseAgreementTests {
    static func appointment(_ id: String, clinician: Int, client: Int, day: Int, hour: Int, minutes: Int = 50) -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: dr-\(clinician)\nclient: c-\(client)\nstart: 2027-01-\(String(format: "%02d", day))T\(String(format: "%02d", hour)):00\nduration: \(minutes)m\n"
    }

    static func clinician(_ number: Int, zone: String = "America/Toronto") -> String {
        "apiVersion: docket/v1\nkind: Clinician\nid: dr-\(number)\nname: Dr \(number)\nemail: dr\(number)@maple.example\ntimezone: \(zone)\n"
    }

    /// What a change set says, in a form two of them compare by.
    static func summary(_ changes: ChangeSet) -> [String] {
        changes.changedAppointments.map { change in
            "\(change.kind.rawValue) \(change.id) [\(change.fields.sorted().joined(separator: ","))] "
                + "\(change.current?.appointment.header.location.description ?? "-") \(change.base?.appointment.header.location.description ?? "-")"
        }.sorted()
            + changes.documents.map { "\($0.kind.rawValue) \($0.documentKind.rawValue) \($0.id) \($0.location)" }.sorted()
    }

    @Test(arguments: 1...12)
    func changedFilesAgreeWithTheWholeTree(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        var files: [String: String] = [
            "docket.yaml": "apiVersion: docket/v1\nkind: Organization\nid: maple\nname: Maple\ntimezone: America/Toronto\nemail:\n  from: Maple <a@maple.example>\n  domain: maple.example\n",
            ".gitignore": "scratch/\nlocal-*.yaml\n",
            "templates/confirm.client.txt": "Dear {{recipientName}}, {{when}}.\n",
            "templates/cancel.client.txt": "Cancelled: {{when}}.\n",
        ]
        for number in 0..<4 { files["clinicians/dr-\(number).yaml"] = Self.clinician(number) }
        for number in 0..<6 { files["clients/c-\(number).yaml"] = "apiVersion: docket/v1\nkind: Client\nid: c-\(number)\nname: Client \(number)\nemail: c\(number)@example.com\n" }
        for number in 0..<40 {
            files["appointments/\(number % 3)/a-\(number).yaml"] = Self.appointment("a-\(number)", clinician: number % 4, client: number % 6, day: 1 + number % 20, hour: 8 + number % 9)
        }
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.git("tag", "base")

        var appointmentPaths = files.keys.filter { $0.hasPrefix("appointments/") }.sorted()
        for _ in 0..<(3 + random.below(8)) {
            let path = appointmentPaths[random.below(appointmentPaths.count)]
            let number = Int(path.split(separator: "-").last!.dropLast(5))!
            switch random.below(10) {
            case 9: // templates: one changed, one deleted, one new
                try repository.write("Hello {{recipientName}}: {{when}}.\n", to: "templates/confirm.client.txt")
                try? FileManager.default.removeItem(atPath: repository.root + "/templates/cancel.client.txt")
                try repository.write("Soon: {{when}}.\n", to: "templates/remind.client.txt")
            case 0: // an edit: new time
                try repository.write(Self.appointment("a-\(number)", clinician: number % 4, client: number % 6, day: 21 + random.below(7), hour: 9), to: path)
            case 1: // an edit of another field
                try repository.write(Self.appointment("a-\(number)", clinician: number % 4, client: number % 6, day: 1 + number % 20, hour: 8 + number % 9) + "title: Review\n", to: path)
            case 2: // a move to another folder
                let moved = "appointments/moved/a-\(number).yaml"
                try FileManager.default.createDirectory(atPath: repository.root + "/appointments/moved", withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: repository.root + "/" + path, toPath: repository.root + "/" + moved)
                appointmentPaths.removeAll { $0 == path }
                appointmentPaths.append(moved)
            case 3: // a rename with an edit
                let renamed = path.replacingOccurrences(of: ".yaml", with: "-renamed.yaml")
                try FileManager.default.removeItem(atPath: repository.root + "/" + path)
                try repository.write(Self.appointment("a-\(number)", clinician: (number + 1) % 4, client: number % 6, day: 2, hour: 10), to: renamed)
                appointmentPaths.removeAll { $0 == path }
            case 4: // an id change
                try repository.write(Self.appointment("a-\(number)-b", clinician: number % 4, client: number % 6, day: 3, hour: 11), to: path)
            case 5: // a deletion
                try FileManager.default.removeItem(atPath: repository.root + "/" + path)
                appointmentPaths.removeAll { $0 == path }
            case 6: // new files: tracked, untracked, ignored by git (docket reads them all)
                let fresh = 100 + random.below(1000)
                try repository.write(Self.appointment("a-\(fresh)", clinician: fresh % 4, client: fresh % 6, day: 4, hour: 12), to: "appointments/new/a-\(fresh).yaml")
                try repository.write(Self.appointment("a-\(fresh + 1000)", clinician: 1, client: 1, day: 5, hour: 12), to: "scratch/a-\(fresh + 1000).yaml")
                try repository.write(Self.appointment("a-\(fresh + 2000)", clinician: 2, client: 2, day: 6, hour: 12), to: "local-\(fresh).yaml")
            case 7: // a clinician changes time zone: their appointments move without an edit
                let clinician = random.below(4)
                try repository.write(Self.clinician(clinician, zone: "Europe/Paris"), to: "clinicians/dr-\(clinician).yaml")
            default: // staged, then edited again
                try repository.write(Self.appointment("a-\(number)", clinician: number % 4, client: number % 6, day: 8, hour: 9), to: path)
                try repository.git("add", "-A")
                try repository.write(Self.appointment("a-\(number)", clinician: number % 4, client: number % 6, day: 9, hour: 9), to: path)
            }
            if random.below(3) == 0 { try repository.commit("step") }
        }

        let current = try RepositoryLoader.load(root: repository.root)
        let base = try GitCommit.resolve("base", in: repository.root)
        let whole = try GitBase.load(root: repository.root, revision: base, ignore: current.ignorePatterns)
        let (changed, changedFiles, changedTemplates) = try GitBase.load(changedFrom: current, revision: base)
        let index = RepositoryIndex(current)
        let expected = Self.summary(ChangeSet.compare(base: RepositoryIndex(whole), current: index))
        let found = Self.summary(ChangeSet.compare(base: RepositoryIndex(changed), current: index))
        #expect(found == expected)
        // The shortcut that compares the changed files only, where it applies, says the same.
        if let shortcut = ChangeSet.shortcut(changedFiles: changedFiles, base: changed, current: index) {
            #expect(Self.summary(shortcut) == expected)
        } else {
            // Only where a people file changed, or an id of a changed appointment repeats.
            let peopleChanged = changedFiles.contains { $0.hasPrefix("clinicians/") || $0.hasPrefix("clients/") || $0 == "docket.yaml" }
            #expect(peopleChanged || Set(current.appointments.map(\.id)).count < current.appointments.count
                        || Set(changed.appointments.map(\.id)).count < changed.appointments.count)
        }
        #expect(changed.appointments.count == whole.appointments.count)
        #expect(changed.files == whole.files)
        #expect(changedTemplates == (try GitBase.changedFiles(root: repository.root, revision: base, under: "templates")))
    }
}
