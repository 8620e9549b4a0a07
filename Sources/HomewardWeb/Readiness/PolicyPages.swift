import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The agency's policy: the document (versioned, hashed), what it rests on, and where it shows
/// each critical component and each QA element.
enum PolicyPages {
    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .readinessView, recordType: .organization)
        return [
            Endpoint(
                .get, Routes.readinessPolicy, allowing: .viewReadiness, .page, scope: .organization,
                summary: "Policy and its mapping",
                auditedRead: read, handler: page),
            Endpoint(
                .post, Routes.readinessPolicy, allowing: .manageReadiness, .page,
                scope: .organization, summary: "Upload a new version of the policy", handler: upload),
            Endpoint(
                .post, Routes.readinessPolicyMappings, allowing: .manageReadiness, .page,
                scope: .organization, summary: "Map the critical components and QA elements to the policy", handler: saveMappings),
            Endpoint(
                .get, Routes.readinessPolicyVersion, allowing: .viewReadiness, .page,
                scope: .organization, summary: "Download one version of the policy document", auditedRead: read, handler: download),
        ]
    }

    struct ItemView: Sendable {
        var id: String
        var title: String
        var description: String
        var cited: Bool
        var absent: Bool
        var unmapped: Bool
        var citation: String
        var statement: String
        var review: String
        var reviewClass: String
        var reviewComment: String
        var error: String?
        var isReviewWindow: Bool
    }

    struct DocumentView: Sendable {
        var version: Int
        var fileName: String
        var size: String
        var sha256: String
        var uploaded: String
        var basis: String
        var href: String
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var readinessHref: String
        var framework: String
        var document: DocumentView?
        var own: Bool
        var canManage: Bool
        var uploadAction: String
        var mappingAction: String
        var basis: FieldView
        var fileError: String?
        var components: [ItemView]
        var qualityAssurance: [ItemView]
        /// Nil when nothing is wrong: a template section shows for any number, zero included.
        var errorCount: Int?
    }

    static func model(
        _ state: ReadinessState, context: SignedInContext, services: AppServices, flash: String?, form: FormInput? = nil,
        errors: FieldErrors = FieldErrors()
    ) -> Model {
        let org = state.organization
        func item(_ element: PolicyItem) -> ItemView {
            let mapping = state.mappings[element.id]
            let presentValue = form?["present.\(element.id)"] ?? mapping.map { $0.present ? "cited" : "absent" } ?? ""
            let review = mapping?.review ?? .pending
            return ItemView(
                id: element.id, title: element.title, description: element.description, cited: presentValue == "cited",
                absent: presentValue == "absent", unmapped: presentValue.isEmpty,
                citation: form?["citation.\(element.id)"] ?? mapping?.citation ?? "",
                statement: form?["statement.\(element.id)"] ?? mapping?.statement ?? "",
                review: mapping == nil
                    ? StaffText.text("staff.policy.notMapped")
                    : review == .confirmed
                        ? StaffText.text("staff.policy.confirmedByReviewer")
                        : review == .rejected
                            ? StaffText.text("staff.policy.rejectedByReviewer") : StaffText.text("staff.policy.awaitingReview"),
                reviewClass: review == .confirmed ? "status-ok" : review == .rejected ? "status-warn" : "status-off",
                reviewComment: mapping?.reviewComment ?? "", error: errors[element.id], isReviewWindow: element.isReviewWindow)
        }
        let basis = form?["basis"] ?? state.policy?.basis.rawValue ?? PolicyBasis.own.rawValue
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.policy", ["name": org.name]),
                current: Routes.readiness(org.id), flash: flash),
            organizationName: org.name, readinessHref: Routes.readiness(org.id), framework: state.track?.framework ?? "",
            document: state.policy.map {
                DocumentView(
                    version: $0.version, fileName: $0.fileName,
                    size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    sha256: $0.sha256, uploaded: LocalTime(timeZone: org.timeZone).format($0.uploadedAt),
                    basis: $0.basis.title(for: org.kind),
                    href: Routes.readinessPolicyVersion(org.id, $0.version))
            },
            own: state.policy?.basis == .own,
            canManage: AccessPolicy.decide(context.principal, .manageReadiness, organization: org.id).isAllowed,
            uploadAction: Routes.readinessPolicy(org.id), mappingAction: Routes.readinessPolicyMappings(org.id),
            basis: .select(
                "basis", StaffText.text("staff.policy.whatThePolicyRests"), basis,
                options: PolicyBasis.allCases.map { ($0.rawValue, $0.title(for: org.kind)) }, errors: errors),
            fileError: errors["document"],
            components: (state.track?.components ?? []).map(item), qualityAssurance: state.program.qualityAssurance.map(item),
            errorCount: errors.isEmpty ? nil : errors.entries.count)
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = try await services.store.readinessState(
            of: try await ReadinessLoads.organization(context, services), at: services.clock.now())
        return try services.views.page(
            "readiness-policy", model(state, context: context, services: services, flash: ReadinessOutcome.message(in: request)))
    }

    @Sendable static func upload(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let organization = try await ReadinessLoads.organization(context, services)
        let form = try await MultipartForm.read(&request, limit: services.configuration.maxUploadBytes)
        var errors = FieldErrors()
        let basis = PolicyBasis(rawValue: form.value("basis") ?? "")
        if basis == nil { errors.add("basis", StaffText.text("staff.policy.sayWhatThePolicy")) }
        let file = form.file("document")
        var contentType: String?
        if let file, !file.data.isEmpty {
            if file.data.count > PolicyFile.maximumBytes {
                errors.add("document", StaffText.text("staff.policy.theDocumentIsLarger"))
            } else if let type = PolicyFile.contentType(of: file.data) {
                contentType = type
            } else {
                errors.add("document", StaffText.text("staff.policy.theDocumentMustBe"))
            }
        } else {
            errors.add("document", StaffText.text("staff.policy.chooseThePolicyDocument"))
        }
        guard errors.isEmpty, let file, let basis, let contentType else {
            let state = try await services.store.readinessState(of: organization, at: services.clock.now())
            let input = FormInput(fields: [("basis", form.value("basis") ?? "")])
            return try services.views.page(
                "readiness-policy", model(state, context: context, services: services, flash: nil, form: input, errors: errors),
                status: .unprocessableContent)
        }
        let documentID = services.ids.next()
        let fileName = PolicyFile.safeFileName(file.filename, contentType: contentType)
        let stored = try await services.store.addPolicy(
            file.data, fileName: fileName, contentType: contentType, basis: basis, in: organization.id, by: context.user.id,
            at: services.clock.now(), documentID: documentID,
            audit: services.auditEntry(
                context, action: .readinessPolicyUpload, recordType: .policy, recordID: documentID, organization: organization.id,
                detail: "\(file.data.count) bytes, basis \(basis.rawValue)"))
        return ReadinessOutcome.policy.redirect(to: Routes.readinessPolicy(organization.id), query: "version=\(stored.version)")
    }

    /// A file name safe to store and to send back in a header: letters, digits, dot, dash, underscore.
    @Sendable static func saveMappings(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await ReadinessLoads.organization(context, services)
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        let items = (state.track?.components ?? []).map(\.id) + state.program.qualityAssurance.map(\.id)
        func values(_ prefix: String) -> [String: String] {
            Dictionary(items.map { ($0, form["\(prefix).\($0)"]) }, uniquingKeysWith: { first, _ in first })
        }
        let mappings: [PolicyMapping]
        do {
            mappings = try state.mapping(
                PolicyMappingInput(presence: values("present"), citations: values("citation"), statements: values("statement")))
        } catch HomewardError.invalid(let errors) where errors["document"] == nil {
            return try services.views.page(
                "readiness-policy", model(state, context: context, services: services, flash: nil, form: form, errors: errors),
                status: .unprocessableContent)
        }
        let policy = state.policy!
        try await services.store.savePolicyMappings(
            mappings, of: organization.id, by: context.user.id, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .readinessPolicyMapping, recordType: .policy, recordID: policy.documentID,
                organization: organization.id, detail: "\(mappings.count) items"))
        return ReadinessOutcome.mappings.redirect(to: Routes.readinessPolicy(organization.id))
    }

    @Sendable static func download(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await ReadinessLoads.organization(context, services)
        guard let version = NumberKind.policyVersion.value(context.parameters.get(.policyVersion) ?? ""),
            let (document, bytes) = try await services.store.policyBytes(of: organization.id, version: version)
        else { throw HomewardError.notFound("policy version") }
        return FileResponse.file(bytes, contentType: document.contentType, fileName: document.fileName)
    }
}
