public import Imaging

extension TextRecognizer {
    /// ``recognize(_:region:scale:)`` for async code: the reading runs on the recognizer's own threads, so
    /// it never holds one of Swift's cooperative threads (of which a 2-core machine has two) for the
    /// hundreds of milliseconds Tesseract may take.
    public func recognize(_ image: Image, region: Rect? = nil, scale: Int = 1) async throws(TextRecognitionError) -> [RecognizedLine] {
        try await Self.offCooperativePool { () throws(TextRecognitionError) in try self.recognize(image, region: region, scale: scale) }
    }

    /// ``locate(_:in:region:exact:scale:)`` for async code, reading on the recognizer's own threads.
    public func locate(_ phrase: String, in image: Image, region: Rect? = nil, exact: Bool = true,
                       scale: Int = 1) async throws(TextRecognitionError) -> [TextMatch] {
        try await Self.offCooperativePool { () throws(TextRecognitionError) in
            try self.locate(phrase, in: image, region: region, exact: exact, scale: scale)
        }
    }

    /// Runs `work` on a thread of its own (see ``ReadingThreads``), off Swift's cooperative pool.
    private static func offCooperativePool<T: Sendable>(
        _ work: @escaping @Sendable () throws(TextRecognitionError) -> T
    ) async throws(TextRecognitionError) -> T {
        let result: Result<T, TextRecognitionError> = await ReadingThreads.detached {
            Result { () throws(TextRecognitionError) in try work() }
        }
        return try result.get()
    }
}
