// swift-tools-version:6.0
import PackageDescription

/// Rampart: a Swift core exported through a C ABI (`librampart.so`), a REPL and Python bindings.
/// Dependencies point one way: Shell -> C API; C -> Core + Store; Store -> Core.
let package = Package(
    name: "Rampart",
    products: [
        .library(name: "rampart", type: .dynamic, targets: ["RampartC"]),
        // The user-facing binary is staged as `rampart` by the Makefile: a library and an
        // executable product may not share a name.
        .executable(name: "rampart-shell", targets: ["RampartShell"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CEditLine", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CRampart"),
        // Header only: software prefetch for the graph searches.
        .systemLibrary(name: "CPrefetch"),
        .target(name: "RampartCore", dependencies: ["CPrefetch"]),
        .target(name: "RampartStore", dependencies: ["RampartCore", "CSQLite"]),
        .target(
            name: "RampartC",
            dependencies: ["RampartCore", "RampartStore", "CRampart"],
            exclude: ["exports.map"],
            linkerSettings: [
                // Export only the functions of rampart.h from librampart.so.
                .unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/RampartC/exports.map"]),
            ]
        ),
        .executableTarget(name: "RampartShell", dependencies: ["RampartC", "RampartCore", "CRampart", "CEditLine"]),
        .testTarget(name: "RampartCoreTests", dependencies: ["RampartCore"]),
        .testTarget(name: "RampartStoreTests", dependencies: ["RampartCore", "RampartStore"]),
        .testTarget(name: "RampartCTests", dependencies: ["RampartC", "CRampart"]),
    ],
    swiftLanguageModes: [.v6]
)
