import Foundation
import HomewardCore
import Testing

@Suite("Episode schedules")
struct EpisodeScheduleTests {
    let clocks = StatutoryClockTests()
    var received: Date { clocks.received }

    func schedule(_ events: [EpisodeEvent], escalated: Set<Escalation> = [], status: EpisodeStatus = .open) -> EpisodeSchedule {
        var episode = clocks.episode()
        episode.status = status
        return EpisodeSchedule.derive(ClockDefinition.federal, episode: episode, events: events, escalated: escalated)
    }

    @Test func the_next_check_is_the_earliest_threshold_not_yet_escalated() {
        let fresh = schedule([])
        #expect(fresh.nextCheckAt == received + 12 * 3600)
        #expect(fresh.attentionFrom == received + 12 * 3600)
        #expect(fresh.openDeadline == received + 24 * 3600)

        let halfEscalated: Set<Escalation> = [
            Escalation(episodeID: EpisodeID("e1"), clockKind: .policeReport, threshold: "0.50"),
            Escalation(episodeID: EpisodeID("e1"), clockKind: .clearinghouseReport, threshold: "0.50"),
        ]
        #expect(schedule([], escalated: halfEscalated).nextCheckAt == received + 0.9 * 24 * 3600)

        // Police have the report two hours in: the NCIC clock's first warning (one hour later) comes first.
        let police = clocks.event(.reportedToPolice, at: received + 2 * 3600)
        #expect(schedule([police], escalated: halfEscalated).nextCheckAt == received + 3 * 3600)
        #expect(schedule([police]).openDeadline == received + 4 * 3600)
    }

    @Test func a_case_with_every_duty_done_or_escalated_has_nothing_left_to_check() {
        let done = [
            clocks.event(.reportedToPolice, at: received + 600), clocks.event(.reportedToClearinghouse, at: received + 700),
            clocks.event(.ncicEntered, at: received + 1800),
        ]
        let met = schedule(done)
        #expect(met.nextCheckAt == nil && met.openDeadline == nil && met.attentionFrom == nil)
        #expect(met.queueKey != nil)

        var everything = Set<Escalation>()
        for kind in [ClockKind.policeReport, .clearinghouseReport, .ncicEntry] {
            for key in ["0.50", "0.90", "breach"] {
                everything.insert(Escalation(episodeID: EpisodeID("e1"), clockKind: kind, threshold: key))
            }
        }
        let breachedAndTold = schedule([], escalated: everything)
        #expect(breachedAndTold.nextCheckAt == nil)
        #expect(breachedAndTold.openDeadline == received + 24 * 3600)
    }

    @Test func located_cases_stay_in_the_queue_without_escalation_and_found_ones_leave_it() {
        let located = schedule([], status: .located)
        #expect(located.nextCheckAt == nil && located.queueKey != nil && located.openDeadline == received + 24 * 3600)
        #expect(schedule([], status: .recovered) == EpisodeSchedule())
        #expect(schedule([], status: .closed) == EpisodeSchedule())
    }

    @Test func the_queue_key_sorts_exactly_as_the_queue_is_ordered() {
        var generator = SystemRandomNumberGenerator()
        let base = received
        let cases = (0..<400).map { _ -> (deadline: Date?, unassigned: Bool, received: Date) in
            let deadline: Date? = Bool.random(using: &generator) ? base + Double(Int.random(in: -5...5, using: &generator)) * 3600 : nil
            return (deadline, Bool.random(using: &generator), base - Double(Int.random(in: 0...5, using: &generator)) * 86_400)
        }
        for a in cases {
            for b in cases.prefix(40) {
                let keyA = CaseAttention.queueKey(deadline: a.deadline, unassigned: a.unassigned, received: a.received)
                let keyB = CaseAttention.queueKey(deadline: b.deadline, unassigned: b.unassigned, received: b.received)
                #expect((keyA < keyB) == CaseAttention.precedes(a, b))
            }
        }
    }

    @Test func cursors_read_back_what_they_wrote_and_refuse_anything_else() {
        let cursor = PageCursor(at: Date(timeIntervalSince1970: 1_795_014_000), id: "tip-1")
        #expect(PageCursor(cursor.text) == cursor)
        #expect(NameCursor(NameCursor(name: "Agency | ~ 1", id: "org").text) == NameCursor(name: "Agency | ~ 1", id: "org"))
        let withNUL = PageCursor(at: cursor.at, id: "tip\u{0}1").text
        #expect(PageCursor(withNUL) == nil && PageCursor("not a cursor") == nil && QueueCursor(cursor.text) == nil)
    }
}
