internal import CTesseract
import Foundation
import Imaging

/// The one owner of a `TessBaseAPI*`: every Tesseract call goes through here.
///
/// Not `Sendable` on purpose (a `TessBaseAPI` must not be used from two threads at once): a
/// ``TextRecognizer`` keeps its engines behind a `Mutex` and lends each to one thread at a time.
final class TesseractEngine {
    private let handle: OpaquePointer

    /// Starts Tesseract with `language` and the LSTM engine (Debian's language data has no legacy model),
    /// quiet, at 96 dpi, reading in `pageSegmentation` mode. `skippingLegacyTables: false` starts it the way
    /// Tesseract itself does (the tests compare the two).
    init(language: String, pageSegmentation: PageSegmentation, skippingLegacyTables: Bool = true) throws(TextRecognitionError) {
        guard let handle = TessBaseAPICreate() else {
            throw .initializationFailed(language: language, dataPath: Self.defaultDataPath)
        }
        // Settings Init reads must be passed to it (variables set before Init are dropped when it starts):
        // Tesseract's messages ("Error opening data file …") would go to stderr; the error says it better.
        // The start skips the built-in "universal" character ambiguities, which only the legacy engine reads
        // and which were three quarters of a start (see `startSkipsLegacyTables`).
        let settings = [("debug_file", "/dev/null")]
        var names = settings.map { strdup($0.0) }, values = settings.map { strdup($0.1) }
        defer { (names + values).forEach { free($0) } }
        let status = names.withUnsafeMutableBufferPointer { names in
            values.withUnsafeMutableBufferPointer { values in
                CTesseract_initLSTM(handle, language, names.baseAddress, values.baseAddress, settings.count, skippingLegacyTables)
            }
        }
        guard status == 0 else {
            // Tesseract sets the folder it looked in even when loading fails.
            let path = Self.folder(TessBaseAPIGetDatapath(handle).map { String(cString: $0) } ?? Self.defaultDataPath)
            TessBaseAPIDelete(handle)
            try Self.checkInstalled(language, in: path)
            throw .initializationFailed(language: language, dataPath: path)
        }
        self.handle = handle
        // Screens are ~96 dpi; without this Tesseract guesses ("Estimating resolution as …").
        _ = TessBaseAPISetVariable(handle, "user_defined_dpi", "96")
        // Lines come dark on white (see LinePreparation): no second, inverted reading of doubtful ones.
        _ = TessBaseAPISetVariable(handle, "tessedit_do_invert", "0")
        TessBaseAPISetPageSegMode(handle, pageSegmentation.mode)
    }

    /// Whether starting an engine skips the legacy engine's universal ambiguity table. True when the program
    /// is linked the usual way (the executable's loader pre-empts the library's); a start takes ~75 ms of
    /// CPU with the table and ~20 without.
    static var startSkipsLegacyTables: Bool { CTesseract_skipsUniversalAmbiguities() }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Reads an 8-bit grey image (`width * height` bytes, no padding) and returns its lines in that image's
    /// pixel coordinates.
    func recognize(grey: [UInt8], width: Int, height: Int) throws(TextRecognitionError) -> [RecognizedLine] {
        precondition(grey.count == width * height, "grey image \(width)×\(height) has \(grey.count) bytes")
        guard width > 0, height > 0 else { return [] }
        OpenMP.serializeCurrentThread()
        grey.withUnsafeBufferPointer { bytes in
            TessBaseAPISetImage(handle, bytes.baseAddress, Int32(width), Int32(height), 1, Int32(width))
        }
        TessBaseAPISetSourceResolution(handle, 96)
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0 else { throw .recognitionFailed(width: width, height: height) }
        return readLines()
    }

    /// Walks the results word by word, starting a new line at each text line's first word.
    private func readLines() -> [RecognizedLine] {
        guard let results = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(results) }
        guard let page = TessResultIteratorGetPageIterator(results) else { return [] }
        var lines: [RecognizedLine] = []
        var words: [RecognizedWord] = []
        var lineBox = Rect(x: 0, y: 0, width: 0, height: 0)
        var lineConfidence: Float = 0
        func finishLine() {
            if !words.isEmpty { lines.append(RecognizedLine(box: lineBox, words: words, confidence: lineConfidence)) }
            words = []
        }
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                finishLine()
                lineBox = Self.box(page, RIL_TEXTLINE) ?? lineBox
                lineConfidence = TessResultIteratorConfidence(results, RIL_TEXTLINE)
            }
            guard let box = Self.box(page, RIL_WORD), let raw = TessResultIteratorGetUTF8Text(results, RIL_WORD) else { continue }
            let text = String(cString: raw)
            TessDeleteText(raw)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let confidence = min(max(TessResultIteratorConfidence(results, RIL_WORD), 0), 100)
            words.append(RecognizedWord(text: trimmed, box: box, confidence: confidence))
        } while TessResultIteratorNext(results, RIL_WORD) != 0
        finishLine()
        return lines
    }

    private static func box(_ page: OpaquePointer, _ level: TessPageIteratorLevel) -> Rect? {
        var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
        guard TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { return nil }
        return Rect(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))
    }

    /// Where Tesseract looks for `*.traineddata` unless told otherwise: `$TESSDATA_PREFIX`, else the
    /// folder Debian's libtesseract 5 was built with.
    static var defaultDataPath: String {
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty { return prefix }
        return "/usr/share/tesseract-ocr/5/tessdata"
    }

    /// Throws ``TextRecognitionError/languageDataMissing(language:dataPath:available:)`` unless every
    /// language of `language` ("eng", "eng+deu") has its `.traineddata` file in `dataPath`.
    static func checkInstalled(_ language: String, in dataPath: String = defaultDataPath) throws(TextRecognitionError) {
        let path = folder(dataPath)
        let available = languages(in: path)
        guard !language.isEmpty, language.split(separator: "+").allSatisfy({ available.contains(String($0)) }) else {
            throw .languageDataMissing(language: language, dataPath: path, available: available)
        }
    }

    /// `path` without a trailing slash, as error messages show it.
    private static func folder(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The languages with a `.traineddata` file in `path`, sorted.
    static func languages(in path: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return files.filter { $0.hasSuffix(".traineddata") }.map { String($0.dropLast(".traineddata".count)) }.sorted()
    }
}

/// How Tesseract splits an image into text before reading it. The recognizer gives it single lines it
/// found itself; on whole screens, `automatic` missed the fixture form's labels and `sparse` spent
/// ~0.8 s on layout at 1080p and read fewer words right.
enum PageSegmentation: Sendable {
    /// PSM 3: columns, blocks and paragraphs, as on a printed page.
    case automatic
    /// PSM 11: as much text as possible in no particular order.
    case sparse
    /// PSM 6: one uniform block of text.
    case singleBlock
    /// PSM 7: one line.
    case singleLine

    var mode: TessPageSegMode {
        switch self {
        case .automatic: PSM_AUTO
        case .sparse: PSM_SPARSE_TEXT
        case .singleBlock: PSM_SINGLE_BLOCK
        case .singleLine: PSM_SINGLE_LINE
        }
    }
}
