import DocketSupport
import Foundation

/// The programs and Python packages the tests use beside docket. `swift test` on a machine
/// that lacks some says so once, before anything else, with the one command that installs
/// them; the tests that need them then fail with their own causes.
public enum TestTools {
    static let programs = ["git", "python3", "openssl", "msmtp", "ssh-keygen", "chromium", "shellcheck", "actionlint",
                           "check-jsonschema", "pre-commit", "yamllint"]
    static let pythonModules = ["jsonschema", "yaml", "aiosmtpd", "fhir.resources", "cmarkgfm"]

    /// Checked on first use (DocketProcess runs it before the first program).
    public static let checked: Void = {
        let missing = missingTools()
        guard !missing.isEmpty else { return }
        let message = """
            docket's tests need tools this machine lacks: \(missing.joined(separator: ", ")).
            Install them and run the tests with: make test   (scripts/test.sh; the Python ones go into .build/venv,
            whose bin/ must come first on PATH for a bare `swift test`: PATH=$PWD/.build/venv/bin:$PATH swift test)

            """
        FileHandle.standardError.write(Data(message.utf8))
    }()

    static func missingTools() -> [String] {
        let script = programs.map { "command -v \($0) >/dev/null 2>&1 || echo \($0)" }.joined(separator: "\n")
            + "\npython3 -c 'import importlib.util, sys\nfor name in sys.argv[1:]:\n    try:\n        importlib.import_module(name)\n    except Exception:\n        print(\"Python package \" + name)' "
            + pythonModules.joined(separator: " ") + " 2>/dev/null"
        guard let output = try? ChildProcess.run("/bin/sh", ["-c", script]) else { return ["/bin/sh"] }
        return String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
