import DocketSupport
import Foundation

/// Where and how to deliver: `smtp://`, `smtp+starttls://` or `smtps://`, with the user and
/// password from the URL or the environment. The password is never part of any text docket
/// prints: `description` leaves it out.
public struct SMTPEndpoint: Sendable, CustomStringConvertible {
    public enum Security: Sendable, Equatable {
        /// No TLS (a local relay).
        case plain
        /// STARTTLS before anything else; refused if the server does not offer it.
        case startTLS
        /// TLS from the first byte.
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    var password: String?

    public var hasPassword: Bool { password != nil }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `--smtp URL`; `DOCKET_SMTP_USER`, `DOCKET_SMTP_PASSWORD` and
    /// `DOCKET_SMTP_PASSWORD_FILE` fill in what the URL leaves out.
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) -> SMTPEndpoint {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw Invalid(description: "--smtp must be a URL such as smtp+starttls://user@mail.example.com:587")
        }
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.plain, 25)
        case "smtp+starttls": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default:
            throw Invalid(description: "--smtp scheme '\(scheme)' is not smtp, smtp+starttls or smtps")
        }
        var endpoint = SMTPEndpoint(host: host, port: components.port ?? defaultPort, security: security)
        endpoint.user = components.user?.removingPercentEncoding ?? environment["DOCKET_SMTP_USER"]
        if let password = components.password?.removingPercentEncoding {
            endpoint.password = password
        } else if let password = environment["DOCKET_SMTP_PASSWORD"] {
            endpoint.password = password
        } else if let file = environment["DOCKET_SMTP_PASSWORD_FILE"] {
            do {
                endpoint.password = try SecretFile.read(file).trimmingCharacters(in: .newlines)
            } catch {
                throw Invalid(description: "DOCKET_SMTP_PASSWORD_FILE names a file that cannot be used: \(error.description)")
            }
        }
        if endpoint.user != nil, endpoint.password == nil {
            throw Invalid(description: "a user is given for --smtp but no password: set DOCKET_SMTP_PASSWORD or DOCKET_SMTP_PASSWORD_FILE")
        }
        return endpoint
    }

    init(host: String, port: Int, security: Security) {
        self.host = host
        self.port = port
        self.security = security
    }

    /// The server as messages name it: never the password.
    public var description: String {
        let scheme = switch security {
        case .plain: "smtp"
        case .startTLS: "smtp+starttls"
        case .implicitTLS: "smtps"
        }
        return "\(scheme)://\(user.map { "\($0)@" } ?? "")\(host):\(port)"
    }

    var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" }
}
