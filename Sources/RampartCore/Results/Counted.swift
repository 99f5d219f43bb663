/// A count with its noun in the right number: `counted(1, "record")` is "1 record",
/// `counted(3, "breach", "breaches")` is "3 breaches".
func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
}
