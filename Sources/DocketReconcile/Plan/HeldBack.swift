import DocketModel
import DocketRules

/// What a repository's errors keep out of a reconcile (SPEC section 3).
///
/// Two pull requests that each validate alone can book the same hour; merged, main holds a
/// double booking. Stopping every confirmation and reminder of the clinic for that would
/// punish everyone for one clash, so an error in an appointment file holds back only the
/// appointments of that file and of every file its finding names (both sides of a double
/// booking): they are not planned and their earlier notifications stand. An error in
/// `docket.yaml`, a people file or a template changes what every message says, so it holds
/// back everything.
public enum HeldBack: Sendable {
    /// Nothing can be planned: the findings that say why.
    case everything([Diagnostic])
    /// These appointments (with the findings that hold each) and whatever the state
    /// recorded from these files are left as they are; `unplaced` are errors in appointment
    /// files that hold no appointment docket knows (a new booking that does not parse): they
    /// hold nothing back, but the run reports them and fails.
    case appointments([String: [Diagnostic]], files: Set<String>, unplaced: [Diagnostic])

    public static let nothing = HeldBack.appointments([:], files: [], unplaced: [])

    /// What `validation`'s errors hold back, given what `state` recorded (a file that no
    /// longer parses still holds the appointments it held: they are not "deleted").
    ///
    /// A file whose documents cannot be read at all is judged by what it held before (the
    /// state), else by where it lies: below `appointments/` it is a booking nobody was told
    /// of yet; anywhere else it may be a people file, so it holds back everything.
    public static func of(_ validation: ValidationResult, state: RecordedState) -> HeldBack {
        let errors = validation.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return .nothing }
        let repository = validation.index.repository
        var everyoneFiles = Set([RepositoryLoader.organizationFile])
        for header in repository.organizations.map(\.header) + repository.coordinators.map(\.header)
            + repository.clinicians.map(\.header) + repository.clients.map(\.header) {
            everyoneFiles.insert(header.file)
        }
        var appointmentsByFile: [String: [String]] = [:]
        for appointment in repository.appointments { appointmentsByFile[appointment.header.file, default: []].append(appointment.id) }
        for (id, recorded) in state.appointments { appointmentsByFile[recorded.file, default: []].append(id) }
        let isTemplate = { (file: String) in file == TemplateFolder.name || file.hasPrefix(TemplateFolder.name + "/") }

        var held: [String: [Diagnostic]] = [:]
        var files = Set<String>()
        var unplaced: [Diagnostic] = []
        var everything: [Diagnostic] = []
        for diagnostic in errors {
            let involved = [diagnostic.location.file] + diagnostic.related.map(\.file)
            let concernsEveryone = involved.contains { file in
                file.isEmpty || everyoneFiles.contains(file) || isTemplate(file)
                    || (appointmentsByFile[file] == nil && !file.hasPrefix("appointments/"))
            }
            if concernsEveryone {
                everything.append(diagnostic)
                continue
            }
            var holdsSomething = false
            for file in involved {
                files.insert(file)
                for id in appointmentsByFile[file] ?? [] where held[id]?.last != diagnostic {
                    held[id, default: []].append(diagnostic)
                    holdsSomething = true
                }
            }
            if !holdsSomething { unplaced.append(diagnostic) }
        }
        return everything.isEmpty ? .appointments(held, files: files, unplaced: unplaced) : .everything(everything)
    }

    /// Whether the appointment `id`, recorded (if at all) from `file`, is held back.
    func holds(_ id: String, recordedFrom file: String?) -> Bool {
        guard case .appointments(let held, let files, _) = self else { return true }
        return held[id] != nil || file.map(files.contains) == true
    }
}
