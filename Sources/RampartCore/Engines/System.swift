#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine the engines run on.
public enum System {
    /// Online processors, or the value of RAMPART_THREADS when set (1…256).
    public static var activeProcessorCount: Int {
        if let v = getenv("RAMPART_THREADS"), let n = Int(String(cString: v)), (1...256).contains(n) { return n }
        return onlineProcessorCount
    }

    /// Online processors, whatever RAMPART_THREADS says: the most workers that can wait for
    /// each other by spinning without taking a core from one that has work.
    public static var onlineProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
