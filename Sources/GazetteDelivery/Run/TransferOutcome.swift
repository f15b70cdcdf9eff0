/// What became of one message's transaction.
enum TransferOutcome: Sendable, Equatable {
    /// 2xx after the data: the relay's reply.
    case sent(String)
    /// 4xx, or the connection lost before the data: why.
    case deferred(String)
    /// 5xx, or the message can never be sent: why.
    case failed(String)
    /// The data went out and no reply came.
    case uncertain(String)
}
