import GazetteMail

extension DigestInputs {
    /// The same inputs with `unsubscribe_url` replaced (the preview points the links of the emails it
    /// shows at itself); everything else, the secret and the signer included, is shared.
    public func replacingUnsubscribeURL(_ url: String) -> DigestInputs {
        var settings = self.settings
        settings.unsubscribeURL = url
        let composer = DigestComposer(
            settings: settings, templates: composer.templates, locales: composer.locales, secret: composer.secret, signer: composer.signer)
        return DigestInputs(settings: settings, composer: composer, export: export)
    }
}

extension DigestSettings {
    /// `unsubscribe_url` pointed at a preview server on this machine (`authority`: `127.0.0.1:18125`
    /// or `[::1]:18125`), when the setting is http on loopback somewhere else; nil when it is https
    /// (real links stay as they are), already points there, or `authority` is not loopback.
    public func unsubscribeURL(servedAt authority: String) -> String? {
        let scheme = "http://"
        guard unsubscribeURL.hasPrefix(scheme), Self.isLoopback(authority: Substring(authority)) else { return nil }
        let rest = unsubscribeURL.dropFirst(scheme.count)
        let current = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard Self.isLoopback(authority: current), current != authority else { return nil }
        return scheme + authority + rest.dropFirst(current.count)
    }
}
