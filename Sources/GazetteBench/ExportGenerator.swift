import Foundation
import GazetteCore

/// Generates an HR export for benchmarks: `employees` employees over `employees / 100` companies, with
/// leave, days off, shifts and birthdays around `week`, from a seed. The files follow CONTRACT's
/// "Content/data" format exactly, so the digest reads them like a real export.
public enum ExportGenerator {
    static let firstNames = [
        "Emma", "Lucas", "Louise", "Noah", "Olivia", "Liam", "Mila", "Arthur", "Elise", "Jules", "Zoë", "Finn", "Marie",
        "Daan", "Sofie", "Milan", "Lotte", "Bram", "Amélie", "Hugo", "Chloé", "Léon", "Inès", "Théo", "Fatima", "Mohamed",
        "Aoife", "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Freya", "Çağla", "Nguyễn", "Ødegaard",
    ]
    static let lastNames = [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "Dubois", "Lambert", "Martin", "Dupont", "Leroy", "de Vries", "van Dijk", "Bakker", "Visser", "Smit",
        "Smith", "Jones", "Taylor", "Brown", "Williams", "O'Brien", "Ní Bhriain", "van den Berghe", "El Amrani", "Yılmaz",
    ]
    static let zones = [("nl", "Europe/Brussels"), ("fr", "Europe/Paris"), ("nl", "Europe/Amsterdam"), ("en", "Europe/London")]
    static let kinds = ["Vakantie", "Congé annuel", "Annual leave", "Ziekte", "Maladie", "Sick leave", "Compensatie", "Training"]
    static let teams = ["Sales", "Logistics", "Office", "Production", "Support", "Finance", "Planning", "Kitchen", "Dispatch", "Care"]

    /// Writes companies.csv, employees.csv, leave.csv, days_off.csv, shifts.csv and optouts.csv to `directory`.
    public static func write(employees: Int, seed: UInt64, week: ISOWeek, to directory: String) throws {
        try AtomicOutput.makeDirectory(directory)
        let companyCount = max(1, employees / 100)
        var companies = "id,name,locale,time_zone\n"
        var daysOff = "company_id,date,name\n"
        for company in 0..<companyCount {
            var random = SeededRandom(seed: seed, 1, company)
            let (locale, zone) = zones[company % zones.count]
            companies += "c\(company + 1),Company \(company + 1),\(locale),\(zone)\n"
            for day in week.days where day.weekday <= 5 && random.chance(0.08) {
                daysOff += "c\(company + 1),\(day),Closing day\n"
            }
            daysOff += "c\(company + 1),\(week.monday.adding(days: 28)),Public holiday\n"
        }
        try AtomicOutput.write(companies, to: directory + "/companies.csv")
        try AtomicOutput.write(daysOff, to: directory + "/days_off.csv")

        var staff =
            "id,company_id,first_name,last_name,email,locale,team,birth_date,share_birthday,ess_onboarded,digest_opt_out,start_date,end_date\n"
        var leave = "employee_id,start_date,end_date,part,kind,status\n"
        var shifts = "employee_id,date,start,end,location\n"
        var optouts = "employee_id,at\n"
        staff.reserveCapacity(employees * 140)
        for index in 0..<employees {
            var random = SeededRandom(seed: seed, 2, index)
            let company = index % companyCount + 1
            let id = "e\(index + 1)"
            let first = random.pick(firstNames)
            let last = random.pick(lastNames)
            let email = random.chance(0.97) ? "\(id)@company\(company).example" : ""
            let locale = random.chance(0.1) ? random.pick(["nl", "fr", "en"]) : ""
            let team = random.pick(teams)
            let year = random.int(1960...2004)
            var birthday = week.monday.adding(days: random.int(-180...180))
            birthday = CivilDate(
                year: year, month: birthday.month, day: min(birthday.day, CivilDate.daysIn(month: birthday.month, year: year)))!
            let start = random.chance(0.02) ? week.monday.adding(days: random.int(1...20)).description : ""
            let end = start.isEmpty && random.chance(0.02) ? week.monday.adding(days: random.int(-20...5)).description : ""
            staff += "\(id),c\(company),\(first),\(csv(last)),\(email),\(locale),\(team),\(birthday),\(random.chance(0.6)),"
            staff += "\(random.chance(0.85)),\(random.chance(0.03)),\(start),\(end)\n"
            for _ in 0..<random.int(0...2) {
                let from = week.monday.adding(days: random.int(-14...10))
                let to = from.adding(days: random.int(0...9))
                let part = from == to && random.chance(0.3) ? random.pick(["am", "pm"]) : "full"
                let status = random.chance(0.85) ? "approved" : random.pick(["requested", "rejected"])
                leave += "\(id),\(from),\(to),\(part),\(random.pick(kinds)),\(status)\n"
            }
            if random.chance(0.3) {
                for day in week.days where random.chance(0.6) {
                    let startHour = random.pick([6, 8, 14, 22])
                    let endHour = (startHour + 8) % 24
                    shifts += "\(id),\(day),\(pad(startHour)):00,\(pad(endHour)):00,Site \(random.int(1...4))\n"
                }
            }
            if random.chance(0.01) { optouts += "\(id),\(week.monday.adding(days: -3))T10:00:00Z\n" }
        }
        try AtomicOutput.write(staff, to: directory + "/employees.csv")
        try AtomicOutput.write(leave, to: directory + "/leave.csv")
        try AtomicOutput.write(shifts, to: directory + "/shifts.csv")
        try AtomicOutput.write(optouts, to: directory + "/optouts.csv")
    }

    static func csv(_ field: String) -> String {
        field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    static func pad(_ hour: Int) -> String { hour < 10 ? "0\(hour)" : "\(hour)" }
}
