import Foundation
import HomewardCore
import Hummingbird
import Logging

/// The one place where failures become HTTP responses. The API answers RFC 9457
/// `application/problem+json` with a stable `type`; pages answer an HTML page with the same status.
/// An unexpected error reveals nothing internal: the person sees the request id, the log has the
/// error (never personal data).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = Problem(error, logger: context.logger)
            let catalogs = services.views.catalogs
            let language = catalogs.negotiate(
                chosen: request.uri.queryParameters.get("lang").map { String($0) }, acceptLanguage: request.headers[.acceptLanguage])
            let sentJSON = request.headers[.contentType]?.hasPrefix("application/json") == true
            let isAPI = context.endpointKind != .page || sentJSON
            // The public's pages and every API answer speak the language asked for; a signed-in
            // person's page stays in the staff pages' English, around it and in it.
            let localized = (isAPI || context.signedIn == nil) && problem.localize(language, catalogs)
            if isAPI {
                var response = problem.jsonResponse(requestID: context.requestID)
                if localized { response.headers[.contentLanguage] = language }
                return response
            }
            if problem.status == .unauthorized {
                let next = request.method == .get ? request.uri.description : Routes.home.path
                return .redirect(
                    to: Routes.signIn.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"),
                    type: .normal)
            }
            var layout = LayoutModel(context: context, services: services, title: problem.title)
            if localized {
                layout.lang = language
                layout.t = services.views.strings(language)
            }
            var response = try services.views.page(
                "error", ErrorPage(layout: layout, problem: problem, requestID: context.requestID), status: problem.status)
            if localized { response.headers[.contentLanguage] = language }
            if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }
}

/// A problem as RFC 9457 problem+json carries it.
struct ProblemJSON: Codable, Sendable, APISchema {
    static let schemaName = "Problem"
    static var schemaNotes: SchemaNotes {
        SchemaNotes(
            properties: [
                "type": .described("The address of the page that documents this kind of problem."),
                "errors": .described(
                    "Each field that broke a rule, with what to change and, where there is one, a code a client may translate: "
                        + "required, tooLong, controlCharacters, email, type, json."),
                "candidates": .described(
                    "For a possible repeat (409): the children on record the report may be about; say which with childDecision."),
            ])
    }

    /// A child on record whom a report may be about.
    struct Candidate: Codable, Sendable {
        var childId: String
        var name: String
        var dateOfBirth: String
        var latestCaseNumber: String
        var latestStatus: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var requestId: String
    var errors: [FieldErrors.Entry]?
    var candidates: [Candidate]?
}

/// An error as the client sees it.
struct Problem: Sendable {
    var status: HTTPResponse.Status
    /// A stable identifier of the kind of problem, documented in the OpenAPI document.
    var type: String
    var title: String
    var detail: String
    var errors: [FieldErrors.Entry] = []
    var retryAfter: Int?
    /// For a possible repeat: the children on record the report may be about.
    var candidates: [RepeatCandidate] = []

    init(status: HTTPResponse.Status, type: String, title: String, detail: String) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
    }

    init(_ error: any Error, logger: Logger) {
        switch error {
        case HomewardError.invalid(let errors):
            self.init(
                status: .unprocessableContent, type: "validation", title: "Some fields need attention",
                detail: "Correct the fields listed and send again.")
            self.errors = errors.entries
        case HomewardError.unauthenticated:
            self.init(
                status: .unauthorized, type: "unauthenticated", title: "Sign-in required",
                detail: "Send a valid API token in the Authorization header.")
        case HomewardError.forbidden(let reason):
            self.init(status: .forbidden, type: "forbidden", title: "Not allowed", detail: reason)
        case HomewardError.notFound(let what):
            self.init(status: .notFound, type: "not-found", title: "Not found", detail: "No \(what) here, or none you may see.")
        case HomewardError.conflict(let detail):
            self.init(status: .conflict, type: "conflict", title: "Conflict", detail: detail)
        case HomewardError.lockedOut(let until):
            self.init(
                status: .init(code: 423, reasonPhrase: "Locked"), type: "locked-out", title: "Account locked",
                detail: "Too many failed sign-ins; try again after \(Timestamp.format(until)).")
        case HomewardError.payloadTooLarge(let limit):
            self.init(
                status: .contentTooLarge, type: "payload-too-large", title: "Request too large",
                detail: "The body may be at most \(limit) bytes.")
        case HomewardError.rateLimited(let seconds):
            self.init(
                status: .tooManyRequests, type: "rate-limited", title: "Too many tips from this address",
                detail: "Nothing was lost: please send this again in \(seconds) seconds, or call the number on the poster now.")
            retryAfter = seconds
        case HomewardError.possibleRepeat(let candidates):
            self.init(
                status: .conflict, type: "possible-repeat", title: "This child may already be on record",
                detail:
                    "Send the report again with childDecision \"link:CHILD_ID\" for one of the candidates (a repeat episode of that child) or \"new\" for a different child."
            )
            self.candidates = candidates
        case HomewardError.csrfRejected:
            self.init(
                status: .forbidden, type: "csrf", title: "This form has expired",
                detail: "Go back, reload the page and send the form again.")
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                self.init(status: .notFound, type: "not-found", title: "Not found", detail: "There is no page at this address.")
            case .contentTooLarge:
                self.init(
                    status: .contentTooLarge, type: "payload-too-large", title: "Request too large",
                    detail: "The request body is too large.")
            case .methodNotAllowed:
                self.init(
                    status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                    detail: "This address does not accept that method.")
            default:
                self.init(
                    status: error.status, type: "http-\(error.status.code)", title: error.status.reasonPhrase,
                    detail: error.status.reasonPhrase)
            }
        default:
            // Only the error's type and description go to the log: database errors name tables and
            // constraints, never the values bound to a query.
            logger.error(
                "unexpected error",
                metadata: ["error_type": .string(String(reflecting: Swift.type(of: error))), "error": .string(String(describing: error))])
            self.init(
                status: .internalServerError, type: "internal", title: "Something went wrong",
                detail: "The request failed and nothing was changed. Quote the request id if you report it.")
        }
    }

    /// Says the problem in `language` when the catalog has its kind there (the kinds the public
    /// meets: a refused tip, a withdrawn poster, a rate limit); true when it did. Field messages
    /// stay as the handler gave them.
    mutating func localize(_ language: String, _ catalogs: Catalogs) -> Bool {
        guard language != Catalogs.fallback, let title = catalogs.catalogs[language]?.strings["problem.\(type).title"] else { return false }
        self.title = title
        self.detail = catalogs.text("problem.\(type).detail", language, ["seconds": retryAfter.map(String.init) ?? ""])
        return true
    }

    func jsonResponse(requestID: String) -> Response {
        let body = ProblemJSON(
            type: Routes.problem(type), title: title, status: Int(status.code), detail: detail, requestId: requestID,
            errors: errors.isEmpty ? nil : errors,
            candidates: candidates.isEmpty
                ? nil
                : candidates.map {
                    ProblemJSON.Candidate(
                        childId: $0.childID.rawValue, name: $0.name, dateOfBirth: $0.dateOfBirth.iso,
                        latestCaseNumber: $0.latestCaseNumber ?? "", latestStatus: $0.latestStatus?.rawValue ?? "")
                })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"homeward\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The error page's view model.
struct ErrorPage: Sendable {
    var layout: LayoutModel
    var title: String
    var detail: String
    var status: Int
    var requestID: String

    init(layout: LayoutModel, problem: Problem, requestID: String) {
        self.layout = layout
        title = problem.title
        detail = problem.detail
        status = Int(problem.status.code)
        self.requestID = requestID
    }
}
