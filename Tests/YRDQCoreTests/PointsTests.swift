import Testing
import YRDQCore
import YRDQTestSupport

@Suite("Points: exact decimals with two places")
struct PointsTests {
    @Test("plain decimals parse to exact hundredths", arguments: [
        ("2", Int64(200)), ("1.5", 150), ("0.25", 25), ("1.50", 150), ("0", 0), ("0.5", 50),
        (" 3 ", 300), ("1.500", 150), ("100", 10000), ("007", 700),
    ])
    func accepts(text: String, hundredths: Int64) {
        #expect(Points.parse(text) == .success(Points(hundredths: hundredths)))
    }

    @Test("refused texts give the matching error", arguments: [
        ("1e400", PointsParseError.notANumber),
        ("NaN", .notANumber),
        (".nan", .notANumber),
        ("Infinity", .notANumber),
        (".inf", .notANumber),
        ("２", .fullWidthDigits),
        ("１.５", .fullWidthDigits),
        ("1,5", .decimalComma),
        ("1，5", .decimalComma),
        ("1.555", .tooManyDecimals),
        ("0.001", .tooManyDecimals),
        ("abc", .notANumber),
        ("两分", .notANumber),
        ("", .empty),
        ("   ", .empty),
        ("1.2.3", .notANumber),
        ("5.", .notANumber),
        ("-", .notANumber),
        ("0x10", .notANumber),
        ("-1", .negative),
        ("-0.5", .negative),
        ("1234567890123", .tooLarge),
    ])
    func refuses(text: String, error: PointsParseError) {
        #expect(Points.parse(text) == .failure(error))
    }

    @Test func negativesOnlyWhenAllowed() {
        #expect(Points.parse("-20", allowNegative: true) == .success(Points(hundredths: -2000)))
        #expect(Points.parse("-20") == .failure(.negative))
    }

    @Test func negativeZeroIsZero() {
        #expect(Points.parse("-0") == .success(.zero))
        #expect(Points.parse("-0.00") == .success(.zero))
        #expect(Points.parse("-0")  == .success(Points(0)))
    }

    @Test("error messages say what is wrong")
    func messages() {
        #expect(PointsParseError.fullWidthDigits.message.contains("全角"))
        #expect(PointsParseError.decimalComma.message.contains("小数点"))
        #expect(PointsParseError.tooManyDecimals.message == "小数超过两位")
        #expect(PointsParseError.negative.message == "不能为负数")
        #expect(PointsParseError.notANumber.message == "不是数字")
        #expect(PointsParseError.empty.message == "没有填写分数")
    }

    @Test("description is the shortest exact decimal", arguments: [
        (Int64(200), "2"), (150, "1.5"), (25, "0.25"), (5, "0.05"), (-2000, "-20"), (-5, "-0.05"),
        (0, "0"), (8875, "88.75"), (8010, "80.1"), (7999, "79.99"),
    ])
    func description(hundredths: Int64, text: String) {
        #expect(Points(hundredths: hundredths).description == text)
    }

    @Test("fixed2 always prints two decimals", arguments: [
        (Int64(8650), "86.50"), (200, "2.00"), (5, "0.05"), (0, "0.00"), (-2000, "-20.00"), (-5, "-0.05"), (9275, "92.75"),
    ])
    func fixed2(hundredths: Int64, text: String) {
        #expect(Points(hundredths: hundredths).fixed2 == text)
    }

    @Test func arithmeticIsExact() {
        // 0.1 + 0.2 is 0.3 exactly, unlike binary floating point.
        #expect(p("0.1") + p("0.2") == p("0.3"))
        #expect(p("88.75") + p("4") - p("0") == p("92.75"))
        #expect(p("10") - p("40") == p("-30"))
        #expect(p("0.25") * 4 == Points(1))
        #expect(-p("20") == Points(hundredths: -2000))
    }

    @Test("mean rounds half-up to 0.01")
    func meanRounding() {
        // 240.01 / 3 = 80.00333… → 80.00
        #expect(Points.mean([p("80.00"), p("80.00"), p("80.01")]) == p("80.00"))
        // 0.03 / 2 = 0.015 → 0.02 (half rounds up, not to even)
        #expect(Points.mean([p("0.01"), p("0.02")]) == p("0.02"))
        // 0.05 / 2 = 0.025 → 0.03 (banker's rounding would give 0.02)
        #expect(Points.mean([p("0.02"), p("0.03")]) == p("0.03"))
        // 480.03 / 6 = 80.005 → 80.01
        #expect(Points.mean([p("80"), p("80"), p("80"), p("80"), p("80"), p("80.03")]) == p("80.01"))
        // 480.02 / 6 = 80.00333… → 80.00
        #expect(Points.mean([p("80"), p("80"), p("80"), p("80"), p("80"), p("80.02")]) == p("80.00"))
        // 2/3 = 0.666… → 0.67
        #expect(Points.mean([p("0"), p("1"), p("1")]) == p("0.67"))
        // 1/3 = 0.333… → 0.33
        #expect(Points.mean([p("0"), p("0"), p("1")]) == p("0.33"))
        #expect(Points.mean([p("85.39")]) == p("85.39"))
    }

    @Test("the mean of negatives rounds half away from zero")
    func meanOfNegatives() {
        #expect(Points.mean([p("-0.01"), p("-0.02")]) == p("-0.02"))
    }

    @Test func percentage() {
        #expect(Points.percentage(p("7"), of: p("8")) == p("87.5"))
        #expect(Points.percentage(p("1"), of: p("3")) == p("33.33"))
        #expect(Points.percentage(p("2"), of: p("3")) == p("66.67"))
        #expect(Points.percentage(p("1"), of: .zero) == .zero)
    }

    @Test func ordering() {
        #expect(p("79.99") < p("80"))
        #expect(p("80") < p("80.01"))
        #expect(p("-0.01") < .zero)
        #expect(max(p("1.5"), p("1.25")) == p("1.5"))
    }
}
