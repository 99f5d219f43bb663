#if canImport(Glibc)
import Glibc
#endif

/// Live objects handed to C, by address. A pointer is dereferenced only while it is registered,
/// so NULL, closed or foreign pointers are answered with an error instead of a crash.
final class Registry<Object: AnyObject>: @unchecked Sendable {
    // Guarded by `mutex`; the set holds addresses only, never dereferenced without it.
    private var addresses: Set<UInt> = []
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    private func locked<T>(_ body: (inout Set<UInt>) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&addresses)
    }

    /// Registers `object`, retaining it, and returns its C pointer.
    func add(_ object: Object) -> OpaquePointer {
        let raw = Unmanaged.passRetained(object).toOpaque()
        locked { _ = $0.insert(UInt(bitPattern: raw)) }
        return OpaquePointer(raw)
    }

    /// Runs `body` with the object behind `pointer` while holding the registry lock, or returns nil.
    func withObject<T>(_ pointer: OpaquePointer?, _ body: (Object) -> T) -> T? {
        guard let pointer else { return nil }
        let raw = UnsafeMutableRawPointer(pointer)
        return locked { set -> T? in
            guard set.contains(UInt(bitPattern: raw)) else { return nil }
            return body(Unmanaged<Object>.fromOpaque(raw).takeUnretainedValue())
        }
    }

    /// Unregisters the object behind `pointer` if `allow` agrees, and releases it. Returns false when it was not live.
    func remove(_ pointer: OpaquePointer?, if allow: (Object) -> Bool = { _ in true }) -> Bool? {
        guard let pointer else { return nil }
        let raw = UnsafeMutableRawPointer(pointer)
        let removed: Bool? = locked { set in
            guard set.contains(UInt(bitPattern: raw)) else { return nil }
            guard allow(Unmanaged<Object>.fromOpaque(raw).takeUnretainedValue()) else { return false }
            set.remove(UInt(bitPattern: raw))
            return true
        }
        if removed == true { Unmanaged<Object>.fromOpaque(raw).release() }
        return removed
    }
}

/// Every open assessment handle.
let databases = Registry<Handle>()
/// Every live result.
let results = Registry<ResultBox>()
