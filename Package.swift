// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gazette", targets: ["gazette"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Debian's libcmark-gfm (libcmark-gfm-dev, libcmark-gfm-extensions-dev), through pkg-config.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Reads a cmark-gfm node's literal, URL and title in place (the public API copies them into a
        // new C string on every read); compiled against the private node header libcmark-gfm-dev ships.
        .target(name: "CCmarkFields", dependencies: ["CCmarkGFM"]),
        // Small POSIX helpers Glibc does not expose to Swift (renameat2).
        .target(name: "CGazetteSystem"),
        // Finding bytes eight at a time (little-endian), for the HTML escaper and quoted-printable.
        .target(name: "GazetteBytes"),
        // The one HTML layer: escaping (text, attributes, Mustache's {{ }}), the byte buffer pages are
        // written into, URL safety, and the HTML builder of the preview's pages.
        .target(name: "GazetteHTML", dependencies: ["GazetteBytes"]),
        .target(
            name: "GazetteCore",
            dependencies: [
                "CGazetteSystem",
                "GazetteHTML",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // GitHub-flavoured Markdown → flat arrays of nodes → HTML. The only code that calls cmark-gfm.
        .target(
            name: "GazetteMarkdown",
            dependencies: ["CCmarkGFM", "CCmarkFields", "GazetteHTML"]
        ),
        .target(
            name: "GazetteSite",
            dependencies: ["GazetteCore", "GazetteHTML", "GazetteMarkdown"]
        ),
        // RFC 5322/MIME message writing, encoded headers, unsubscribe tokens (HMAC-SHA256), DKIM signing
        // and checking (RSA from _CryptoExtras, Ed25519 from Crypto), the sender-rules check.
        .target(
            name: "GazetteMail",
            dependencies: [
                "GazetteCore", "GazetteBytes", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // HR export → the week's digests: load and validate the CSV files, privacy rules, compose, write.
        .target(
            name: "GazetteDigest",
            dependencies: ["GazetteCore", "GazetteHTML", "GazetteMail", "GazetteSite"]
        ),
        // `gazette preview`: the week's digests in a browser (Hummingbird), live reload, one-click unsubscribe;
        // the policy site under /site/, made page by page from Content (GazetteSite).
        .target(
            name: "GazettePreview",
            dependencies: [
                "GazetteCore", "GazetteDigest", "GazetteHTML", "GazetteMail", "GazetteSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // NIOCore's IOError: a port in use is told in plain words (PreviewServer+Start.swift).
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // `gazette send`: complete folders of .eml → a mail server (SMTP on SwiftNIO with NIO-SSL, or a
        // local sendmail), each message once, recorded in a SQLite ledger (GRDB).
        .target(
            name: "GazetteDelivery",
            dependencies: [
                "GazetteCore", "GazetteDigest",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteCore",
                "GazetteSite",
                "GazetteDigest",
                "GazetteMail",
                "GazettePreview",
                "GazetteDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc (Debian's libjemalloc-dev) in place of glibc's malloc for the whole process:
            // the site build allocates millions of small blocks on both cores (cmark-gfm's nodes, Swift
            // strings and arrays), and spends a fifth less CPU with it (docs/performance.md).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // Benchmarks: seeded generators of large inputs, and the `make bench` driver.
        .target(name: "GazetteBench", dependencies: ["GazetteCore"]),
        .executableTarget(
            name: "gazette-bench",
            // (GazetteMail for the throwaway DKIM keys the sample's preview signs with; GazetteTestSupport
            // for swift-mustache, the reference `gazette-bench renderers` holds the compiled renderer to.)
            dependencies: [
                "GazetteBench", "GazetteDigest", "GazetteMail", "GazetteSite", "GazetteTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing (docs/fuzzing.md): the targets, and the program `make fuzz` builds with libFuzzer
        // (-sanitize=fuzzer,address -DGAZETTE_LIBFUZZER); built ordinarily, it replays inputs.
        .target(name: "GazetteFuzz", dependencies: ["GazetteCore", "GazetteDigest", "GazetteMail", "GazetteMarkdown", "GazetteSite"]),
        .executableTarget(name: "gazette-fuzz", dependencies: ["GazetteFuzz"]),
        // Shared by the test targets only: repository paths, scratch folders, running programs.
        // (GazetteMail and Crypto for the DKIM test keys and the independent verifiers' helpers;
        // swift-mustache as the reference renderer the compiled one is held byte-identical to.)
        .target(
            name: "GazetteTestSupport",
            dependencies: [
                "GazetteCore", "GazetteMail", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Sources/GazetteTestSupport"),
        .testTarget(name: "GazetteMarkdownTests", dependencies: ["GazetteMarkdown", "GazetteHTML", "GazetteTestSupport"]),
        .testTarget(name: "GazetteCoreTests", dependencies: ["GazetteCore", "GazetteHTML", "GazetteBytes", "GazetteTestSupport"]),
        .testTarget(
            name: "GazetteSiteTests", dependencies: ["GazetteSite", "GazetteCore", "GazetteMarkdown", "GazetteTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "GazetteMailTests", dependencies: ["GazetteMail", "GazetteTestSupport"]),
        .testTarget(
            name: "GazetteDigestTests", dependencies: ["GazetteDigest", "GazetteMail", "GazetteCore", "GazetteTestSupport"],
            resources: [.copy("Fixtures")]),
        // End to end: runs the built `gazette` binary as a user would.
        .testTarget(
            name: "GazettePreviewTests",
            dependencies: [
                "GazettePreview", "GazetteDigest", "GazetteMail", "GazetteCore", "GazetteTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "GazetteCLITests", dependencies: ["gazette", "GazetteCore", "GazetteMail", "GazetteTestSupport"]),
        // Replays the fuzz seed corpora and every crash kept in Tests/Fuzz.
        .testTarget(name: "GazetteFuzzTests", dependencies: ["GazetteFuzz", "GazetteTestSupport"]),
        // Against real servers on loopback (Postfix, smtp-sink), and the built `gazette send`.
        .testTarget(
            name: "GazetteDeliveryTests",
            dependencies: [
                "GazetteDelivery", "GazetteDigest", "GazetteCore", "GazetteTestSupport", "gazette",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ]
)
