import Foundation
import Hummingbird

/// What a form's handler reports after it redirects, shown once on the page it returns to
/// (`?done=`). Each page lists its outcomes as one enum: the handler names a case, so a typo does
/// not build, and the page shows that case's sentence; an unknown value shows nothing.
protocol Outcome: RawRepresentable<String>, CaseIterable, Sendable {
    /// The sentence the page shows.
    var message: String { get }
}

extension Outcome {
    /// The sentence for the outcome `request` names, if it names one of these.
    static func message(in request: Request) -> String? {
        request.uri.queryParameters.get("done").flatMap { Self(rawValue: String($0)) }?.message
    }

    /// A redirect (303) to `path` reporting this outcome, with `query` added when given.
    func redirect(to path: String, query: String? = nil) -> Response {
        .redirect(to: path + "?done=" + rawValue + (query.map { "&" + $0 } ?? ""), type: .normal)
    }
}
