/// Plain decimal numbers read without a C string: the exact fast path of Clinger (1990), "How to
/// read floating point numbers accurately", PLDI '90. When the digits fit in 53 bits and the
/// power of ten is at most 10^22, both are exact doubles and one correctly rounded multiplication
/// or division gives the correctly rounded value, so the result equals `Double(text)`.
enum DecimalText {
    private static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { x, _ in x * 10 } }

    /// The value of a decimal number (sign, digits, an optional fraction and exponent), correctly
    /// rounded; nil for anything else. `Double(_:)` alone would also read hexadecimal (`0x10` is
    /// 16), `nan` and `inf`, none of which a field of Rampart's means.
    static func double(_ text: String) -> Double? {
        if let d = exactDouble(text) { return d }
        guard text.utf8.allSatisfy({ (48...57).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                                      || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) else { return nil }
        return Double(text)
    }

    /// The value of `text` (sign, digits, an optional fraction and exponent), or nil when it is
    /// not such a number or falls outside the fast path; callers then use `Double(text)`.
    static func exactDouble(_ text: String) -> Double? {
        var text = text
        return text.withUTF8(exactDouble)
    }

    /// The same, over UTF-8 bytes.
    static func exactDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0, scale = 0, exponent = 0
        var negative = false, seenPoint = false, seenDigit = false
        var iterator = bytes.makeIterator()
        var c = iterator.next()
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { negative = c == UInt8(ascii: "-"); c = iterator.next() }
        while let b = c {
            if b >= 48 && b <= 57 {
                seenDigit = true
                if mantissa == 0 && b == 48 { if seenPoint { scale -= 1 } } else {
                    guard digits < 19 else { return nil }
                    mantissa = mantissa * 10 + UInt64(b - 48)
                    digits += 1
                    if seenPoint { scale -= 1 }
                }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            c = iterator.next()
        }
        guard seenDigit else { return nil }
        if let b = c {
            guard b == UInt8(ascii: "e") || b == UInt8(ascii: "E") else { return nil }
            c = iterator.next()
            var negativeExponent = false
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { negativeExponent = c == UInt8(ascii: "-"); c = iterator.next() }
            guard c != nil else { return nil }
            while let b = c {
                guard b >= 48 && b <= 57, exponent < 1000 else { return nil }
                exponent = exponent * 10 + Int(b - 48)
                c = iterator.next()
            }
            if negativeExponent { exponent = -exponent }
        }
        let power = scale + exponent
        guard mantissa < 1 << 53 else { return nil }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard abs(power) <= 22 else { return nil }
            value = power >= 0 ? value * powersOfTen[power] : value / powersOfTen[-power]
        }
        return negative ? -value : value
    }
}
