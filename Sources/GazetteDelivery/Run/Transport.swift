/// A way of handing messages over: SMTP or a sendmail program.
protocol Transport: Sendable {
    func run(_ pass: DeliveryPass) async
}
