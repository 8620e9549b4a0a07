import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// A JSON document's decoding failure in words that name where it went wrong.
enum DecodingProblem {
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return path(context).isEmpty ? "it is not valid JSON" : "\(path(context)) is not valid"
        @unknown default: return "it is not valid"
        }
    }
}
