import Foundation

/// JSON as docket prints it: one line (or pretty, sorted), slashes unescaped, a final newline.
/// `sortedKeys` for one-line output that must be the same on every run (keys of dictionaries).
public func encodeJSON(_ value: some Encodable, pretty: Bool = false, sortedKeys: Bool = false) -> String {
    let encoder = JSONEncoder()
    var formatting: JSONEncoder.OutputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
    if sortedKeys { formatting.insert(.sortedKeys) }
    encoder.outputFormatting = formatting
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
}
