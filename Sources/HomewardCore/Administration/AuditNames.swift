import Foundation

/// What an audited act was: a stable verb the trail records (`users.create`, `sign_in.failed`),
/// named once here so that a misspelt one does not build. Besides the fixed verbs: a case event or
/// duty proof recorded (`episodes.<kind>`) and a policy action refused (its action's name).
public enum AuditAction: Sendable, Hashable {
    case accountChangePassword
    case accountChooseLanguage
    case apiTokensCreate
    case apiTokensList
    case apiTokensRevoke
    case auditView
    case callsAnswer
    case callsChecklistAdd
    case callsClose
    case callsHandOff
    case callsOpen
    case callsScoreBandsPublish
    case callsSheet
    case callsView
    case casesQueue
    case childrenSearch
    case complianceView
    case deliveriesReplay
    case demoNationalData
    case episodeEvidence
    case episodeView
    case episodesAssign
    case episodesChangePolice
    case episodesCreate
    case episodesList
    case episodesLongTerm
    case episodesRecovered
    case episodesSettleDifference
    case episodesTaskCompleted
    case episodesUpdate
    case lexiconPublish
    case notificationsChoose
    case organizationsCreate
    case organizationsUpdate
    case photoView
    case photosAdd
    case photosReencode
    case photosWithhold
    case policeCasesClose
    case policeCasesDetails
    case policeCasesLink
    case policeCasesNcicEntry
    case policeCasesSettleDifference
    case policeCasesSheet
    case policeCasesView
    case posterApprove
    case posterConsentGuardian
    case posterConsentPolice
    case posterPublish
    case posterRequestApproval
    case posterReturn
    case posterSave
    case posterView
    case posterWithdraw
    case qaDashboardExport
    case qaDashboardView
    case qaReviewsCalibrate
    case qaReviewsSubmit
    case qaReviewsView
    case readinessApplicationView
    case readinessApply
    case readinessApprove
    case readinessMappingReview
    case readinessPolicyMapping
    case readinessPolicyUpload
    case readinessProgramAdd
    case readinessReturn
    case readinessRevoke
    case readinessRosterImport
    case readinessTrainingAdd
    case readinessTrainingImport
    case readinessTrainingPeriod
    case readinessView
    case referralsRequest
    case referralsUpdate
    case retentionPersonalDataRemoved
    case rulesAdd
    case secondFactorEnrolled
    case secondFactorRecoveryCodeUsed
    case secondFactorRecoveryCodesReplaced
    case secondFactorRemoved
    case secondFactorReplaceRefused
    case signInFailed
    case signInSucceeded
    case signOut
    case tipsExport
    case tipsList
    case tipsMark
    case tipsSubmit
    case usersCreate
    case usersDisable
    case usersEnable
    case usersEndSessions
    case usersList
    case usersResetPassword
    case usersResetSecondFactor
    case webhooksAdd
    case webhooksDisable
    case webhooksEnable
    case webhooksRotate
    /// A case event or a duty's proof recorded: `episodes.<kind>`.
    case episodeEvent(EpisodeEventKind)
    /// An access decision on a policy action, recorded by the action's name.
    case policy(Action)

    /// The verb as the trail stores it.
    public var name: String {
        switch self {
        case .accountChangePassword: "account.change_password"
        case .accountChooseLanguage: "account.choose_language"
        case .apiTokensCreate: "api_tokens.create"
        case .apiTokensList: "api_tokens.list"
        case .apiTokensRevoke: "api_tokens.revoke"
        case .auditView: "audit.view"
        case .callsAnswer: "calls.answer"
        case .callsChecklistAdd: "calls.checklist_add"
        case .callsClose: "calls.close"
        case .callsHandOff: "calls.hand_off"
        case .callsOpen: "calls.open"
        case .callsScoreBandsPublish: "calls.score_bands_publish"
        case .callsSheet: "calls.sheet"
        case .callsView: "calls.view"
        case .casesQueue: "cases.queue"
        case .childrenSearch: "children.search"
        case .complianceView: "compliance.view"
        case .deliveriesReplay: "deliveries.replay"
        case .demoNationalData: "demo.national_data"
        case .episodeEvidence: "episode.evidence"
        case .episodeView: "episode.view"
        case .episodesAssign: "episodes.assign"
        case .episodesChangePolice: "episodes.change_police"
        case .episodesCreate: "episodes.create"
        case .episodesList: "episodes.list"
        case .episodesLongTerm: "episodes.long_term"
        case .episodesRecovered: "episodes.recovered"
        case .episodesSettleDifference: "episodes.settle_difference"
        case .episodesTaskCompleted: "episodes.task_completed"
        case .episodesUpdate: "episodes.update"
        case .lexiconPublish: "lexicon.publish"
        case .notificationsChoose: "notifications.choose"
        case .organizationsCreate: "organizations.create"
        case .organizationsUpdate: "organizations.update"
        case .photoView: "photo.view"
        case .photosAdd: "photos.add"
        case .photosReencode: "photos.reencode"
        case .photosWithhold: "photos.withhold"
        case .policeCasesClose: "police_cases.close"
        case .policeCasesDetails: "police_cases.details"
        case .policeCasesLink: "police_cases.link"
        case .policeCasesNcicEntry: "police_cases.ncic_entry"
        case .policeCasesSettleDifference: "police_cases.settle_difference"
        case .policeCasesSheet: "police_cases.sheet"
        case .policeCasesView: "police_cases.view"
        case .posterApprove: "poster.approve"
        case .posterConsentGuardian: "poster.consent_guardian"
        case .posterConsentPolice: "poster.consent_police"
        case .posterPublish: "poster.publish"
        case .posterRequestApproval: "poster.request_approval"
        case .posterReturn: "poster.return"
        case .posterSave: "poster.save"
        case .posterView: "poster.view"
        case .posterWithdraw: "poster.withdraw"
        case .qaDashboardExport: "qa_dashboard.export"
        case .qaDashboardView: "qa_dashboard.view"
        case .qaReviewsCalibrate: "qa_reviews.calibrate"
        case .qaReviewsSubmit: "qa_reviews.submit"
        case .qaReviewsView: "qa_reviews.view"
        case .readinessApplicationView: "readiness.application_view"
        case .readinessApply: "readiness.apply"
        case .readinessApprove: "readiness.approve"
        case .readinessMappingReview: "readiness.mapping_review"
        case .readinessPolicyMapping: "readiness.policy_mapping"
        case .readinessPolicyUpload: "readiness.policy_upload"
        case .readinessProgramAdd: "readiness.program_add"
        case .readinessReturn: "readiness.return"
        case .readinessRevoke: "readiness.revoke"
        case .readinessRosterImport: "readiness.roster_import"
        case .readinessTrainingAdd: "readiness.training_add"
        case .readinessTrainingImport: "readiness.training_import"
        case .readinessTrainingPeriod: "readiness.training_period"
        case .readinessView: "readiness.view"
        case .referralsRequest: "referrals.request"
        case .referralsUpdate: "referrals.update"
        case .retentionPersonalDataRemoved: "retention.personal_data_removed"
        case .rulesAdd: "rules.add"
        case .secondFactorEnrolled: "second_factor.enrolled"
        case .secondFactorRecoveryCodeUsed: "second_factor.recovery_code_used"
        case .secondFactorRecoveryCodesReplaced: "second_factor.recovery_codes_replaced"
        case .secondFactorRemoved: "second_factor.removed"
        case .secondFactorReplaceRefused: "second_factor.replace_refused"
        case .signInFailed: "sign_in.failed"
        case .signInSucceeded: "sign_in.succeeded"
        case .signOut: "sign_out"
        case .tipsExport: "tips.export"
        case .tipsList: "tips.list"
        case .tipsMark: "tips.mark"
        case .tipsSubmit: "tips.submit"
        case .usersCreate: "users.create"
        case .usersDisable: "users.disable"
        case .usersEnable: "users.enable"
        case .usersEndSessions: "users.end_sessions"
        case .usersList: "users.list"
        case .usersResetPassword: "users.reset_password"
        case .usersResetSecondFactor: "users.reset_second_factor"
        case .webhooksAdd: "webhooks.add"
        case .webhooksDisable: "webhooks.disable"
        case .webhooksEnable: "webhooks.enable"
        case .webhooksRotate: "webhooks.rotate"
        case .episodeEvent(let kind): "episodes.\(kind.rawValue)"
        case .policy(let action): action.rawValue
        }
    }
}

/// The kind of record an audited act touched, as the trail stores it.
public enum AuditRecordType: String, Sendable, CaseIterable {
    case apiToken = "api_token"
    case auditTrail = "audit_trail"
    case call
    case callChecklist = "call_checklist"
    case caseQueue = "case_queue"
    case caseTask = "case_task"
    case child
    case confidentialLexicon = "confidential_lexicon"
    case database
    case episode
    case jurisdictionRules = "jurisdiction_rules"
    case organization
    case outboxMessage = "outbox_message"
    case photo
    case policeCase = "police_case"
    case policy
    case poster
    case qaDashboard = "qa_dashboard"
    case qaReview = "qa_review"
    case qaScoreBands = "qa_score_bands"
    case readinessApplication = "readiness_application"
    case readinessProgram = "readiness_program"
    case recognition
    case referral
    case reportDraft = "report_draft"
    case route
    case tip
    case trainingRecord = "training_record"
    case user
    case webhookEndpoint = "webhook_endpoint"
}
