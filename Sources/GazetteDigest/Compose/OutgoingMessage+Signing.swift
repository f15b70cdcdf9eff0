import GazetteCore
import GazetteMail

extension OutgoingMessage {
    /// The message's bytes, with its DKIM signatures above them when the run signs (`signer`).
    ///
    /// A key that was read but cannot sign is a broken key file: an input problem of that file (the
    /// trial messages of the composers' `check()` meet it before anything is written).
    func bytes(signedBy signer: DKIMSigner?) throws(InputError) -> [UInt8] {
        guard let signer else { return bytes() }
        do {
            return try signer.sign(self)
        } catch {
            throw InputError(InputProblem(path: error.source, error.message))
        }
    }
}
