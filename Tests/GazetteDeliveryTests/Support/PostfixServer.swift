import Foundation
import GazetteCore
import GazetteTestSupport

/// A real Postfix of the test's own: a private `config_directory`, `queue_directory` and
/// `data_directory` in a scratch folder, a master.cf whose only listener is smtpd on a free loopback
/// port, and every recipient delivered by the `virtual` agent into one Maildir (`maildir/mail/`).
/// Its master runs in the foreground (`master -d`) as the test's child and is stopped at the end.
/// Postfix's master must be started as root (CI runs the tests as root).
///
/// Options: STARTTLS with a certificate (`tls`), TLS from the first byte (`wrapper`), SASL logins
/// (`users`, Cyrus sasldb, mechanisms PLAIN and/or LOGIN), and per-recipient replies (`access`:
/// address → `450 4.2.0 …` or `550 5.1.1 …`).
final class PostfixServer: @unchecked Sendable {
    struct Options {
        var tls: (certificate: String, key: String)?
        var wrapper = false
        var users: [(name: String, password: String)] = []
        var mechanisms = ["PLAIN", "LOGIN"]
        var access: [(address: String, reply: String)] = []
        /// Postfix's `message_size_limit` (offered as SIZE); nil: its default.
        var sizeLimit: Int?
        /// Do not offer PIPELINING, and refuse a client that pipelines anyway.
        var forbidPipelining = false
    }

    let folder: ScratchFolder
    let port: Int
    private var master: LocalServer!
    var config: String { folder.path + "/config" }
    var maildir: String { folder.path + "/maildir/mail" }
    var url: String { "smtp://127.0.0.1:\(port)" }
    /// The SASL realm logins are made in (smtpd_sasl_local_domain).
    static let realm = "gazette-test"

    init(_ options: Options = Options()) throws {
        folder = ScratchFolder("gazette-postfix")
        port = LoopbackPort.free()
        let base = folder.path
        let manager = FileManager.default
        for directory in ["config/sasl", "queue", "data", "maildir"] {
            try manager.createDirectory(atPath: base + "/" + directory, withIntermediateDirectories: true)
        }
        // The virtual agent writes the Maildir as nobody; Postfix's own data folder is its user's.
        chmod(base, 0o755)
        chmod(base + "/maildir", 0o777)
        _ = try runProgram("/bin/chown", ["postfix", base + "/data"])
        var main = """
            compatibility_level = 3.6
            config_directory = \(base)/config
            queue_directory = \(base)/queue
            data_directory = \(base)/data
            command_directory = /usr/sbin
            daemon_directory = /usr/lib/postfix/sbin
            meta_directory = /etc/postfix
            shlib_directory = /usr/lib/postfix
            mail_owner = postfix
            setgid_group = postdrop
            syslog_name = gazette-test-postfix-\(port)
            maillog_file = \(base)/maillog
            maillog_file_prefixes = \(base)
            myhostname = postfix.gazette-test.localhost
            mydomain = gazette-test.localhost
            myorigin = $myhostname
            mydestination =
            relayhost =
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, reject
            local_header_rewrite_clients =
            alias_maps =
            alias_database =
            biff = no
            smtputf8_enable = no
            virtual_mailbox_domains = static:all
            virtual_mailbox_base = \(base)/maildir
            virtual_mailbox_maps = static:mail/
            virtual_uid_maps = static:65534
            virtual_gid_maps = static:65534
            virtual_minimum_uid = 100

            """
        if !options.access.isEmpty {
            let table = options.access.map { "\($0.address) \($0.reply)" }.joined(separator: "\n") + "\n"
            try table.write(toFile: base + "/config/access", atomically: true, encoding: .utf8)
            main += "smtpd_recipient_restrictions = check_recipient_access texthash:\(base)/config/access, permit_mynetworks, reject\n"
        }
        if let limit = options.sizeLimit { main += "message_size_limit = \(limit)\n" }
        if options.forbidPipelining {
            main += "smtpd_discard_ehlo_keywords = pipelining\nsmtpd_data_restrictions = reject_unauth_pipelining\n"
        }
        if let tls = options.tls {
            main += """
                smtpd_tls_cert_file = \(tls.certificate)
                smtpd_tls_key_file = \(tls.key)
                smtpd_tls_security_level = may
                smtpd_tls_received_header = yes

                """
        }
        if !options.users.isEmpty {
            // Debian's Postfix reads Cyrus SASL's smtpd.conf from <config_directory>/sasl/.
            main += """
                smtpd_sasl_auth_enable = yes
                smtpd_sasl_type = cyrus
                smtpd_sasl_path = smtpd
                smtpd_sasl_local_domain = \(Self.realm)

                """
            let database = base + "/sasldb2"
            try """
            pwcheck_method: auxprop
            auxprop_plugin: sasldb
            mech_list: \(options.mechanisms.joined(separator: " "))
            sasldb_path: \(database)

            """.write(toFile: base + "/config/sasl/smtpd.conf", atomically: true, encoding: .utf8)
            for user in options.users {
                let made = try runProgram(
                    "/usr/sbin/saslpasswd2", ["-p", "-f", database, "-c", "-u", Self.realm, user.name], input: user.password)
                guard made.status == 0 else { throw RunFailure("saslpasswd2 failed: \(made.error)") }
            }
            _ = try runProgram("/bin/chown", ["postfix", database])
        }
        try main.write(toFile: base + "/config/main.cf", atomically: true, encoding: .utf8)
        let smtpd = options.wrapper ? "smtpd -o smtpd_tls_wrappermode=yes" : "smtpd"
        let master = """
            127.0.0.1:\(port) inet n - n - - \(smtpd)
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            tlsmgr    unix  -       -       n       1000?   1       tlsmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            flush     unix  n       -       n       1000?   0       flush
            proxymap  unix  -       -       n       -       -       proxymap
            proxywrite unix -       -       n       -       1       proxymap
            smtp      unix  -       -       n       -       -       smtp
            relay     unix  -       -       n       -       -       smtp
            showq     unix  n       -       n       -       -       showq
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            local     unix  -       n       n       -       -       local
            virtual   unix  -       n       n       -       -       virtual
            lmtp      unix  -       -       n       -       -       lmtp
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd

            """
        try master.write(toFile: base + "/config/master.cf", atomically: true, encoding: .utf8)
        // `postfix check` makes the queue's folders with their owners and modes.
        let check = try runProgram("/usr/sbin/postfix", ["-c", config, "check"])
        guard check.status == 0 else {
            throw RunFailure(
                "postfix check failed (\(check.status)): \(check.error) \(String(decoding: FileManager.default.contents(atPath: base + "/maillog") ?? Data(), as: UTF8.self))"
            )
        }
        self.master = try LocalServer(
            "postfix", executable: "/usr/lib/postfix/sbin/master", arguments: ["-c", config, "-d"], port: port, log: base + "/master.log")
    }

    func stop() { master?.stop() }

    deinit { stop() }

    var maillog: String { String(decoding: FileManager.default.contents(atPath: folder.path + "/maillog") ?? Data(), as: UTF8.self) }

    /// The delivered messages' files, once `count` have arrived (waiting up to `seconds`).
    func delivered(count: Int, within seconds: Double = 20) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var files: [String] = []
        repeat {
            files = ((try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? []).sorted().map { maildir + "/new/" + $0 }
            if files.count >= count { break }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return files
    }

    /// A self-signed certificate for 127.0.0.1 (and a CA that signed one), made with openssl.
    struct Certificates {
        /// A CA and a server certificate it signed, for IP 127.0.0.1 and DNS localhost.
        var caCertificate: String
        var certificate: String
        var key: String
        /// A self-signed server certificate no one trusts.
        var selfSigned: String
        var selfSignedKey: String
    }

    static func makeCertificates(in folder: ScratchFolder) throws -> Certificates {
        let base = folder.path + "/certs"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        func openssl(_ arguments: [String]) throws {
            let result = try runProgram("/usr/bin/openssl", arguments, in: base)
            guard result.status == 0 else { throw RunFailure("openssl \(arguments.first ?? ""): \(result.error)") }
        }
        try "subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\n".write(
            toFile: base + "/server.ext", atomically: true, encoding: .utf8)
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
            "/CN=Gazette test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2",
            "-extfile", "server.ext",
        ])
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out", "self.pem", "-days", "2", "-subj",
            "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        // Postfix reads the keys as root before it drops privileges; readable by its user anyway.
        for file in ["server.key", "self.key"] { chmod(base + "/" + file, 0o644) }
        return Certificates(
            caCertificate: base + "/ca.pem", certificate: base + "/server.pem", key: base + "/server.key", selfSigned: base + "/self.pem",
            selfSignedKey: base + "/self.key")
    }
}
