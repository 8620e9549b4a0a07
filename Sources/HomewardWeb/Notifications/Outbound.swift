import Foundation
import HomewardCore

/// What leaves Homeward when something happens: an e-mail to each person told (when an SMTP relay
/// is configured and their choices allow; the legal clocks always), and a webhook call to each
/// endpoint of the organizations concerned that takes the event. Built before the transaction
/// that records the event, and stored in it.
struct Outbound {
    /// The event, in words for e-mail and as ids and links for webhooks.
    private struct Event: Sendable {
        var type: EventType
        var subject: String
        /// The e-mail's text: ids, times and a link; never a name.
        var text: String
        /// The webhook's data: ids and links only.
        var data: [String: String]
    }

    let services: AppServices
    private var preferences: [UserID: NotificationPreferences] = [:]
    private var endpoints: [OrganizationID: [WebhookEndpoint]] = [:]

    init(services: AppServices) { self.services = services }

    /// The outbox messages of `event` for `people` (those whose choices take it at once, or all of
    /// them when it is a digest they chose) and the endpoints of `organizations`.
    private mutating func messages(
        _ event: Event, people: [User], organizations: [OrganizationID], delivery: NoticeEvent.Delivery = .inboxAndChosenEmail,
        at instant: Date
    ) async throws -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        if services.configuration.mailRelay != nil {
            for person in people {
                if delivery == .inboxAndChosenEmail {
                    if preferences[person.id] == nil {
                        preferences[person.id] = try await services.store.notificationPreferences(of: person.id)
                    }
                    guard preferences[person.id]?.emailsAtOnce(event.type) == true else { continue }
                }
                let id = services.ids.next()
                messages.append(
                    OutboxMessage(
                        id: id, eventID: "msg_\(id)", eventType: event.type, organizationID: person.organizationID, channel: .email,
                        recipient: person.id, subject: event.subject, text: event.text, nextAttemptAt: instant, createdAt: instant))
            }
        }
        var seen = Set<OrganizationID>()
        for organization in organizations where seen.insert(organization).inserted {
            if endpoints[organization] == nil { endpoints[organization] = try await services.store.webhookEndpoints(of: organization) }
            for endpoint in endpoints[organization] ?? [] where endpoint.wants(event.type) {
                let id = services.ids.next()
                let payload = EventPayload(type: event.type, at: instant, data: event.data)
                messages.append(
                    OutboxMessage(
                        id: id, eventID: "msg_\(id)", eventType: event.type, organizationID: organization, channel: .webhook,
                        endpointID: endpoint.id, subject: event.subject, payload: payload.encoded(), nextAttemptAt: instant,
                        createdAt: instant))
            }
        }
        return messages
    }

    /// Where an event's inbox rows point: the organization they belong to and the record.
    private struct InboxLink: Sendable {
        var organizationID: OrganizationID
        var episodeID: EpisodeID? = nil
        var qaReviewID: QAReviewID? = nil
        var policeCaseID: PoliceCaseID? = nil
        var clockKind: ClockKind? = nil
        /// The kind of row (`due`, `overdue`, `application_approved`, …).
        var threshold: String
    }

    /// Everything telling `people` about `event`: an inbox row each (the event's subject and
    /// text) and the outbox messages of ``messages(_:people:organizations:at:)``.
    private mutating func notices(_ event: Event, people: [User], organizations: [OrganizationID], inbox: InboxLink, at instant: Date)
        async throws -> Notices
    {
        let notifications = people.map { person in
            HomewardNotification(
                id: services.ids.next(), recipient: person.id, organizationID: inbox.organizationID, episodeID: inbox.episodeID,
                clockKind: inbox.clockKind, qaReviewID: inbox.qaReviewID, policeCaseID: inbox.policeCaseID, threshold: inbox.threshold,
                channel: .inbox,
                title: event.subject,
                body: event.text, createdAt: instant, delivery: .notApplicable)
        }
        return Notices(
            notifications: notifications, outbox: try await messages(event, people: people, organizations: organizations, at: instant))
    }

    /// Renders the notices a Core command caused: each event's words from the catalog (the
    /// subject's address added as `link`, its times in each recipient's organization's zone), an
    /// inbox row for each person told, e-mails as each chose, and the webhook calls (times in UTC),
    /// ready to be stored in the command's transaction.
    ///
    /// `language` names each recipient's language (the one they chose on their account page); the
    /// words come from `catalogs` in it, or in English where the catalog lacks them.
    mutating func render(
        _ events: [NoticeEvent], at instant: Date, catalogs: Catalogs = StaffText.catalogs,
        language: (User) -> String = \.language
    ) async throws -> Notices {
        var all = Notices()
        for notice in events {
            let path: String
            var inbox = InboxLink(
                organizationID: notice.organization ?? OrganizationID(""), clockKind: notice.clockKind, threshold: notice.threshold)
            switch notice.subject {
            case .episode(let id):
                path = Routes.episode(id)
                inbox.episodeID = id
            case .qaReview(let id):
                path = Routes.qaReview(id)
                inbox.qaReviewID = id
            case .policeCase(let id):
                path = Routes.policeCase(id)
                inbox.policeCaseID = id
            case .tips(let episode):
                path = Routes.tips.path
                inbox.episodeID = episode
            case .readiness(let organization):
                path = Routes.readiness(organization)
            case .tipInbox:
                path = Routes.tips.path
            }
            let link = services.configuration.publicBaseURL + path
            func event(in zone: TimeZone, language: String) -> Event {
                var values = notice.values.merging(["link": link]) { _, added in added }
                for (name, time) in notice.times { values[name] = LocalTime(zone).format(time) }
                return Event(
                    type: notice.type, subject: catalogs.text(notice.titleKey, language, values),
                    text: catalogs.text(notice.textKey, language, values), data: notice.data.merging(["link": link]) { _, added in added })
            }
            // People are told in their own language and their organization's zone, each
            // organization's rows its own.
            let groups = Dictionary(grouping: notice.recipients) { Group(organization: $0.organizationID, language: language($0)) }
            for group in groups.keys.sorted(by: { ($0.organization.rawValue, $0.language) < ($1.organization.rawValue, $1.language) }) {
                let zone = try await self.zone(of: group.organization)
                let words = event(in: zone, language: group.language)
                guard notice.delivery == .inboxAndChosenEmail else {
                    all.outbox += try await messages(
                        words, people: groups[group]!, organizations: [], delivery: notice.delivery, at: instant)
                    continue
                }
                var rows = inbox
                if notice.organization == nil { rows.organizationID = group.organization }
                let told = try await notices(words, people: groups[group]!, organizations: [], inbox: rows, at: instant)
                all.notifications += told.notifications
                all.outbox += told.outbox
            }
            all.outbox += try await messages(
                event(in: TimeZone.utc, language: Catalogs.fallback), people: [], organizations: notice.organizations, at: instant)
        }
        return all
    }

    private struct Group: Hashable {
        var organization: OrganizationID
        var language: String
    }

    private var zones: [OrganizationID: TimeZone] = [:]

    /// An organization's time zone (UTC when it is not found).
    private mutating func zone(of organization: OrganizationID) async throws -> TimeZone {
        if let zone = zones[organization] { return zone }
        let zone = try await services.store.organization(organization)?.zone ?? TimeZone.utc
        zones[organization] = zone
        return zone
    }
}
