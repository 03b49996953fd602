public import Imaging
/// Everything that can go wrong in `TextRecognition`. Each case's ``description`` is one line that says
/// what happened, where, and what to do about it.
public enum TextRecognitionError: Error, CustomStringConvertible, Equatable {
    /// Tesseract has no `<language>.traineddata` in `dataPath`; `available` lists the languages it has there.
    case languageDataMissing(language: String, dataPath: String, available: [String])
    /// Tesseract could not start for another reason (a damaged data file, no memory).
    case initializationFailed(language: String, dataPath: String)
    /// Tesseract failed while reading a `width`×`height` image.
    case recognitionFailed(width: Int, height: Int)
    /// A region to read does not lie inside the `imageWidth`×`imageHeight` image.
    case regionOutOfBounds(region: Rect, imageWidth: Int, imageHeight: Int)
    /// A scale factor outside 1...8.
    case invalidScale(Int)
    /// An image or scaled region too large for Tesseract (more than 32767 pixels on a side).
    case imageTooLarge(width: Int, height: Int)

    /// One readable line: what happened, where, and what to do.
    public var description: String {
        switch self {
        case .languageDataMissing(let language, let dataPath, let available):
            let package = "tesseract-ocr-" + String(language.lowercased().map { $0 == "_" ? "-" : $0 })
            let has = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "Tesseract has no '\(language)' language data in \(dataPath) (it has: \(has))"
                + " — install \(package) (apt-get install \(package)), or set TESSDATA_PREFIX to a folder with \(language).traineddata."
        case .initializationFailed(let language, let dataPath):
            return "Tesseract could not load the '\(language)' language data from \(dataPath)"
                + " — the file may be damaged: reinstall it (apt-get install --reinstall tesseract-ocr-\(language.lowercased()))."
        case .recognitionFailed(let width, let height):
            return "Tesseract failed to read the \(width)×\(height) image — check that it is a real screenshot and that memory is not exhausted."
        case .regionOutOfBounds(let region, let imageWidth, let imageHeight):
            return "Region \(region.width)×\(region.height) at (\(region.x), \(region.y)) is outside the \(imageWidth)×\(imageHeight) image"
                + " — keep it inside: x, y ≥ 0, x + width ≤ \(imageWidth), y + height ≤ \(imageHeight)."
        case .invalidScale(let scale):
            return "Cannot read text at scale \(scale) — use a scale from 1 to 8 (2–3 suits small bitmap fonts)."
        case .imageTooLarge(let width, let height):
            return "A \(width)×\(height) image is too large for Tesseract (at most 32767 pixels a side) — pass a region or a smaller scale."
        }
    }
}
