import GazetteMail

/// The sender rules (`SenderRules`) over the messages a run wrote: how many pass every rule, and per
/// rule that some fail (or warn about) how many and the first example, for the summary.
public struct SenderRulesTally: Sendable, Equatable {
    /// One rule that not every message passes.
    public struct Rule: Sendable, Equatable {
        public var id: String
        public var failed: Int
        public var warned: Int
        /// The first message it failed (else warned) for, relative to the week's folder, and why.
        public var examplePath: String
        public var exampleDetail: String
    }

    public var checked = 0
    /// Messages with no failing rule (a warning is not a failure).
    public var passed = 0
    /// In the order of `SenderRules.ids`.
    public var rules: [Rule] = []

    public init() {}

    /// Counts one message's checks.
    public mutating func add(_ checks: [MessageCheck], path: String) {
        checked += 1
        if !checks.contains(where: { $0.status == .fail }) { passed += 1 }
        for check in checks where check.status != .pass {
            let failed = check.status == .fail ? 1 : 0
            if let index = rules.firstIndex(where: { $0.id == check.id }) {
                if failed == 1, rules[index].failed == 0 { (rules[index].examplePath, rules[index].exampleDetail) = (path, check.detail) }
                rules[index].failed += failed
                rules[index].warned += 1 - failed
            } else {
                rules.append(Rule(id: check.id, failed: failed, warned: 1 - failed, examplePath: path, exampleDetail: check.detail))
            }
        }
        sort()
    }

    /// Adds another tally's counts after this one's (companies in order: the examples are the first
    /// in employees.csv order however the companies were scheduled).
    public mutating func add(_ other: SenderRulesTally) {
        checked += other.checked
        passed += other.passed
        for rule in other.rules {
            if let index = rules.firstIndex(where: { $0.id == rule.id }) {
                if rules[index].failed == 0, rule.failed > 0 {
                    (rules[index].examplePath, rules[index].exampleDetail) = (rule.examplePath, rule.exampleDetail)
                }
                rules[index].failed += rule.failed
                rules[index].warned += rule.warned
            } else {
                rules.append(rule)
            }
        }
        sort()
    }

    private mutating func sort() {
        rules.sort { (SenderRules.ids.firstIndex(of: $0.id) ?? .max) < (SenderRules.ids.firstIndex(of: $1.id) ?? .max) }
    }
}
