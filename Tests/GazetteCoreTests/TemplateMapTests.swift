import GazetteCore
import Testing

@Suite("Template maps")
struct TemplateMapTests {
    @Test func findsEveryKeyAndNoOther() {
        var dictionary: [String: TemplateValue] = [:]
        for index in 0..<100 { dictionary["key\(index)"] = .string("value \(index)") }
        dictionary[""] = "empty key"
        dictionary["Zoë"] = "non-ASCII key"
        let map = TemplateMap(dictionary)
        #expect(map.count == 102)
        for (key, value) in dictionary { #expect(map[key] == value, "\(key)") }
        #expect(map["key100"] == nil)
        #expect(map["Key1"] == nil)
        #expect(map["Zoe"] == nil)
    }

    @Test func laterLiteralValuesReplaceEarlierOnes() {
        let map: TemplateMap = ["a": "first", "b": true, "a": "second"]
        #expect(map.count == 2)
        #expect(map["a"] == "second")
        #expect(map.keys == ["a", "b"])
    }

    @Test func equalityIgnoresTheOrderTheMapWasBuiltIn() {
        let one = TemplateMap(["x": "1", "y": ["nested": true]])
        let other: TemplateMap = ["y": ["nested": true], "x": "1"]
        #expect(one == other)
        #expect(one != TemplateMap(["x": "1", "y": ["nested": false]]))
        #expect(one != TemplateMap(["x": "1"]))
    }
}
