import ArgumentParser
import DocketRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the diagnostic codes, their severities and what they mean.")

    enum Format: String, ExpressibleByArgument {
        case text, json, markdown
    }

    @Option(help: "Output: text, json, or markdown (the reference's codes page).")
    var format: Format = .text

    func run() {
        switch format {
        case .text: emit(RuleCatalogueReport.text())
        case .json: emit(RuleCatalogueReport.json())
        case .markdown: emit(RuleCatalogueReport.markdown())
        }
    }
}
