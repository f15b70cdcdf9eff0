import GazetteCore
import GazetteDigest
import Testing

/// The privacy rules of the digest, each checked on what a reader sees (subject, text and HTML).
@Suite struct PrivacyTests {
    static let week = "2026-W53"

    @Test func nobodyOfAnotherCompanyAppears() throws {
        let digests = try Sample.allDigests(Self.week)
        #expect(digests.count == 52)
        let export = Sample.export
        for (id, digest) in digests {
            let company = export.employees[export.employeeIndex[id]!].companyID
            let visible = digest.subject + digest.text + digest.html
            for other in export.employees where other.companyID != company {
                #expect(!visible.contains(other.fullName), "\(id) (\(company)) shows \(other.fullName) of \(other.companyID)")
            }
        }
    }

    @Test func noKindOfLeaveAppearsAnywhere() throws {
        let kinds = Set(Sample.rows("leave.csv").dropFirst().map { $0[1] }).filter { !$0.isEmpty }
        #expect(kinds.contains("Zwangerschapsverlof") && kinds.contains("Sick leave — hospital"))
        for (id, digest) in try Sample.allDigests(Self.week) {
            // The message as composed: its DKIM signatures are base64 over its bytes, where three
            // letters like "RTT" turn up by chance (case ignored) and say nothing.
            let message = String(decoding: digest.message.bytes(), as: UTF8.self)
            let visible = digest.subject + digest.text + digest.html + message
            for kind in kinds {
                #expect(!visible.localizedCaseInsensitiveContains(kind), "\(id)'s digest shows the leave kind \(kind)")
            }
        }
    }

    @Test func leaveThatIsNotApprovedIsNeverShown() throws {
        // E1014 (requested 29–30 Dec), E2006 (requested all week), E2012 and E4012 (rejected).
        #expect(!(try Sample.visible(Self.week, "E1001")).contains("Thomas Verstraete"))
        #expect(!(try Sample.visible(Self.week, "E2001")).contains("Inès Haddad"))
        #expect(!(try Sample.visible(Self.week, "E2001")).contains("Antoine Mercier"))
        #expect(!(try Sample.visible(Self.week, "E4001")).contains("Rhys Llewellyn"))
        // E1016: 28 Dec rejected, 29–30 Dec approved: only the approved days.
        let text = try Sample.digest(Self.week, "E1011").text
        #expect(text.contains("- Lotte Mertens: dinsdag 29 december tot en met woensdag 30 december\n"))
    }

    @Test func unsharedBirthdaysAreNeverShown() throws {
        // E1005 (30 Dec, false), E4011 (3 Jan, false), E2007 (29 Dec, empty = false).
        let leie = try Sample.digest(Self.week, "E1001")
        #expect(leie.view.birthdays.map { Sample.export.employees[$0.employee].id } == ["E1019", "E1002", "E1003", "E1015"])
        #expect(!leie.text.contains("- Yıldız Çelik: woensdag 30 december"))
        let thames = try Sample.digest(Self.week, "E4001")
        #expect(!thames.view.birthdays.contains { Sample.export.employees[$0.employee].id == "E4011" })
        let sambre = try Sample.digest(Self.week, "E2001")
        #expect(!sambre.view.birthdays.contains { Sample.export.employees[$0.employee].id == "E2007" })
    }

    @Test func neverTheBirthYearOrAge() throws {
        let years = Set(
            Sample.rows("employees.csv").dropFirst().compactMap { row -> String? in
                row[9].count == 10 ? String(row[9].prefix(4)) : nil
            })
        #expect(years.contains("1969"))
        for (id, digest) in try Sample.allDigests(Self.week) {
            for year in years {
                #expect(!(digest.text + digest.html + digest.subject).contains(year), "\(id)'s digest shows \(year)")
            }
            // A birthday reads as a day and a month ("dinsdag 29 december"), nothing more.
            let title = try Sample.inputs.composer.locales[digest.view.language].text("digest.birthdays.title")
            guard let start = digest.text.range(of: "\n" + title + "\n") else { continue }
            let section = digest.text[start.upperBound...].prefix { _ in true }.components(separatedBy: "\n\n")[0]
            let birthdays = section.components(separatedBy: "\n").filter { $0.hasPrefix("- ") }
            #expect(birthdays.count == digest.view.birthdays.count)
            for line in birthdays {
                #expect(line.range(of: #"^- [^:]+ ?: \p{L}+ \d{1,2}(er)? \p{L}+$"#, options: .regularExpression) != nil, "\(line)")
            }
        }
    }

    @Test func peopleNotEmployedInTheWeekAreNeverShown() throws {
        for id in ["E1001", "E1003", "E1019"] {
            let visible = try Sample.visible(Self.week, id)
            #expect(!visible.contains("Bart De Smet"))  // left 18 Dec: approved leave and shared birthday in the week
            #expect(!visible.contains("Nora Hermans"))  // starts 11 Jan: shared birthday 2 Jan
        }
        // Koen Maes left on Wednesday 30 Dec: still shown for his leave on 28–29 Dec.
        #expect(try Sample.visible(Self.week, "E1001").contains("Koen Maes"))
    }

    @Test func colleagueListsLeaveOutTheRecipientThemself() throws {
        let digest = try Sample.digest(Self.week, "E1015")  // opted out, but look at the view anyway
        let ids = (digest.view.teamOut + digest.view.othersOut).map { Sample.export.employees[$0.employee].id }
        #expect(!ids.contains("E1015"))
        #expect(!digest.view.birthdays.contains { Sample.export.employees[$0.employee].id == "E1015" })
    }

    @Test func onlyOwnShiftsAreShown() throws {
        let digest = try Sample.digest(Self.week, "E3002")
        #expect(digest.view.shifts.allSatisfy { $0.shift.employee == Sample.employee("E3002") })
        #expect(digest.view.shifts.map(\.shift.date.description) == ["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"])
        // E3003 and E4004 get no email; their shifts appear in nobody's.
        for (_, other) in try Sample.allDigests(Self.week) {
            #expect(!other.view.shifts.contains { [Sample.employee("E3003"), Sample.employee("E4004")].contains($0.shift.employee) })
        }
    }

    @Test func everyShownItemSaysWhy() throws {
        let view = try Sample.digest(Self.week, "E1001").view
        let absence = try #require(view.teamOut.first { Sample.export.employees[$0.employee].id == "E1009" })
        #expect(absence.because.rule == .approvedLeave)
        #expect(absence.because.rows.map(\.description) == ["leave.csv:13", "leave.csv:14"])
        #expect(view.daysOff.map(\.because.rows.first!.description) == ["days_off.csv:4", "days_off.csv:5"])
        #expect(view.birthdays.first!.because.explanation.contains("never the year or age"))
    }

    @Test func composingForSomeoneWithoutAUsableAddressSaysWhy() {
        #expect(
            throws: InputError(
                InputProblem(
                    path: "employees.csv", line: 5,
                    "email \"jan.peeters(at)brouwerij-leie.example\" of E1004 is not a usable address: this employee gets no digest"))
        ) {
            try Sample.digest(Self.week, "E1004")
        }
    }
}
