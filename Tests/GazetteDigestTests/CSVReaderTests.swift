import GazetteDigest
import Testing

@Suite struct CSVReaderTests {
    typealias Record = CSVReader.Record

    static func read(_ text: String) -> [Record] { CSVReader.records(Array(text.utf8)) }

    @Test func plainRecordsWithLineNumbers() {
        #expect(Self.read("a,b\n1,2\n") == [Record(fields: ["a", "b"], line: 1), Record(fields: ["1", "2"], line: 2)])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() {
        let records = Self.read("id,note,x\n1,\"a, b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,last,w")
        #expect(
            records == [
                Record(fields: ["id", "note", "x"], line: 1),
                Record(fields: ["1", "a, b", "say \"hi\""], line: 2),
                Record(fields: ["2", "two\nlines", "z"], line: 3),
                Record(fields: ["3", "last", "w"], line: 5),
            ])
    }

    @Test func crlfAndBOMAndBlankLines() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,Zoë\r\n\r\n2,\"a\r\nb\"\r\n".utf8)
        #expect(
            CSVReader.records(bytes) == [
                Record(fields: ["id", "name"], line: 1),
                Record(fields: ["1", "Zoë"], line: 2),
                Record(fields: ["2", "a\r\nb"], line: 4),
            ])
    }

    @Test func emptyFieldsAndTrailingComma() {
        #expect(Self.read("a,,c,\n") == [Record(fields: ["a", "", "c", ""], line: 1)])
        #expect(Self.read("\"\",x\n") == [Record(fields: ["", "x"], line: 1)])
    }

    @Test func unclosedQuoteIsReportedWhereItStarts() {
        let records = Self.read("a,b\n1,2\n3,\"never\nclosed\n")
        #expect(records.count == 3)
        #expect(records[2].line == 3)
        #expect(records[2].problem == "a quoted field that starts on line 3 is never closed: add the closing quote (\")")
    }

    @Test func quoteInsideUnquotedField() {
        let records = Self.read("a,b\n1,say \"hi\"\n2,ok\n")
        #expect(records[1].problem == "a quote inside unquoted field 2: put the whole field in quotes and double the quote (\"\")")
        #expect(records[2] == Record(fields: ["2", "ok"], line: 3))
    }

    @Test func textAfterClosingQuote() {
        let records = Self.read("a,b\n\"x\"y,2\n3,4\n")
        #expect(
            records[1].problem
                == "text after the closing quote of field 1: put the whole field in quotes and double any quote inside it (\"\")")
        #expect(records[2] == Record(fields: ["3", "4"], line: 3))
    }

    @Test func invalidUTF8IsReportedOnItsRecord() {
        let bytes = Array("a,b\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n3,fine\n".utf8)
        let records = CSVReader.records(bytes)
        #expect(records[2].line == 3)
        #expect(records[2].problem == "field 2 is not valid UTF-8: save the file as UTF-8")
        #expect(records[3] == Record(fields: ["3", "fine"], line: 4))
    }

    @Test func sampleFilesReadWithTheirMultiLineRecords() {
        // employees.csv: 62 records + header on 64 lines, E1018's cost_center spans lines 19–20.
        let employees = Sample.rows("employees.csv")
        #expect(employees.count == 63)
        let leave = Sample.rows("leave.csv")
        #expect(leave.count == 57)
        #expect(leave.contains { $0.last == "Overlapt met de rij van 28-30/12, zie \"HR-ticket 4411\"\nGoedgekeurd door teamlead" })
    }
}
